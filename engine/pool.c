/* pool.c: see pool.h.
 *
 * One mutex guards a FIFO of jobs; idle workers wait on `work`, and
 * ur_pool_wait on `idle`.  A worker is started whenever a job is queued
 * and fewer than `jobs` threads exist; workers never exit before the pool
 * is freed, so a pool's threads are at most the largest `jobs` it had.
 * `limit` caps how many of them run a job at once.
 */
#include "pool.h"
#include <stdlib.h>
#include <threads.h>
#include <unistd.h>

typedef struct job {
  ur_job_fn fn;
  void *arg;
  struct job *next;
} job;

struct ur_pool {
  mtx_t lock;
  cnd_t work, idle;
  job *head, *tail;
  int queued, running, limit, stopping;
  int n_threads;
  thrd_t threads[UR_POOL_MAX_JOBS];
};

int ur_pool_default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > UR_POOL_MAX_JOBS ? UR_POOL_MAX_JOBS : (int)n;
}

static int clamp_jobs(int jobs) { return jobs < 1 ? 1 : jobs > UR_POOL_MAX_JOBS ? UR_POOL_MAX_JOBS : jobs; }

static int worker(void *arg) {
  ur_pool *p = arg;
  mtx_lock(&p->lock);
  for (;;) {
    /* a job and a free slot, or nothing left when stopping */
    while (p->head ? p->running >= p->limit : !p->stopping) cnd_wait(&p->work, &p->lock);
    if (!p->head) break;
    job *j = p->head;
    p->head = j->next;
    if (!p->head) p->tail = NULL;
    p->queued--;
    p->running++;
    mtx_unlock(&p->lock);
    j->fn(j->arg);
    free(j);
    mtx_lock(&p->lock);
    p->running--;
    cnd_broadcast(&p->work); /* a slot is free */
    if (!p->head && !p->running) cnd_broadcast(&p->idle);
  }
  mtx_unlock(&p->lock);
  return 0;
}

ur_pool *ur_pool_new(int jobs) {
  ur_pool *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  if (mtx_init(&p->lock, mtx_plain) != thrd_success) {
    free(p);
    return NULL;
  }
  cnd_init(&p->work);
  cnd_init(&p->idle);
  p->limit = clamp_jobs(jobs);
  return p;
}

int ur_pool_submit(ur_pool *p, ur_job_fn fn, void *arg) {
  job *j = malloc(sizeof *j);
  if (!j) return -1;
  *j = (job){fn, arg, NULL};
  mtx_lock(&p->lock);
  if (p->tail) p->tail->next = j;
  else p->head = j;
  p->tail = j;
  p->queued++;
  /* a thread per job that may run now, up to the limit */
  if (p->n_threads < p->limit && p->n_threads < p->queued + p->running &&
      thrd_create(&p->threads[p->n_threads], worker, p) == thrd_success)
    p->n_threads++;
  if (p->n_threads == 0) {
    /* no thread could ever start, so every earlier job ran here too and
     * this one is alone in the queue: run it here rather than never */
    p->head = p->tail = NULL;
    p->queued--;
    mtx_unlock(&p->lock);
    fn(arg);
    free(j);
    return 0;
  }
  cnd_broadcast(&p->work);
  mtx_unlock(&p->lock);
  return 0;
}

void ur_pool_set_jobs(ur_pool *p, int jobs) {
  mtx_lock(&p->lock);
  p->limit = clamp_jobs(jobs);
  while (p->n_threads < p->limit && p->n_threads < p->queued + p->running &&
         thrd_create(&p->threads[p->n_threads], worker, p) == thrd_success)
    p->n_threads++;
  cnd_broadcast(&p->work);
  mtx_unlock(&p->lock);
}

void ur_pool_wait(ur_pool *p) {
  mtx_lock(&p->lock);
  while (p->head || p->running) cnd_wait(&p->idle, &p->lock);
  mtx_unlock(&p->lock);
}

void ur_pool_counts(ur_pool *p, int *queued, int *running) {
  mtx_lock(&p->lock);
  if (queued) *queued = p->queued;
  if (running) *running = p->running;
  mtx_unlock(&p->lock);
}

void ur_pool_free(ur_pool *p) {
  if (!p) return;
  mtx_lock(&p->lock);
  p->stopping = 1;
  cnd_broadcast(&p->work);
  mtx_unlock(&p->lock);
  for (int i = 0; i < p->n_threads; i++) thrd_join(p->threads[i], NULL);
  cnd_destroy(&p->work);
  cnd_destroy(&p->idle);
  mtx_destroy(&p->lock);
  free(p);
}

typedef struct {
  void (*fn)(int, void *);
  void *user;
  int i;
} map_job;

static void run_map_job(void *arg) {
  map_job *m = arg;
  m->fn(m->i, m->user);
}

int ur_pool_map(int n, int jobs, void (*fn)(int i, void *user), void *user) {
  map_job *m = malloc(sizeof *m * (size_t)(n > 0 ? n : 1));
  ur_pool *p = m ? ur_pool_new(jobs) : NULL;
  if (!p) {
    free(m);
    return -1;
  }
  for (int i = 0; i < n; i++) {
    m[i] = (map_job){fn, user, i};
    if (ur_pool_submit(p, run_map_job, &m[i]) != 0) run_map_job(&m[i]);
  }
  ur_pool_free(p); /* waits for every job */
  free(m);
  return 0;
}
