/* settings_io.c: see settings_io.h. */
#include "settings_io.h"
#include <stdio.h>
#include <string.h>
#include "text_io.h"

/* A copy of w in word, split at its '=': the value (word is then the key),
 * or NULL with the reason in err. */
static char *copy_kv(const char *w, char *word, size_t len, char *err, size_t errlen) {
  snprintf(word, len, "%s", w);
  char *v = ur_text_kv(word);
  if (!v) ur_text_err(err, errlen, "expected key=value, found \"%.40s\"", w);
  return v;
}

/* "lr: expected ..., found "1e-50" (0 as a single-precision float)"; -1. */
static int bad_value(char *err, size_t errlen, const char *key, const char *what, const char *v) {
  const char *problem = ur_text_float_problem(v);
  return ur_text_err(err, errlen, "%s: expected %s, found \"%.40s\"%s%s%s", key, what, v, problem ? " (" : "",
                     problem ? problem : "", problem ? ")" : "");
}

/* ---- the settings lines ------------------------------------------------------ */

int ur_train_settings_format(const ur_train_config *t, ur_num_style st, char *buf, size_t len) {
  int n = snprintf(buf, len,
                   "optimizer=%s lr=%s momentum=%s nesterov=%d beta1=%s beta2=%s epsilon=%s rho=%s "
                   "clipnorm=%s clipvalue=%s loss=%s epochs=%d batch=%d seed=%u repeats=%d shuffle=%d early_stopping=%d "
                   "restore_best=%d reduce_lr_patience=%d reduce_lr_factor=%s min_lr=%s",
                   ur_optimizer_name(t->optim.kind), ur_text_num(t->optim.lr, st), ur_text_num(t->optim.momentum, st),
                   t->optim.nesterov, ur_text_num(t->optim.beta1, st), ur_text_num(t->optim.beta2, st), ur_text_num(t->optim.epsilon, st),
                   ur_text_num(t->optim.rho, st), ur_text_num(t->optim.clipnorm, st), ur_text_num(t->optim.clipvalue, st),
                   ur_loss_name(t->loss), t->epochs, t->batch_size, (unsigned)t->seed, t->repeats, t->shuffle, t->early_stopping,
                   t->restore_best, t->reduce_lr_patience, ur_text_num(t->reduce_lr_factor, st), ur_text_num(t->min_lr, st));
  return n > 0 && (size_t)n < len ? 0 : -1;
}

int ur_train_settings_parse(char **w, int n, ur_train_config *t, char *err, size_t errlen) {
  /* the optimizer first, wherever it is: it sets the defaults the other keys refine */
  for (int i = 0; i < n; i++)
    if (!strncmp(w[i], "optimizer=", 10)) {
      int o = ur_optimizer_from_name(w[i] + 10);
      if (o < 0) return ur_text_err(err, errlen, "optimizer: expected sgd, adam, nadam or rmsprop, found \"%.40s\"", w[i] + 10);
      t->optim = ur_optim_default((ur_optimizer_kind)o);
    }
  for (int i = 0; i < n; i++) {
    char word[UR_TEXT_MAX_LINE], *k = word, *v = copy_kv(w[i], word, sizeof word, err, errlen);
    int bad = 0;
    const char *what = "";
    if (!v) return -1;
    if (!strcmp(k, "optimizer")) continue;
    if (!strcmp(k, "lr")) bad = ur_text_float(v, 0, 10, 1, &t->optim.lr), what = "a learning rate in (0, 10]";
    else if (!strcmp(k, "momentum")) bad = ur_text_float(v, 0, 0.999999, 0, &t->optim.momentum), what = "a number in [0, 1)";
    else if (!strcmp(k, "nesterov")) bad = ur_text_int(v, 0, 1, &t->optim.nesterov), what = "0 or 1";
    else if (!strcmp(k, "beta1")) bad = ur_text_float(v, 0, 0.999999, 0, &t->optim.beta1), what = "a number in [0, 1)";
    else if (!strcmp(k, "beta2")) bad = ur_text_float(v, 0, 0.999999, 0, &t->optim.beta2), what = "a number in [0, 1)";
    else if (!strcmp(k, "epsilon")) bad = ur_text_float(v, 0, 1, 1, &t->optim.epsilon), what = "a number in (0, 1]";
    else if (!strcmp(k, "rho")) bad = ur_text_float(v, 0, 0.999999, 0, &t->optim.rho), what = "a number in [0, 1)";
    else if (!strcmp(k, "clipnorm")) bad = ur_text_float(v, 0, 1e6, 0, &t->optim.clipnorm), what = "0 (off) or more";
    else if (!strcmp(k, "clipvalue")) bad = ur_text_float(v, 0, 1e6, 0, &t->optim.clipvalue), what = "0 (off) or more";
    else if (!strcmp(k, "loss")) {
      int l = ur_loss_from_name(v);
      bad = l < 0, what = "mse, mae or huber";
      if (!bad) t->loss = (ur_loss_kind)l;
    } else if (!strcmp(k, "epochs")) bad = ur_text_int(v, 1, 100000, &t->epochs), what = "a whole number from 1 to 100000";
    else if (!strcmp(k, "batch")) bad = ur_text_int(v, 1, 1000000, &t->batch_size), what = "a whole number from 1 to 1000000";
    else if (!strcmp(k, "seed")) bad = ur_text_u32(v, &t->seed), what = "a whole number from 0 to 4294967295";
    else if (!strcmp(k, "repeats")) bad = ur_text_int(v, 1, UR_RUN_MAX_MEMBERS, &t->repeats), what = "a whole number from 1 to 32";
    else if (!strcmp(k, "shuffle")) bad = ur_text_int(v, 0, 1, &t->shuffle), what = "0 or 1";
    else if (!strcmp(k, "early_stopping")) bad = ur_text_int(v, 0, 100000, &t->early_stopping), what = "a patience from 0 (off) to 100000";
    else if (!strcmp(k, "restore_best")) bad = ur_text_int(v, 0, 1, &t->restore_best), what = "0 or 1";
    else if (!strcmp(k, "reduce_lr_patience")) bad = ur_text_int(v, 0, 100000, &t->reduce_lr_patience), what = "a patience from 0 (off) to 100000";
    else if (!strcmp(k, "reduce_lr_factor")) bad = ur_text_float(v, 0, 1, 1, &t->reduce_lr_factor), what = "a factor in (0, 1]";
    else if (!strcmp(k, "min_lr")) bad = ur_text_float(v, 0, 10, 0, &t->min_lr), what = "0 or more";
    else return ur_text_err(err, errlen, "unknown training setting \"%.40s\"", k);
    if (bad) return bad_value(err, errlen, k, what, v);
  }
  return 0;
}

int ur_run_data_format(const ur_run_data *d, char *buf, size_t len) {
  int n = snprintf(buf, len, "seed=%u series=%d steps=%d horizon=%d task=%s", (unsigned)d->seed, d->n_series,
                   d->n_steps, d->horizon, ur_task_id(d->task));
  return n > 0 && (size_t)n < len ? 0 : -1;
}

int ur_run_data_parse(char **w, int n, ur_run_data *d, char *err, size_t errlen) {
  for (int i = 0; i < n; i++) {
    char word[UR_TEXT_MAX_LINE], *k = word, *v = copy_kv(w[i], word, sizeof word, err, errlen);
    int bad = 0;
    const char *what = "";
    if (!v) return -1;
    if (!strcmp(k, "seed")) bad = ur_text_u32(v, &d->seed), what = "a whole number from 0 to 4294967295";
    else if (!strcmp(k, "series")) bad = ur_text_int(v, 10, 10000000, &d->n_series), what = "a whole number from 10 to 10000000";
    else if (!strcmp(k, "steps")) bad = ur_text_int(v, 1, 100000, &d->n_steps), what = "a whole number from 1 to 100000";
    else if (!strcmp(k, "horizon")) bad = ur_text_int(v, 1, 1000, &d->horizon), what = "a whole number from 1 to 1000";
    else if (!strcmp(k, "task")) {
      int t = ur_task_from_id(v);
      bad = t < 0, what = "one_step, vector, seq2seq or seq2seq_conv";
      if (!bad) d->task = (ur_task)t;
    } else return ur_text_err(err, errlen, "unknown data setting \"%.40s\"", k);
    if (bad) return ur_text_err(err, errlen, "%s: expected %s, found \"%.40s\"", k, what, v);
  }
  return 0;
}


size_t ur_run_data_values(const ur_run_data *d) {
  if (d->csv.path[0] || d->n_series < 0 || d->n_steps < 0 || d->horizon < 0) return 0;
  size_t targets = ur_shape_size(ur_task_target_shape(d->task, d->n_steps, d->horizon));
  return (size_t)d->n_series * ((size_t)d->n_steps + (size_t)d->horizon + targets);
}

int ur_run_data_check(const ur_run_data *d, char *err, size_t errlen) {
  size_t values = ur_run_data_values(d);
  if (values <= UR_SYNTHETIC_MAX_VALUES) return 0;
  return ur_text_err(err, errlen, "%d series of %d steps and %d ahead (%s) hold %zu values, more than the %zu the "
                     "synthetic data may hold: fewer series or steps", d->n_series, d->n_steps, d->horizon,
                     ur_task_id(d->task), values, UR_SYNTHETIC_MAX_VALUES);
}
