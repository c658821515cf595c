/* cmd_table.c: `unroll table`: every preset under the book's protocol, beside the book. */
#include "cli.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  cli_bar bar;
  const char *name;
  int index, count;
  char label[80];
} table_view;

static int on_progress(const ur_progress *p, void *user) {
  table_view *v = user;
  double done = ur_progress_fraction(p);
  snprintf(v->label, sizeof v->label, "%d/%d %s, epoch %d/%d", v->index + 1, v->count, v->name, p->epoch + 1,
           p->epochs);
  cli_bar_show(&v->bar, v->label, done, p->elapsed_seconds);
  return 0;
}

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

int cli_table(int argc, char **argv) {
  cli_run_opts ro = {0};
  const char *only = NULL;
  for (int i = 1; i < argc; i++) {
    int r = cli_run_opt(argc, argv, &i, &ro);
    if (r < 0) return 2;
    if (r > 0) continue;
    if (!strcmp(argv[i], "--presets")) {
      if (!(only = cli_value(argc, argv, &i))) return 2;
      continue;
    }
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      puts("usage: unroll table [--epochs N] [--seed S] [--batch B] [--series N] [--presets a,b,...] [--json]");
      return 0;
    }
    fprintf(stderr, "unroll table: unknown option \"%s\"\n", argv[i]);
    return 2;
  }
  if (only)
    for (const char *s = only; *s;) {
      const char *e = strchr(s, ',');
      char name[64];
      size_t len = e ? (size_t)(e - s) : strlen(s);
      snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), s);
      if (!ur_preset_find(name)) {
        fprintf(stderr, "unroll table: unknown preset \"%s\"\n", name);
        return 2;
      }
      s = e ? e + 1 : s + len;
    }
  int count = 0, failed = 0;
  for (int i = 0; i < ur_preset_count(); i++) count += !only || in_list(only, ur_preset_at(i)->name);
  table_view view = {{0}, NULL, 0, count, ""};
  cli_bar_init(&view.bar);
  if (ro.json) printf("[");
  else {
    printf("| Book row | Preset | Unroll validation MSE | Book runs A / B / C | Meets the book's worst | Seconds an epoch |\n");
    printf("|---|---|---|---|---|---|\n");
  }
  fflush(stdout);
  int shown = 0;
  for (int i = 0; i < ur_preset_count(); i++) {
    const ur_preset *p = ur_preset_at(i);
    if (only && !in_list(only, p->name)) continue;
    view.name = p->name;
    view.index = shown;
    ur_run run;
    ur_book_figures e;
    char err[512];
    int rc = ur_book_setup(p, NULL, &run, err, sizeof err);
    if (rc == 0) {
      cli_run_opts_apply(&ro, &run);
      rc = ur_book_run(p, &run, on_progress, &view, &e, err, sizeof err);
    }
    cli_bar_clear(&view.bar);
    if (rc != 0) {
      fprintf(stderr, "unroll table: %s: %s\n", p->name, err);
      failed++;
      ur_run_clear(&run);
      continue;
    }
    /* The naive baselines are exact: they must equal the book's four digits. */
    int meets = p->book_row ? (p->kind == UR_PRESET_NAIVE ? fabs(e.reported - p->book_worst) < 5e-5
                                                          : e.reported <= p->book_worst)
                            : -1;
    if (ro.json) {
      printf("%s\n {\"preset\": ", shown ? "," : "");
      cli_json_str(stdout, p->name);
      printf(", \"book_row\": ");
      if (p->book_row) cli_json_str(stdout, p->book_row); else printf("null");
      printf(", \"reported\": "); cli_json_num(stdout, e.reported);
      printf(", \"last_step\": %s", p->last_step ? "true" : "false");
      printf(", \"book_worst\": "); cli_json_num(stdout, p->book_row ? p->book_worst : NAN);
      printf(", \"meets_book\": %s", meets < 0 ? "null" : meets ? "true" : "false");
      printf(", \"epochs\": %d", e.trained ? run.n_epochs : 0);
      printf(", \"seconds_per_epoch\": "); cli_json_num(stdout, e.seconds_per_epoch);
      printf(", \"naive_mse\": "); cli_json_num(stdout, e.naive_mse);
      printf(", \"linear_mse\": "); cli_json_num(stdout, e.linear_mse);
      printf("}");
    } else {
      char secs[32] = "–";
      if (e.trained) snprintf(secs, sizeof secs, "%.3f", e.seconds_per_epoch);
      printf("| %s | %s | %.5f%s | %s | %s | %s |\n", p->book_row ? p->book_row : "–", p->name, e.reported,
             p->last_step ? " (last step)" : "", p->book_runs ? p->book_runs : "–",
             meets < 0 ? "–" : meets ? "yes" : "**no**", secs);
    }
    fflush(stdout);
    shown++;
    ur_run_clear(&run);
  }
  if (ro.json) printf("\n]\n");
  return failed ? 1 : 0;
}
