/* cmd_compare.c: `unroll compare --presets A,B[,...] --seeds K`: each
 * preset as a group of training seeds, its summary, and for every pair
 * whether one is better than the other beyond the spread of seeds. */
#include "cli.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: unroll compare --presets A,B[,...] [--seeds K] [--jobs N] [--epochs N] [--seed BASE]\n"
    "                      [--data-seed S] [--batch B] [--series N] [--json]\n";

typedef struct {
  cli_bar bar;
  char label[96];
} compare_view;

static void on_progress(const cli_group *gs, int n, int g, int k, const ur_progress *p, void *user) {
  compare_view *v = user;
  (void)g; (void)k;
  snprintf(v->label, sizeof v->label, "%d groups", n);
  cli_bar_show(&v->bar, v->label, cli_groups_fraction(gs, n), p->elapsed_seconds);
}

/* The presets of a comma list, each a trained one: their count, or -1 with a message. */
static int parse_presets(const char *list, const ur_preset **out, int max) {
  int n = 0;
  for (const char *s = list; s && *s;) {
    const char *e = strchr(s, ',');
    char name[64];
    size_t len = e ? (size_t)(e - s) : strlen(s);
    snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), s);
    const ur_preset *p = ur_preset_find(name);
    if (!p) {
      fprintf(stderr, "unroll compare: unknown preset \"%s\" (unroll presets lists them)\n", name);
      return -1;
    }
    if (p->kind == UR_PRESET_NAIVE || p->kind == UR_PRESET_LINEAR_EXACT) {
      fprintf(stderr, "unroll compare: %s is a baseline; every group is compared with both baselines already\n", name);
      return -1;
    }
    if (n == max) {
      fprintf(stderr, "unroll compare: at most %d presets\n", max);
      return -1;
    }
    out[n++] = p;
    s = e ? e + 1 : s + len;
  }
  if (n < 2) {
    fprintf(stderr, "unroll compare: --presets needs at least two presets, e.g. lstm,gru\n");
    return -1;
  }
  return n;
}

static void print_text(const cli_group *gs, int n) {
  printf("| group | seeds | validation MSE | last step | skill vs naive | beats naive | skill vs linear | beats linear |\n"
         "|---|---|---|---|---|---|---|---|\n");
  for (int i = 0; i < n; i++) {
    ur_group_summary s;
    ur_stat rep;
    char v[96], l[96], sn[96], sl[96];
    if (cli_group_summarise(&gs[i], &s, &rep) != 0) continue;
    cli_stat_text(&s.val_mse, 5, v, sizeof v);
    cli_stat_text(&s.val_last_mse, 5, l, sizeof l);
    cli_stat_text(&s.skill_naive, 2, sn, sizeof sn);
    cli_stat_text(&s.skill_linear, 2, sl, sizeof sl);
    printf("| %s | %d | %s | %s | %s | %d of %d | %s | %d of %d |\n", gs[i].preset->name, gs[i].k, v, l, sn,
           s.beats_naive, s.finished, sl, s.beats_linear, s.finished);
    if (s.note[0]) printf("  %s: %s\n", gs[i].preset->name, s.note);
    ur_group_summary_free(&s);
  }
  printf("\n");
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      ur_group_verdict vd;
      cli_groups_compare(&gs[i], &gs[j], &vd);
      printf("%s\n", vd.text);
    }
}

static void print_json(const cli_group *gs, int n) {
  printf("{\"groups\": [");
  for (int i = 0; i < n; i++) {
    ur_group_summary s;
    ur_stat rep;
    if (cli_group_summarise(&gs[i], &s, &rep) != 0) continue;
    printf("%s{\"preset\": ", i ? ", " : "");
    cli_json_str(stdout, gs[i].preset->name);
    printf(", \"seeds\": [");
    for (int k = 0; k < gs[i].k; k++) printf("%s%u", k ? ", " : "", gs[i].members[k].train.seed);
    printf("], \"val_mse\": "); cli_json_stat(stdout, &s.val_mse);
    printf(", \"val_last_step_mse\": "); cli_json_stat(stdout, &s.val_last_mse);
    printf(", \"skill_naive\": "); cli_json_stat(stdout, &s.skill_naive);
    printf(", \"skill_linear\": "); cli_json_stat(stdout, &s.skill_linear);
    printf(", \"beats_naive\": %d, \"beats_linear\": %d, \"finished\": %d, \"note\": ", s.beats_naive, s.beats_linear,
           s.finished);
    cli_json_str(stdout, s.note);
    printf("}");
    ur_group_summary_free(&s);
  }
  printf("], \"pairs\": [");
  int first = 1;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      ur_group_verdict vd;
      int ok = cli_groups_compare(&gs[i], &gs[j], &vd) == 0;
      printf("%s{\"a\": ", first ? "" : ", ");
      first = 0;
      cli_json_str(stdout, gs[i].preset->name);
      printf(", \"b\": ");
      cli_json_str(stdout, gs[j].preset->name);
      printf(", \"comparable\": %s, \"pairs\": %d, \"a_wins\": %d, \"b_wins\": %d, \"ties\": %d, \"p_value\": ",
             ok ? "true" : "false", vd.pairs, vd.a_wins, vd.b_wins, vd.ties);
      cli_json_num(stdout, ok ? vd.p_value : NAN);
      printf(", \"verdict\": \"%s\", \"text\": ", !ok ? "not comparable"
                                                : vd.verdict == UR_VERDICT_A_BETTER ? "a better"
                                                : vd.verdict == UR_VERDICT_B_BETTER ? "b better"
                                                                                    : "not separable");
      cli_json_str(stdout, vd.text);
      printf("}");
    }
  printf("]}\n");
}

int cli_compare(int argc, char **argv) {
  cli_run_opts ro = {0};
  const char *list = NULL;
  int code = cli_preset_command_opts(argc, argv, "compare", usage, &ro, &list);
  if (code >= 0) return code;
  const ur_preset *presets[16];
  if (!list) {
    fprintf(stderr, "unroll compare: --presets A,B is required (unroll presets lists them)\n");
    return 2;
  }
  int n = parse_presets(list, presets, 16);
  if (n < 0) return 2;
  cli_group groups[16];
  memset(groups, 0, sizeof groups);
  code = cli_groups_setup(groups, presets, n, &ro, "compare") ? 1 : 0;
  compare_view view;
  memset(&view, 0, sizeof view);
  cli_bar_init(&view.bar);
  cli_group_view gv = {on_progress, NULL, NULL, &view};
  if (!code && cli_groups_train(groups, n, cli_jobs(&ro), &gv) != 0) {
    fprintf(stderr, "unroll compare: the threads could not start\n");
    code = 1;
  }
  cli_bar_clear(&view.bar);
  for (int i = 0; i < n && !code; i++)
    for (int k = 0; k < groups[i].k; k++)
      if (groups[i].rc[k] != 0) {
        fprintf(stderr, "unroll compare: %s, seed %u: %s\n", presets[i]->name, groups[i].members[k].train.seed,
                groups[i].err[k]);
        code = 1;
      }
  if (!code) {
    if (ro.json) print_json(groups, n);
    else print_text(groups, n);
  }
  for (int i = 0; i < n; i++) cli_group_free(&groups[i]);
  return code;
}
