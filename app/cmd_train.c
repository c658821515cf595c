/* cmd_train.c: `unroll train --preset NAME ...`: one model, on the book's
 * series or a user's CSV, through the engine's one execution path. */
#include "cli.h"
#include "model_io.h"
#include "model_origin.h"
#include <stdlib.h>
#include <math.h>
#include <string.h>

static const char usage[] =
    "usage: unroll train --preset NAME [--seeds K] [--jobs N] [--seed BASE] [--data-seed S]\n"
    "                    [--epochs N] [--batch B] [--series N] [--lr X] [--optimizer adam|nadam|rmsprop|sgd]\n"
    "                    [--loss mse|mae|huber] [--clipnorm X] [--clipvalue X] [--patience N]\n"
    "                    [--save FILE] [--json]\n"
    "       unroll train --csv FILE --column NAME [--inputs A,B] [--date COLUMN] [--date-format FMT]\n"
    "                    [--id COLUMN [--id-value V] | --targets A,B] [--lookback N] [--horizon H]\n"
    "                    [--stride S] [--missing interpolate|carry-forward|drop]\n"
    "                    [--transform none|difference|window|log] [--season P|none]\n"
    "                    [--split 0.7,0.2 | --split-dates DATE,DATE] [--preset P] [options above]\n"
    "  --seeds K   train K members (1-32) that differ only in their training seed; print\n"
    "              each as it finishes, then the median [min-max] and skill against the baselines\n"
    "  --jobs N    members trained at once (1-64; default: the online cores)\n"
    "  --seed      the group's base training seed (weights, shuffles, dropout)\n"
    "  --data-seed the synthetic series' seed (default 42, the book's); a CSV has none\n";

typedef struct {
  const char *preset, *save, *optimizer, *loss;
  cli_run_opts run;
  cli_csv_opts csv;
  float lr, clipnorm, clipvalue;
  int patience;
} train_opts;

typedef struct {
  cli_bar bar;
  int json;
  char label[64];
} train_view;

/* The options into o: -1 to go on, or the exit code (help, a bad option). */
static int parse_options(int argc, char **argv, train_opts *o) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    int r = cli_run_opt(argc, argv, &i, &o->run);
    if (r == 0) r = cli_csv_opt(argc, argv, &i, &o->csv);
    if (r < 0) return 2;
    if (r > 0) continue;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage, stdout);
      return 0;
    }
    int known = !strcmp(a, "--preset") || !strcmp(a, "--save") || !strcmp(a, "--lr") || !strcmp(a, "--optimizer") ||
                !strcmp(a, "--loss") || !strcmp(a, "--clipnorm") || !strcmp(a, "--clipvalue") ||
                !strcmp(a, "--patience");
    if (!known) {
      fprintf(stderr, "unroll train: unknown option \"%s\" (see unroll train --help)\n", a);
      return 2;
    }
    if (!(v = cli_value(argc, argv, &i))) return 2;
    if (!strcmp(a, "--preset")) o->preset = v;
    else if (!strcmp(a, "--save")) o->save = v;
    else if (!strcmp(a, "--optimizer")) o->optimizer = v;
    else if (!strcmp(a, "--loss")) o->loss = v;
    else if (!strcmp(a, "--lr") && cli_float(a, v, 0, 10, 1, &o->lr)) return 2;
    else if (!strcmp(a, "--clipnorm") && cli_float(a, v, 0, 1e6, 1, &o->clipnorm)) return 2;
    else if (!strcmp(a, "--clipvalue") && cli_float(a, v, 0, 1e6, 1, &o->clipvalue)) return 2;
    else if (!strcmp(a, "--patience") && cli_int(a, v, 1, 100000, &o->patience)) return 2;
  }
  return -1;
}

/* The training options over the preset's settings: 0, or 2 with a message. */
static int apply_options(const train_opts *o, const ur_preset *p, ur_run *run) {
  ur_train_config *t = &run->train;
  if (o->optimizer) {
    int k = ur_optimizer_from_name(o->optimizer);
    if (k < 0) {
      fprintf(stderr, "unroll train: unknown optimizer \"%s\" (adam, nadam, rmsprop, sgd)\n", o->optimizer);
      return 2;
    }
    t->optim = ur_optim_default((ur_optimizer_kind)k);
    t->optim.lr = p->lr;
  }
  if (o->loss) {
    int k = ur_loss_from_name(o->loss);
    if (k < 0) {
      fprintf(stderr, "unroll train: unknown loss \"%s\" (mse, mae, huber)\n", o->loss);
      return 2;
    }
    t->loss = (ur_loss_kind)k;
  }
  cli_run_opts_apply(&o->run, run);
  if (o->lr > 0) t->optim.lr = o->lr;
  t->optim.clipnorm = o->clipnorm;
  t->optim.clipvalue = o->clipvalue;
  if (o->patience) {
    t->early_stopping = o->patience;
    t->restore_best = 1;
  }
  return 0;
}

static void print_member_json(const ur_preset *p, const ur_run *run, const ur_book_figures *f) {
  printf("{\"seed\": %u, \"epochs_run\": %d", run->train.seed, run->n_epochs);
  printf(", \"val_mse\": "); cli_json_num(stdout, f->val_mse);
  printf(", \"val_last_step_mse\": "); cli_json_num(stdout, p->last_step ? f->val_last_mse : NAN);
  printf(", \"reported\": "); cli_json_num(stdout, f->reported);
  printf(", \"seconds_per_epoch\": "); cli_json_num(stdout, f->seconds_per_epoch);
  printf(", \"epoch_seconds_with_validation\": "); cli_json_num(stdout, f->epoch_seconds);
  printf(", \"stop\": ");
  cli_json_str(stdout, f->trained ? run->stop : "baseline");
  if (run->warning[0]) {
    printf(", \"warning\": ");
    cli_json_str(stdout, run->warning);
  }
  if (f->trained && !ur_group_member_finished(run)) {
    printf(", \"why\": ");
    cli_json_str(stdout, run->message);
  }
  printf(", \"step_mse\": [");
  for (int i = 0; i < run->n_step_mse; i++) {
    if (i) printf(", ");
    cli_json_num(stdout, run->step_mse[i]);
  }
  printf("], \"history\": [");
  for (int i = 0; i < run->n_epochs; i++) {
    const ur_run_epoch_stats *e = &run->epochs[i];
    printf("%s{\"epoch\": %d, \"loss\": ", i ? ", " : "", i + 1);
    cli_json_num(stdout, e->loss);
    printf(", \"val_loss\": "); cli_json_num(stdout, e->val_loss);
    printf(", \"val_last_step_mse\": "); cli_json_num(stdout, e->val_last_mse);
    printf(", \"seconds\": "); cli_json_num(stdout, e->train_seconds);
    printf("}");
  }
  printf("]}");
}

static void print_summary_json(const ur_group_summary *s) {
  printf("{\"members\": %d, \"finished\": %d, \"note\": ", s->members, s->finished);
  cli_json_str(stdout, s->note);
  printf(", \"val_mse\": "); cli_json_stat(stdout, &s->val_mse);
  printf(", \"val_last_step_mse\": "); cli_json_stat(stdout, &s->val_last_mse);
  printf(", \"skill_naive\": "); cli_json_stat(stdout, &s->skill_naive);
  printf(", \"skill_linear\": "); cli_json_stat(stdout, &s->skill_linear);
  printf(", \"beats_naive\": %d, \"beats_linear\": %d, \"step_mse\": [", s->beats_naive, s->beats_linear);
  for (int h = 0; h < s->horizon; h++) {
    if (h) printf(", ");
    cli_json_stat(stdout, &s->step_mse[h]);
  }
  printf("]}");
}

/* A CSV run's data: the source, its series' step and season, the spans'
 * rows and windows, the transform, the test span's figures and whether the
 * losses in the history are in units. */
static void print_csv_json(const cli_group *g) {
  const ur_run *run = &g->members[0];
  const ur_series *s = &g->prep.series;
  const ur_series_config *c = &run->data.csv.cfg;
  long rows[3] = {0, 0, 0};
  for (int i = 0; i < s->n_parts; i++) {
    rows[0] += s->parts[i].train_end;
    rows[1] += s->parts[i].valid_end - s->parts[i].train_end;
    rows[2] += s->parts[i].rows - s->parts[i].valid_end;
  }
  printf(", \"csv\": ");
  cli_json_str(stdout, run->data.csv.path);
  printf(", \"target\": ");
  cli_json_str(stdout, run->data.csv.target);
  printf(", \"series_count\": %d, \"step\": ", s->n_parts);
  cli_json_str(stdout, s->has_time ? s->step.words : "rows");
  printf(", \"season\": %d, \"transform\": \"%s\", \"lookback\": %d, \"horizon\": %d, \"gaps\": %ld, \"notes\": ",
         s->season, ur_transform_name(c->transform), c->lookback, c->horizon, s->n_gaps);
  cli_json_str(stdout, s->notes);
  static const char *span[3] = {"train", "valid", "test"};
  printf(", \"spans\": {");
  for (int k = 0; k < 3; k++)
    printf("%s\"%s\": {\"rows\": %ld, \"windows\": %ld}", k ? ", " : "", span[k], rows[k], s->win.n[k]);
  double t[UR_GROUP_MAX_MEMBERS], tl[UR_GROUP_MAX_MEMBERS];
  for (int i = 0; i < g->k; i++) t[i] = g->members[i].test_mse, tl[i] = g->members[i].test_last_mse;
  ur_stat ts = ur_stat_of(t, g->k), tls = ur_stat_of(tl, g->k);
  printf("}, \"test_mse\": ");
  cli_json_stat(stdout, &ts);
  printf(", \"test_last_step_mse\": ");
  cli_json_stat(stdout, &tls);
  printf(", \"test_naive_mse\": ");
  cli_json_num(stdout, g->prep.test_naive_mse);
  printf(", \"test_linear_mse\": ");
  cli_json_num(stdout, g->prep.test_linear_mse);
  printf(", \"test_snaive_mse\": ");
  cli_json_num(stdout, g->prep.test_snaive_mse);
  printf(", \"holt_winters_mse\": ");
  cli_json_num(stdout, g->prep.hw_mse);
  printf(", \"test_holt_winters_mse\": ");
  cli_json_num(stdout, g->prep.test_hw_mse);
  printf(", \"loss_units\": \"%s\"", run->loss_in_units ? "the series' units" : "the model's transformed values");
}

/* One object: the settings, the group's medians where one figure was
 * reported before (val_mse, reported, ...), every member, the summary. */
static void print_json(const cli_group *g, int jobs, const ur_group_summary *s, const ur_stat *rep) {
  const ur_preset *p = g->preset;
  const ur_run *run = &g->members[0];
  const ur_book_figures *f = &g->fig[0];
  double spe[UR_GROUP_MAX_MEMBERS];
  for (int i = 0; i < g->k; i++) spe[i] = g->fig[i].seconds_per_epoch;
  ur_stat seconds = ur_stat_of(spe, g->k);
  int csv = run->data.csv.path[0] != 0;
  printf("{\"preset\": ");
  cli_json_str(stdout, p->name);
  printf(", \"epochs\": %d, \"seeds\": %d, \"jobs\": %d, \"seed\": %u, \"lr\": %.9g, \"batch\": %d", run->train.epochs,
         g->k, jobs, run->train.seed, run->train.optim.lr, run->train.batch_size);
  if (csv) print_csv_json(g);
  else printf(", \"data_seed\": %u, \"series\": %d", run->data.seed, run->data.n_series); /* the book's data */
  printf(", \"params\": %zu", f->trained ? ur_run_param_count(run) : (size_t)0);
  printf(", \"val_mse\": "); cli_json_num(stdout, s->val_mse.median);
  printf(", \"val_last_step_mse\": "); cli_json_num(stdout, p->last_step ? s->val_last_mse.median : NAN);
  printf(", \"reported\": "); cli_json_num(stdout, rep->median);
  if (!csv) {
    printf(", \"book_worst\": ");
    cli_json_num(stdout, p->book_row ? p->book_worst : NAN);
  }
  printf(", \"naive_mse\": "); cli_json_num(stdout, s->naive_mse);
  printf(", \"linear_mse\": "); cli_json_num(stdout, s->linear_mse);
  printf(", \"snaive_mse\": "); cli_json_num(stdout, run->snaive_mse);
  printf(", \"seconds_per_epoch\": "); cli_json_num(stdout, seconds.median);
  printf(", \"stop\": ");
  cli_json_str(stdout, !f->trained ? "baseline" : s->finished == s->members ? run->stop : s->note);
  printf(", \"members\": [");
  for (int i = 0; i < g->k; i++) {
    if (i) printf(", ");
    print_member_json(p, &g->members[i], &g->fig[i]);
  }
  printf("], \"summary\": ");
  print_summary_json(s);
  printf("}\n");
}

static void print_text(const cli_group *g, const train_opts *o, const ur_group_summary *s, const ur_stat *rep) {
  const ur_preset *p = g->preset;
  char a[96], b[96];
  cli_stat_text(p->last_step ? &s->val_mse : rep, 5, a, sizeof a);
  printf("validation MSE %s", a);
  if (p->last_step) {
    cli_stat_text(rep, 5, b, sizeof b);
    printf(", last step %s", b);
  }
  if (g->k > 1) printf(" (median [min–max] of %d seeds)", s->finished);
  const ur_run *r0 = &g->members[0];
  if (o->csv.path && g->prep.series.n_parts > 1) printf("  (in the series' units, squared)");
  else if (o->csv.path) printf("  (in %s's units, squared)", r0->data.csv.target);
  else if (p->book_row) printf("  (book: %s)", p->book_runs);
  printf("\nbaselines on the same windows: naive %.5g, linear %.5g", s->naive_mse, s->linear_mse);
  if (!isnan(r0->snaive_mse)) printf(", seasonal naive %.5g", r0->snaive_mse);
  if (!isnan(r0->hw_mse)) printf(", Holt-Winters %.5g", r0->hw_mse);
  printf("\n");
  if (!g->fig[0].trained) return;
  if (o->csv.path) {
    double t[UR_GROUP_MAX_MEMBERS];
    for (int i = 0; i < g->k; i++) t[i] = g->members[i].test_last_mse;
    ur_stat ts = ur_stat_of(t, g->k);
    if (ts.n > 0) {
      cli_stat_text(&ts, 5, a, sizeof a);
      printf("test span, last step: %s (measured once, after training; never used to choose)\n", a);
    }
  }
  for (int i = 0; i < g->k; i++)
    if (g->members[i].warning[0]) printf("warning: seed %u: %s\n", g->members[i].train.seed, g->members[i].warning);
  cli_stat_text(&s->skill_naive, 2, a, sizeof a);
  cli_stat_text(&s->skill_linear, 2, b, sizeof b);
  printf("skill (1 - MSE / baseline's, last step): %s against naive, beats it in %d of %d; %s against linear, beats it "
         "in %d of %d\n", a, s->beats_naive, s->finished, b, s->beats_linear, s->finished);
  if (s->note[0]) printf("%s\n", s->note);
  double spe[UR_GROUP_MAX_MEMBERS];
  for (int i = 0; i < g->k; i++) spe[i] = g->fig[i].seconds_per_epoch;
  printf("%.3f s an epoch (training, median), %zu parameters\n", ur_stat_of(spe, g->k).median,
         ur_run_param_count(&g->members[0]));
}

/* The member with the lowest validation loss among those that finished (0 if none). */
static int best_member(const cli_group *g) {
  int best = 0;
  for (int i = 1; i < g->k; i++)
    if (ur_group_member_finished(&g->members[i]) &&
        (!ur_group_member_finished(&g->members[best]) || g->fig[i].reported < g->fig[best].reported))
      best = i;
  return best;
}

/* A model saved with what it was trained on: a CSV's source and scales,
 * so that `unroll forecast --model` can read a file as it did. */
static int save_model(const cli_group *g, const ur_model *m, const char *path, char *err, size_t errlen) {
  const ur_run *r = &g->members[0];
  char *origin = r->data.csv.path[0] ? ur_model_origin_format(&r->data.csv, &g->prep.series) : NULL;
  if (r->data.csv.path[0] && !origin) return snprintf(err, errlen, "out of memory"), -1;
  int rc = ur_model_save_with(m, origin, path, err, errlen);
  free(origin);
  return rc;
}

/* How the group ended, and a model saved if asked: the exit code. */
static int finish(const cli_group *g, const train_opts *o, int jobs) {
  int rc = 0, diverged = 0;
  char err[512];
  ur_group_summary s;
  ur_stat rep;
  for (int i = 0; i < g->k; i++) {
    const ur_run *run = &g->members[i];
    if (g->rc[i] != 0) {
      fprintf(stderr, "unroll train: seed %u: %s\n", run->train.seed, g->err[i]);
      rc = 1;
    } else if (g->fig[i].trained && strcmp(run->stop, ur_stop_reason_name(UR_STOP_COMPLETED))) {
      if (g->k > 1) fprintf(stderr, "unroll train: seed %u: %s\n", run->train.seed, run->message);
      else fprintf(stderr, "unroll train: %s\n", run->message);
      if (!strcmp(run->stop, ur_stop_reason_name(UR_STOP_DIVERGED)) && g->k == 1) diverged = 1;
    }
  }
  if (rc) return rc;
  if (cli_group_summarise(g, &s, &rep) != 0) {
    fprintf(stderr, "unroll train: out of memory\n");
    return 1;
  }
  if (g->k > 1 && s.finished == 0) rc = 1; /* every member diverged or stopped */
  /* A lone run that diverged fails, but still says what it kept (the best
   * weights or the start) and how far above the naive forecast they are;
   * nothing is saved from it. */
  if (diverged) {
    rc = 1;
    if (o->save) fprintf(stderr, "unroll train: the run diverged: no model saved to %s\n", o->save);
  } else if (o->save) {
    int b = best_member(g);
    ur_model *m = g->fig[b].trained ? ur_run_model(&g->members[b], err, sizeof err) : NULL;
    if (!g->fig[b].trained) {
      fprintf(stderr, "unroll train: %s is a baseline with no weights to save\n", g->preset->name);
      rc = 1;
    } else if (!m || save_model(g, m, o->save, err, sizeof err) != 0) {
      fprintf(stderr, "unroll train: %s\n", err);
      rc = 1;
    } else if (g->k > 1) {
      fprintf(o->run.json ? stderr : stdout, "saved the model of seed %u, the lowest validation MSE of the %d\n",
              g->members[b].train.seed, g->k);
    }
    ur_model_free(m);
  }
  if (o->run.json) print_json(g, jobs, &s, &rep);
  else print_text(g, o, &s, &rep);
  ur_group_summary_free(&s);
  return rc;
}

/* ---- progress ---------------------------------------------------------------- */

/* One member: every epoch on its own line, as Keras prints them. */
static void show_epoch(const ur_progress *p, int json) {
  FILE *out = json ? stderr : stdout;
  fprintf(out, "epoch %3d/%d  loss %.6f  val_loss %.6f", p->epoch + 1, p->epochs, p->loss, p->val_loss);
  if (p->val.last_mse != p->val.mse) fprintf(out, "  val_last_step_mse %.6f", p->val.last_mse);
  fprintf(out, "  %.2fs\n", p->epoch_seconds);
  fflush(out);
}

static void on_progress(const cli_group *gs, int n, int g, int k, const ur_progress *p, void *user) {
  train_view *v = user;
  (void)k;
  if (p->kind == UR_PROGRESS_EPOCH && gs[g].k == 1) {
    cli_bar_clear(&v->bar);
    show_epoch(p, v->json);
    return;
  }
  if (gs[g].k == 1) snprintf(v->label, sizeof v->label, "epoch %d/%d", p->epoch + 1, p->epochs);
  else snprintf(v->label, sizeof v->label, "%d seeds, %d done", gs[g].k, gs[g].done);
  cli_bar_show(&v->bar, v->label, cli_groups_fraction(gs, n), p->elapsed_seconds);
}

/* Several members: a line for each as it ends. */
static void on_member_done(const cli_group *gs, int n, int g, int k, void *user) {
  train_view *v = user;
  const cli_group *G = &gs[g];
  const ur_run *r = &G->members[k];
  (void)n;
  if (G->k == 1) return;
  cli_bar_clear(&v->bar);
  FILE *out = v->json ? stderr : stdout;
  if (G->rc[k] != 0) fprintf(out, "seed %u: %s\n", r->train.seed, G->err[k]);
  else {
    fprintf(out, "seed %u: validation MSE %.5g", r->train.seed, G->fig[k].val_mse);
    if (G->preset->last_step) fprintf(out, ", last step %.5g", G->fig[k].val_last_mse);
    fprintf(out, ", %s after %d epoch%s, %.3f s an epoch\n", r->stop, r->n_epochs, r->n_epochs == 1 ? "" : "s",
            G->fig[k].seconds_per_epoch);
  }
  fflush(out);
}

int cli_train(int argc, char **argv) {
  train_opts o;
  memset(&o, 0, sizeof o);
  int code = parse_options(argc, argv, &o);
  if (code >= 0) return code;
  if (!o.preset && o.csv.path) o.preset = "deep-rnn-dense";
  const cli_csv_opts *c = &o.csv;
  if (!c->path && (c->column || c->inputs || c->date || c->lookback || c->horizon || c->stride || c->missing ||
                   c->date_format || c->transform || c->season_set || c->id || c->id_value || c->targets ||
                   c->split_dates || c->train_frac > 0)) {
    fprintf(stderr, "unroll train: --column, --inputs, --lookback and the like need --csv FILE\n");
    return 2;
  }
  if (c->path && (o.run.series || o.run.data_seed_set)) {
    fprintf(stderr, "unroll train: --%s sets the chapter's synthetic series; with --csv the file is the data\n",
            o.run.series ? "series" : "data-seed");
    return 2;
  }
  if (!o.preset) {
    fprintf(stderr, "unroll train: --preset NAME is required (unroll presets lists them)\n");
    return 2;
  }
  const ur_preset *p = ur_preset_find(o.preset);
  if (!p) {
    fprintf(stderr, "unroll train: unknown preset \"%s\" (unroll presets lists them)\n", o.preset);
    return 2;
  }
  ur_run setup;
  ur_csv csv;
  cli_group g;
  char err[512];
  memset(&csv, 0, sizeof csv);
  memset(&g, 0, sizeof g);
  ur_run_init(&setup);
  if (o.csv.path) code = cli_csv_setup(p, &o.csv, o.run.json, &csv, &setup);
  else if (ur_book_setup(p, NULL, &setup, err, sizeof err) != 0) {
    fprintf(stderr, "unroll train: %s\n", err);
    code = 1;
  }
  if (code < 0) code = apply_options(&o, p, &setup) ? 2 : -1;
  if (code < 0 && cli_group_setup(&g, p, &setup, setup.train.repeats, o.csv.path ? &csv : NULL, err, sizeof err) != 0) {
    fprintf(stderr, "unroll train: %s\n", err);
    code = 1;
  }
  ur_csv_free(&csv); /* the series holds what training needs: the table's memory goes back now */
  if (code < 0) {
    train_view view = {{0}, o.run.json, ""};
    cli_group_view gv = {on_progress, on_member_done, NULL, &view};
    int jobs = cli_jobs(&o.run);
    cli_bar_init(&view.bar);
    if (!o.run.json && !o.csv.path) printf("%s: %s\n", p->name, p->description);
    if (g.k > 1 && !o.run.json) printf("%d training seeds from %u, %d at a time\n", g.k, setup.train.seed, jobs);
    if (cli_groups_train(&g, 1, jobs, &gv) != 0) {
      fprintf(stderr, "unroll train: the threads could not start\n");
      code = 1;
    } else {
      cli_bar_clear(&view.bar);
      if (o.csv.path) cli_csv_windows(&setup, o.run.json, &g.prep);
      code = finish(&g, &o, jobs);
    }
  }
  cli_group_free(&g);
  ur_csv_free(&csv);
  ur_run_clear(&setup);
  return code;
}
