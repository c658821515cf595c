/* cmd_train.c: `unroll train --preset NAME ...`: one model, on the book's
 * series or a user's CSV, through the engine's one execution path. */
#include "cli.h"
#include "model_io.h"
#include <math.h>
#include <string.h>

static const char usage[] =
    "usage: unroll train --preset NAME [--epochs N] [--seed S] [--lr X] [--batch B] [--series N]\n"
    "                    [--optimizer adam|nadam|rmsprop|sgd] [--loss mse|mae|huber] [--clipnorm X]\n"
    "                    [--clipvalue X] [--patience N] [--save FILE] [--json]\n"
    "       unroll train --csv FILE --column NAME [--inputs A,B] [--date COLUMN] [--lookback N]\n"
    "                    [--horizon H] [--stride S] [--missing interpolate|carry-forward|drop]\n"
    "                    [--split 0.7,0.2 | --split-dates DATE,DATE] [--preset P] [options above]\n";

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

static int on_progress(const ur_progress *p, void *user) {
  train_view *v = user;
  if (p->kind == UR_PROGRESS_BATCH) {
    double done = ur_progress_fraction(p);
    snprintf(v->label, sizeof v->label, "epoch %d/%d", p->epoch + 1, p->epochs);
    cli_bar_show(&v->bar, v->label, done, p->elapsed_seconds);
    return 0;
  }
  cli_bar_clear(&v->bar);
  FILE *out = v->json ? stderr : stdout;
  fprintf(out, "epoch %3d/%d  loss %.6f  val_loss %.6f", p->epoch + 1, p->epochs, p->loss, p->val_loss);
  if (p->val.last_mse != p->val.mse) fprintf(out, "  val_last_step_mse %.6f", p->val.last_mse);
  fprintf(out, "  %.2fs\n", p->epoch_seconds);
  fflush(out);
  return 0;
}

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

static void print_json(const ur_preset *p, const ur_run *run, const ur_book_figures *f) {
  printf("{\"preset\": ");
  cli_json_str(stdout, p->name);
  printf(", \"epochs\": %d, \"epochs_run\": %d, \"seed\": %u, \"lr\": %.9g, \"batch\": %d, \"series\": %d",
         run->train.epochs, run->n_epochs, run->data.seed, run->train.optim.lr, run->train.batch_size,
         run->data.n_series);
  printf(", \"params\": %zu", f->trained ? ur_run_param_count(run) : (size_t)0);
  printf(", \"val_mse\": "); cli_json_num(stdout, f->val_mse);
  printf(", \"val_last_step_mse\": "); cli_json_num(stdout, p->last_step ? f->val_last_mse : NAN);
  printf(", \"reported\": "); cli_json_num(stdout, f->reported);
  printf(", \"book_worst\": "); cli_json_num(stdout, p->book_row ? p->book_worst : NAN);
  printf(", \"naive_mse\": "); cli_json_num(stdout, f->naive_mse);
  printf(", \"linear_mse\": "); cli_json_num(stdout, f->linear_mse);
  printf(", \"seconds_per_epoch\": "); cli_json_num(stdout, f->seconds_per_epoch);
  printf(", \"epoch_seconds_with_validation\": "); cli_json_num(stdout, f->epoch_seconds);
  printf(", \"stop\": ");
  cli_json_str(stdout, f->trained ? run->stop : "baseline");
  printf(", \"history\": [");
  for (int i = 0; i < run->n_epochs; i++) {
    const ur_run_epoch_stats *e = &run->epochs[i];
    printf("%s{\"epoch\": %d, \"loss\": ", i ? ", " : "", i + 1);
    cli_json_num(stdout, e->loss);
    printf(", \"val_loss\": "); cli_json_num(stdout, e->val_loss);
    printf(", \"val_last_step_mse\": "); cli_json_num(stdout, e->val_last_mse);
    printf(", \"seconds\": "); cli_json_num(stdout, e->train_seconds);
    printf("}");
  }
  printf("]}\n");
}

static void print_text(const ur_preset *p, const train_opts *o, const ur_run *run, const ur_book_figures *f) {
  printf("validation MSE %.5g", f->val_mse);
  if (p->last_step) printf(", last step %.5g", f->val_last_mse);
  if (o->csv.path) printf("  (in %s's units, squared)", o->csv.column);
  else if (p->book_row) printf("  (book: %s)", p->book_runs);
  printf("\nbaselines on the same windows: naive %.5g, linear %.5g\n", f->naive_mse, f->linear_mse);
  if (f->trained) printf("%.3f s an epoch (training), %zu parameters\n", f->seconds_per_epoch, ur_run_param_count(run));
}

/* How the run ended, and its weights saved if asked: the exit code. */
static int finish(const ur_preset *p, const train_opts *o, const ur_run *run, const ur_book_figures *f) {
  int rc = 0;
  char err[512];
  if (f->trained && strcmp(run->stop, ur_stop_reason_name(UR_STOP_COMPLETED)))
    fprintf(stderr, "unroll train: %s\n", run->message);
  if (f->trained && !strcmp(run->stop, ur_stop_reason_name(UR_STOP_DIVERGED))) rc = 1;
  if (o->save) {
    ur_model *m = f->trained ? ur_run_model(run, err, sizeof err) : NULL;
    if (!f->trained) {
      fprintf(stderr, "unroll train: %s is a baseline with no weights to save\n", p->name);
      rc = 1;
    } else if (!m || ur_model_save(m, o->save, err, sizeof err) != 0) {
      fprintf(stderr, "unroll train: %s\n", err);
      rc = 1;
    }
    ur_model_free(m);
  }
  if (o->run.json) print_json(p, run, f);
  else print_text(p, o, run, f);
  return rc;
}

int cli_train(int argc, char **argv) {
  train_opts o;
  memset(&o, 0, sizeof o);
  int code = parse_options(argc, argv, &o);
  if (code >= 0) return code;
  if (!o.preset && o.csv.path) o.preset = "deep-rnn-dense";
  if (!o.csv.path && (o.csv.column || o.csv.inputs || o.csv.date || o.csv.lookback || o.csv.horizon || o.csv.stride ||
                      o.csv.missing)) {
    fprintf(stderr, "unroll train: --column, --inputs, --lookback and the like need --csv FILE\n");
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
  ur_run run;
  ur_csv csv;
  ur_prepared prep;
  ur_book_figures fig;
  char err[512];
  ur_run_init(&run);
  memset(&csv, 0, sizeof csv);
  if (o.csv.path) code = cli_csv_setup(p, &o.csv, o.run.json, &csv, &run);
  else if (ur_book_setup(p, NULL, &run, err, sizeof err) != 0) {
    fprintf(stderr, "unroll train: %s\n", err);
    code = 1;
  }
  if (code < 0) code = apply_options(&o, p, &run) ? 2 : -1;
  if (code < 0) {
    train_view view = {{0}, o.run.json, ""};
    cli_bar_init(&view.bar);
    if (!o.run.json && !o.csv.path) printf("%s: %s\n", p->name, p->description);
    if (ur_prepare(&prep, &run, o.csv.path ? &csv : NULL, err, sizeof err) != 0) code = 1;
    else {
      if (ur_book_execute(p, &run, &prep, on_progress, &view, &fig, err, sizeof err) != 0) code = 1;
      cli_bar_clear(&view.bar);
      if (code < 0 && o.csv.path) cli_csv_windows(&run, o.run.json, &prep);
      ur_prepared_free(&prep);
    }
    if (code == 1) fprintf(stderr, "unroll train: %s\n", err);
    else code = finish(p, &o, &run, &fig);
  }
  ur_csv_free(&csv);
  ur_run_clear(&run);
  return code;
}
