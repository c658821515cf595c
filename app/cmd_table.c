/* cmd_table.c: `unroll table`: every preset under the book's protocol,
 * each a group of training seeds, beside the book's three runs. */
#include "cli.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  cli_bar bar;
  int json, shown, failed;
  int next;           /* the first row not printed yet: rows come out in order */
  char label[96];
} table_view;

static int in_list(const char *list, const char *name) {
  size_t n = strlen(name);
  for (const char *s = list; s && *s;) {
    const char *e = strchr(s, ',');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len == n && !strncmp(s, name, n)) return 1;
    s = e ? e + 1 : NULL;
  }
  return 0;
}

/* The presets named in a comma list, checked: their count, or -1 with a message. */
static int pick_presets(const char *only, const ur_preset **out) {
  int n = 0;
  for (const char *s = only; s && *s;) {
    const char *e = strchr(s, ',');
    char name[64];
    size_t len = e ? (size_t)(e - s) : strlen(s);
    snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), s);
    if (!ur_preset_find(name)) {
      fprintf(stderr, "unroll table: unknown preset \"%s\"\n", name);
      return -1;
    }
    s = e ? e + 1 : s + len;
  }
  for (int i = 0; i < ur_preset_count(); i++)
    if (!only || in_list(only, ur_preset_at(i)->name)) out[n++] = ur_preset_at(i);
  if (n == 0) fprintf(stderr, "unroll table: --presets names no preset\n");
  return n ? n : -1;
}

static void print_row(const cli_group *g, table_view *v) {
  const ur_preset *p = g->preset;
  for (int i = 0; i < g->k; i++)
    if (g->rc[i] != 0) {
      fprintf(stderr, "unroll table: %s, seed %u: %s\n", p->name, g->members[i].train.seed, g->err[i]);
      v->failed++;
      return;
    }
  ur_group_summary s;
  ur_stat rep, spe;
  double secs[UR_GROUP_MAX_MEMBERS];
  if (cli_group_summarise(g, &s, &rep) != 0) {
    fprintf(stderr, "unroll table: %s: out of memory\n", p->name);
    v->failed++;
    return;
  }
  for (int i = 0; i < g->k; i++) secs[i] = g->fig[i].seconds_per_epoch;
  spe = ur_stat_of(secs, g->k);
  /* the median is judged; the naive baselines are exact and must equal the book's four digits */
  int meets = p->book_row ? (p->kind == UR_PRESET_NAIVE ? fabs(rep.median - p->book_worst) < 5e-5
                                                        : rep.median <= p->book_worst)
                          : -1;
  if (v->json) {
    printf("%s\n {\"preset\": ", v->shown ? "," : "");
    cli_json_str(stdout, p->name);
    printf(", \"book_row\": ");
    if (p->book_row) cli_json_str(stdout, p->book_row); else printf("null");
    printf(", \"reported\": "); cli_json_num(stdout, rep.median);
    printf(", \"reported_stat\": "); cli_json_stat(stdout, &rep);
    printf(", \"members\": [");
    for (int i = 0; i < g->k; i++) {
      printf("%s{\"seed\": %u, \"reported\": ", i ? ", " : "", g->members[i].train.seed);
      cli_json_num(stdout, g->fig[i].reported);
      printf(", \"stop\": ");
      cli_json_str(stdout, g->fig[i].trained ? g->members[i].stop : "baseline");
      printf("}");
    }
    printf("], \"note\": ");
    cli_json_str(stdout, s.note);
    printf(", \"last_step\": %s", p->last_step ? "true" : "false");
    printf(", \"book_worst\": "); cli_json_num(stdout, p->book_row ? p->book_worst : NAN);
    printf(", \"meets_book\": %s", meets < 0 ? "null" : meets ? "true" : "false");
    printf(", \"epochs\": %d", g->fig[0].trained ? g->members[0].n_epochs : 0);
    printf(", \"seconds_per_epoch\": "); cli_json_num(stdout, spe.median);
    printf(", \"naive_mse\": "); cli_json_num(stdout, s.naive_mse);
    printf(", \"linear_mse\": "); cli_json_num(stdout, s.linear_mse);
    printf("}");
  } else {
    char secs_text[32] = "–", fig[96];
    if (g->fig[0].trained) snprintf(secs_text, sizeof secs_text, "%.3f", spe.median);
    if (rep.n <= 1 || rep.min == rep.max) snprintf(fig, sizeof fig, "%.5f", rep.median);
    else snprintf(fig, sizeof fig, "%.5f [%.5f–%.5f]", rep.median, rep.min, rep.max);
    printf("| %s | %s | %s%s%s%s | %s | %s | %s |\n", p->book_row ? p->book_row : "–", p->name, fig,
           p->last_step ? " (last step)" : "", s.note[0] ? "; " : "", s.note, p->book_runs ? p->book_runs : "–",
           meets < 0 ? "–" : meets ? "yes" : "**no**", secs_text);
  }
  fflush(stdout);
  v->shown++;
  ur_group_summary_free(&s);
}

static void on_progress(const cli_group *gs, int n, int g, int k, const ur_progress *p, void *user) {
  table_view *v = user;
  int done = 0, total = 0;
  (void)g; (void)k;
  for (int i = 0; i < n; i++) {
    done += gs[i].done;
    total += gs[i].k;
  }
  snprintf(v->label, sizeof v->label, "%d of %d runs done", done, total);
  cli_bar_show(&v->bar, v->label, cli_groups_fraction(gs, n), p->elapsed_seconds);
}

/* Rows in the presets' order, each as soon as it and those above it are done. */
static void on_group_done(const cli_group *gs, int n, int g, void *user) {
  table_view *v = user;
  (void)g;
  cli_bar_clear(&v->bar);
  while (v->next < n && gs[v->next].done == gs[v->next].k) print_row(&gs[v->next++], v);
}

int cli_table(int argc, char **argv) {
  cli_run_opts ro = {0};
  const char *only = NULL;
  int code = cli_preset_command_opts(argc, argv, "table",
                                     "usage: unroll table [--seeds K] [--jobs N] [--epochs N] [--seed BASE] "
                                     "[--data-seed S] [--batch B]\n"
                                     "                    [--series N] [--presets a,b,...] [--json]\n",
                                     &ro, &only);
  if (code >= 0) return code;
  const ur_preset *presets[64];
  int n = pick_presets(only, presets);
  if (n < 0) return 2;
  cli_group *groups = calloc((size_t)n, sizeof *groups);
  if (!groups) {
    fprintf(stderr, "unroll table: out of memory\n");
    return 1;
  }
  table_view view = {{0}, ro.json, 0, 0, 0, ""};
  code = cli_groups_setup(groups, presets, n, &ro, "table") ? 1 : 0;
  if (!code) {
    cli_group_view gv = {on_progress, NULL, on_group_done, &view};
    cli_bar_init(&view.bar);
    if (ro.json) printf("[");
    else {
      printf("| Book row | Preset | Unroll validation MSE, median [min–max] of %d seeds | Book runs A / B / C | "
             "Median meets the book's worst | Seconds an epoch |\n|---|---|---|---|---|---|\n",
             groups[0].members[0].train.repeats);
    }
    fflush(stdout);
    if (cli_groups_train(groups, n, cli_jobs(&ro), &gv) != 0) {
      fprintf(stderr, "unroll table: the threads could not start\n");
      code = 1;
    }
    cli_bar_clear(&view.bar);
    if (ro.json) printf("\n]\n");
    if (view.failed) code = 1;
  }
  for (int i = 0; i < n; i++) cli_group_free(&groups[i]);
  free(groups);
  return code;
}
