/* pool.h: worker threads that run queued jobs, up to N at once.
 *
 * The members of a run group train on it side by side, one thread per
 * member, each member's matrix products on its own thread (OpenBLAS runs
 * single-threaded inside, ur_blas_init).  Jobs start in the order they were
 * submitted; what a job computes must not depend on which thread runs it
 * or when, so results are the same whatever N is (each member owns its
 * model, optimiser and random streams, and reads the shared data only).
 *
 * C11 threads, no GLib: the command line and the workbench share it.
 */
#ifndef UR_POOL_H
#define UR_POOL_H

#define UR_POOL_MAX_JOBS 64

typedef struct ur_pool ur_pool;
typedef void (*ur_job_fn)(void *arg);

/* The number of online cores (at least 1): the default for jobs. */
int ur_pool_default_jobs(void);

/* A pool of up to `jobs` threads (1..UR_POOL_MAX_JOBS), started as work
 * comes; NULL if out of memory. */
ur_pool *ur_pool_new(int jobs);
/* Queues fn(arg).  0, or -1 if out of memory. */
int ur_pool_submit(ur_pool *p, ur_job_fn fn, void *arg);
/* Changes how many jobs may run at once from the next job on. */
void ur_pool_set_jobs(ur_pool *p, int jobs);
/* Blocks until nothing is queued or running. */
void ur_pool_wait(ur_pool *p);
/* Jobs queued but not started, and running. */
void ur_pool_counts(ur_pool *p, int *queued, int *running);
/* Waits for every job, then stops the threads and frees the pool. */
void ur_pool_free(ur_pool *p);

/* Runs fn(0 .. n-1, user) on `jobs` threads and returns when all are done. */
int ur_pool_map(int n, int jobs, void (*fn)(int i, void *user), void *user);

#endif
