/* cmd_train.c: `unroll train --preset NAME ...`: one model under the book's protocol. */
#include "cli.h"
#include "experiment.h"
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

static void print_json(const ur_experiment *e, const ur_experiment_config *c) {
  const ur_preset *p = e->preset;
  printf("{\"preset\": ");
  cli_json_str(stdout, p->name);
  printf(", \"epochs\": %d, \"epochs_run\": %d, \"seed\": %u, \"lr\": %.9g, \"batch\": %d, \"series\": %d",
         c->train.epochs, e->train.epochs_run, c->seed, c->train.optim.lr, c->train.batch_size, c->n_series);
  printf(", \"params\": %zu", e->model ? e->model->n_params : (size_t)0);
  printf(", \"val_mse\": "); cli_json_num(stdout, e->val_mse);
  printf(", \"val_last_step_mse\": "); cli_json_num(stdout, p->last_step ? e->val_last_mse : NAN);
  printf(", \"reported\": "); cli_json_num(stdout, e->reported);
  printf(", \"book_worst\": "); cli_json_num(stdout, p->book_row ? p->book_worst : NAN);
  printf(", \"naive_mse\": "); cli_json_num(stdout, e->naive_mse);
  printf(", \"linear_mse\": "); cli_json_num(stdout, e->linear_mse);
  printf(", \"seconds_per_epoch\": "); cli_json_num(stdout, e->seconds_per_epoch);
  printf(", \"epoch_seconds_with_validation\": "); cli_json_num(stdout, e->epoch_seconds);
  printf(", \"stop\": ");
  cli_json_str(stdout, e->model ? ur_stop_reason_name(e->train.reason) : "baseline");
  printf(", \"history\": [");
  for (int i = 0; i < e->train.epochs_run; i++) {
    printf("%s{\"epoch\": %d, \"loss\": ", i ? ", " : "", i + 1);
    cli_json_num(stdout, e->train.loss[i]);
    printf(", \"val_loss\": "); cli_json_num(stdout, e->train.val_loss[i]);
    printf(", \"val_last_step_mse\": "); cli_json_num(stdout, e->train.val_last_mse[i]);
    printf(", \"seconds\": "); cli_json_num(stdout, e->train.train_seconds[i]);
    printf("}");
  }
  printf("]}\n");
}

int cli_train(int argc, char **argv) {
  const char *preset = NULL, *save = NULL, *opt_name = NULL, *loss_name = NULL;
  cli_run_opts ro = {0};
  cli_csv_opts co = {0};
  float lr = 0, clipnorm = 0, clipvalue = 0;
  int patience = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    int r = cli_run_opt(argc, argv, &i, &ro);
    if (r == 0) r = cli_csv_opt(argc, argv, &i, &co);
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
    if (!strcmp(a, "--preset")) preset = v;
    else if (!strcmp(a, "--save")) save = v;
    else if (!strcmp(a, "--optimizer")) opt_name = v;
    else if (!strcmp(a, "--loss")) loss_name = v;
    else if (!strcmp(a, "--lr") && cli_float(a, v, 0, 10, 1, &lr)) return 2;
    else if (!strcmp(a, "--clipnorm") && cli_float(a, v, 0, 1e6, 1, &clipnorm)) return 2;
    else if (!strcmp(a, "--clipvalue") && cli_float(a, v, 0, 1e6, 1, &clipvalue)) return 2;
    else if (!strcmp(a, "--patience") && cli_int(a, v, 1, 100000, &patience)) return 2;
  }
  if (!preset && co.path) preset = "deep-rnn-dense";
  if (!co.path && (co.column || co.inputs || co.date || co.lookback || co.horizon || co.stride || co.missing)) {
    fprintf(stderr, "unroll train: --column, --inputs, --lookback and the like need --csv FILE\n");
    return 2;
  }
  if (!preset) {
    fprintf(stderr, "unroll train: --preset NAME is required (unroll presets lists them)\n");
    return 2;
  }
  const ur_preset *p = ur_preset_find(preset);
  if (!p) {
    fprintf(stderr, "unroll train: unknown preset \"%s\" (unroll presets lists them)\n", preset);
    return 2;
  }
  ur_experiment_config c;
  ur_experiment_config_default(&c, p);
  if (opt_name) {
    int k = ur_optimizer_from_name(opt_name);
    if (k < 0) {
      fprintf(stderr, "unroll train: unknown optimizer \"%s\" (adam, nadam, rmsprop, sgd)\n", opt_name);
      return 2;
    }
    c.train.optim = ur_optim_default((ur_optimizer_kind)k);
    c.train.optim.lr = p->lr;
  }
  if (loss_name) {
    int k = ur_loss_from_name(loss_name);
    if (k < 0) {
      fprintf(stderr, "unroll train: unknown loss \"%s\" (mse, mae, huber)\n", loss_name);
      return 2;
    }
    c.train.loss = (ur_loss_kind)k;
  }
  if (ro.epochs) c.train.epochs = ro.epochs;
  if (ro.batch) c.train.batch_size = ro.batch;
  if (ro.series) c.n_series = ro.series;
  if (ro.seed_set) c.seed = c.train.seed = (uint32_t)ro.seed;
  if (lr > 0) c.train.optim.lr = lr;
  c.train.optim.clipnorm = clipnorm;
  c.train.optim.clipvalue = clipvalue;
  if (patience) {
    c.train.early_stopping = patience;
    c.train.restore_best = 1;
  }
  train_view view = {{0}, ro.json, ""};
  cli_bar_init(&view.bar);
  if (!ro.json && !co.path) /* (a CSV run says it once the file has been read) */
    printf("%s: %s\n", p->name, p->description);
  ur_experiment e;
  memset(&e, 0, sizeof e);
  char err[256];
  if (co.path) {
    int code;
    if (cli_train_csv(p, &c, &co, ro.json, on_progress, &view, &e, &code) != 0) {
      cli_bar_clear(&view.bar);
      ur_experiment_free(&e);
      return code;
    }
  } else if (ur_experiment_run(p, &c, on_progress, &view, &e, err, sizeof err) != 0) {
    cli_bar_clear(&view.bar);
    fprintf(stderr, "unroll train: %s\n", err);
    ur_experiment_free(&e);
    return 1;
  }
  cli_bar_clear(&view.bar);
  int rc = 0;
  if (e.model && e.train.reason != UR_STOP_COMPLETED)
    fprintf(stderr, "unroll train: %s\n", e.train.message);
  if (e.model && e.train.reason == UR_STOP_DIVERGED) rc = 1;
  if (save) {
    if (!e.model) {
      fprintf(stderr, "unroll train: %s is a baseline with no weights to save\n", p->name);
      rc = 1;
    } else if (ur_model_save(e.model, save, err, sizeof err) != 0) {
      fprintf(stderr, "unroll train: %s\n", err);
      rc = 1;
    }
  }
  if (ro.json) {
    print_json(&e, &c);
  } else {
    printf("validation MSE %.5g", e.val_mse);
    if (p->last_step) printf(", last step %.5g", e.val_last_mse);
    if (co.path) printf("  (in %s's units, squared)", co.column);
    else if (p->book_row) printf("  (book: %s)", p->book_runs);
    printf("\nbaselines on the same windows: naive %.5g, linear %.5g\n", e.naive_mse, e.linear_mse);
    if (e.model) printf("%.3f s an epoch (training), %zu parameters\n", e.seconds_per_epoch, e.model->n_params);
  }
  ur_experiment_free(&e);
  return rc;
}
