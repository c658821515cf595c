/* cli_group.c: presets trained as groups of seeds on one pool of threads,
 * for `unroll train`, `unroll table` and `unroll compare`.
 *
 * Every member of every group is one job on one pool, so K = 5 members of
 * 17 presets keep two cores busy to the end rather than waiting for each
 * preset's last member.  The jobs report from their threads under one
 * mutex: a member's progress (for the bar) and its end; a group's end
 * comes from the thread that finishes its last member.
 */
#include "cli.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include "pool.h"

int cli_group_setup(cli_group *g, const ur_preset *p, const ur_run *setup, int k, const ur_csv *csv, char *err,
                    size_t errlen) {
  memset(g, 0, sizeof *g);
  g->preset = p;
  /* a baseline has no seed: one member says it all */
  g->k = p->kind == UR_PRESET_NAIVE || p->kind == UR_PRESET_LINEAR_EXACT ? 1 : k;
  g->members = calloc((size_t)g->k, sizeof *g->members);
  g->fig = calloc((size_t)g->k, sizeof *g->fig);
  g->rc = calloc((size_t)g->k, sizeof *g->rc);
  g->err = calloc((size_t)g->k, sizeof *g->err);
  g->fraction = calloc((size_t)g->k, sizeof *g->fraction);
  if (!g->members || !g->fig || !g->rc || !g->err || !g->fraction) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  ur_group_setup(setup, g->k, 0, g->members);
  if (ur_prepare(&g->prep, setup, csv, err, errlen) != 0) return -1;
  g->prepared = 1;
  return 0;
}

void cli_group_free(cli_group *g) {
  for (int i = 0; g->members && i < g->k; i++) ur_run_clear(&g->members[i]);
  if (g->prepared) ur_prepared_free(&g->prep);
  free(g->members);
  free(g->fig);
  free(g->rc);
  free(g->err);
  free(g->fraction);
  memset(g, 0, sizeof *g);
}

/* ---- training ----------------------------------------------------------- */

typedef struct {
  cli_group *groups;
  int n;
  const cli_group_view *view;
  mtx_t lock;
} pool_ctx;

typedef struct {
  pool_ctx *ctx;
  int g, k;
} member_job;

static int member_progress(const ur_progress *p, void *user) {
  member_job *j = user;
  pool_ctx *c = j->ctx;
  mtx_lock(&c->lock);
  c->groups[j->g].fraction[j->k] = ur_progress_fraction(p);
  if (c->view->progress) c->view->progress(c->groups, c->n, j->g, j->k, p, c->view->user);
  mtx_unlock(&c->lock);
  return 0;
}

static void train_member(void *arg) {
  member_job *j = arg;
  pool_ctx *c = j->ctx;
  cli_group *g = &c->groups[j->g];
  g->rc[j->k] = ur_book_execute(g->preset, &g->members[j->k], &g->prep, member_progress, j, &g->fig[j->k], g->err[j->k],
                                sizeof g->err[j->k]);
  mtx_lock(&c->lock);
  g->fraction[j->k] = 1.0;
  g->done++;
  if (c->view->member_done) c->view->member_done(c->groups, c->n, j->g, j->k, c->view->user);
  if (g->done == g->k && c->view->group_done) c->view->group_done(c->groups, c->n, j->g, c->view->user);
  mtx_unlock(&c->lock);
}

/* A member's work, roughly: epochs × steps × parameters (a product over
 * every step of every weight), for submitting the longest first. */
static double cost(const cli_group *g) {
  const ur_run *r = &g->members[0];
  if (!g->fig || g->preset->kind == UR_PRESET_NAIVE || g->preset->kind == UR_PRESET_LINEAR_EXACT) return 0;
  return (double)r->train.epochs * (r->input.steps > 0 ? r->input.steps : 1) * (double)ur_run_param_count(r);
}

static const cli_group *sort_groups;
static int by_cost(const void *a, const void *b) {
  const member_job *x = a, *y = b;
  double cx = cost(&sort_groups[x->g]), cy = cost(&sort_groups[y->g]);
  return cx > cy ? -1 : cx < cy ? 1 : (x->g - y->g) * 64 + (x->k - y->k);
}

int cli_groups_train(cli_group *groups, int n, int jobs, const cli_group_view *view) {
  int total = 0;
  for (int i = 0; i < n; i++) total += groups[i].k;
  member_job *js = malloc(sizeof *js * (size_t)(total ? total : 1));
  ur_pool *pool = js ? ur_pool_new(jobs) : NULL;
  pool_ctx c;
  c.groups = groups;
  c.n = n;
  c.view = view;
  if (!pool || mtx_init(&c.lock, mtx_plain) != thrd_success) {
    ur_pool_free(pool);
    free(js);
    return -1;
  }
  /* the longest members first, so that the cores finish together (what
   * each member computes does not depend on when it runs) */
  int q = 0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < groups[i].k; k++) js[q++] = (member_job){&c, i, k};
  sort_groups = groups;
  qsort(js, (size_t)q, sizeof *js, by_cost);
  for (int i = 0; i < q; i++)
    if (ur_pool_submit(pool, train_member, &js[i]) != 0) train_member(&js[i]);
  ur_pool_free(pool); /* waits for every member */
  mtx_destroy(&c.lock);
  free(js);
  return 0;
}

double cli_groups_fraction(const cli_group *groups, int n) {
  double done = 0;
  int total = 0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < groups[i].k; k++, total++) done += groups[i].fraction[k];
  return total ? done / total : 1.0;
}

/* ---- reading a group ------------------------------------------------------ */

int cli_group_summarise(const cli_group *g, ur_group_summary *s, ur_stat *reported) {
  const ur_run *m[UR_GROUP_MAX_MEMBERS];
  double rep[UR_GROUP_MAX_MEMBERS];
  int n = 0;
  for (int i = 0; i < g->k; i++) m[i] = &g->members[i];
  if (!g->fig[0].trained) { /* a baseline: its figure, once */
    memset(s, 0, sizeof *s);
    s->members = s->finished = 1;
    s->naive_mse = g->fig[0].naive_mse;
    s->linear_mse = g->fig[0].linear_mse;
    *reported = ur_stat_of(&g->fig[0].reported, g->rc[0] == 0);
    s->val_mse = s->val_last_mse = *reported;
    return 0;
  }
  if (ur_group_summarise(m, g->k, s) != 0) return -1;
  for (int i = 0; i < g->k; i++)
    if (g->rc[i] == 0 && ur_group_member_finished(&g->members[i])) rep[n++] = g->fig[i].reported;
  *reported = ur_stat_of(rep, n);
  /* the book scores iterative runs on their own windows, with the baselines there */
  s->naive_mse = g->fig[0].naive_mse;
  s->linear_mse = g->fig[0].linear_mse;
  return 0;
}

void cli_json_stat(FILE *f, const ur_stat *s) {
  fprintf(f, "{\"n\": %d, \"median\": ", s->n);
  cli_json_num(f, s->median);
  fprintf(f, ", \"min\": ");
  cli_json_num(f, s->min);
  fprintf(f, ", \"max\": ");
  cli_json_num(f, s->max);
  fprintf(f, ", \"mean\": ");
  cli_json_num(f, s->mean);
  fprintf(f, ", \"sd\": ");
  cli_json_num(f, s->sd);
  fprintf(f, "}");
}

void cli_stat_text(const ur_stat *s, int digits, char *buf, size_t len) {
  if (s->n <= 1 || s->min == s->max) snprintf(buf, len, "%.*g", digits, s->median);
  else snprintf(buf, len, "%.*g [%.*g to %.*g]", digits, s->median, digits, s->min, digits, s->max);
}

int cli_groups_setup(cli_group *groups, const ur_preset *const *presets, int n, const cli_run_opts *ro,
                     const char *cmd) {
  for (int i = 0; i < n; i++) {
    ur_run setup;
    char err[512];
    int rc = ur_book_setup(presets[i], NULL, &setup, err, sizeof err);
    if (rc == 0) {
      cli_run_opts_apply(ro, &setup);
      rc = cli_group_setup(&groups[i], presets[i], &setup, setup.train.repeats, NULL, err, sizeof err);
    }
    ur_run_clear(&setup);
    if (rc) {
      fprintf(stderr, "unroll %s: %s: %s\n", cmd, presets[i]->name, err);
      return -1;
    }
  }
  return 0;
}

int cli_groups_compare(const cli_group *a, const cli_group *b, ur_group_verdict *v) {
  const ur_run *ma[UR_GROUP_MAX_MEMBERS], *mb[UR_GROUP_MAX_MEMBERS];
  for (int i = 0; i < a->k; i++) ma[i] = &a->members[i];
  for (int i = 0; i < b->k; i++) mb[i] = &b->members[i];
  return ur_group_compare(ma, a->k, mb, b->k, v);
}

int cli_preset_command_opts(int argc, char **argv, const char *cmd, const char *usage, cli_run_opts *ro,
                            const char **presets) {
  for (int i = 1; i < argc; i++) {
    int r = cli_run_opt(argc, argv, &i, ro);
    if (r < 0) return 2;
    if (r > 0) continue;
    if (!strcmp(argv[i], "--presets")) {
      if (!(*presets = cli_value(argc, argv, &i))) return 2;
      continue;
    }
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(usage, stdout);
      return 0;
    }
    fprintf(stderr, "unroll %s: unknown option \"%s\" (see unroll %s --help)\n", cmd, argv[i], cmd);
    return 2;
  }
  return -1;
}
