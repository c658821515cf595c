/* group.c: run groups (see group.h). */
#include "group.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text_io.h"

uint32_t ur_group_member_seed(uint32_t base, int k) { return base + (uint32_t)k; }

int ur_group_setup(const ur_run *setup, int k, int group, ur_run *members) {
  for (int i = 0; i < k; i++) {
    ur_run *m = &members[i];
    ur_run_copy_settings(m, setup);
    m->group = group;
    m->member = i;
    m->train.seed = ur_group_member_seed(setup->train.seed, i);
  }
  return 0;
}

/* ---- summary --------------------------------------------------------------- */

int ur_group_member_finished(const ur_run *r) {
  return !strcmp(r->stop, ur_stop_reason_name(UR_STOP_COMPLETED)) ||
         !strcmp(r->stop, ur_stop_reason_name(UR_STOP_EARLY));
}

/* The epoch a member ended in: an epoch whose own figures are not finite
 * is recorded, a batch that diverged is not. */
static int ending_epoch(const ur_run *r) {
  if (r->n_epochs > 0) {
    const ur_run_epoch_stats *e = &r->epochs[r->n_epochs - 1];
    if (!isfinite(e->loss) || !isfinite(e->val_loss)) return r->n_epochs;
  }
  return r->n_epochs + 1;
}

/* "4 of 5 finished; seed 45 diverged at epoch 7, seed 46 stopped at epoch 2" */
static void note_of(const ur_run *const *m, int k, int finished, char *note, size_t len) {
  note[0] = 0;
  if (finished == k) return;
  size_t o = (size_t)snprintf(note, len, "%d of %d finished", finished, k);
  const char *sep = "; ";
  for (int i = 0; i < k && o < len; i++) {
    if (ur_group_member_finished(m[i])) continue;
    const char *what = !strcmp(m[i]->stop, ur_stop_reason_name(UR_STOP_DIVERGED)) ? "diverged"
                       : m[i]->stop[0]                                           ? "stopped"
                                                                                 : "did not run";
    if (m[i]->stop[0])
      o += (size_t)snprintf(note + o, len - o, "%sseed %u %s at epoch %d", sep, m[i]->train.seed, what, ending_epoch(m[i]));
    else
      o += (size_t)snprintf(note + o, len - o, "%sseed %u %s", sep, m[i]->train.seed, what);
    sep = ", ";
  }
}

static double skill(double mse, double baseline) { return isfinite(mse) && baseline > 0 ? 1.0 - mse / baseline : NAN; }

int ur_group_summarise(const ur_run *const *m, int k, ur_group_summary *s) {
  memset(s, 0, sizeof *s);
  s->members = k;
  s->naive_mse = s->linear_mse = NAN;
  double v[UR_GROUP_MAX_MEMBERS], l[UR_GROUP_MAX_MEMBERS], sn[UR_GROUP_MAX_MEMBERS], sl[UR_GROUP_MAX_MEMBERS];
  int n = 0;
  if (k > UR_GROUP_MAX_MEMBERS) k = UR_GROUP_MAX_MEMBERS;
  for (int i = 0; i < k; i++) {
    if (!ur_group_member_finished(m[i])) continue;
    const ur_run *r = m[i];
    s->naive_mse = r->naive_mse;
    s->linear_mse = r->linear_mse;
    v[n] = r->val_mse;
    l[n] = r->val_last_mse;
    sn[n] = skill(r->val_last_mse, r->naive_mse);
    sl[n] = skill(r->val_last_mse, r->linear_mse);
    s->beats_naive += r->val_last_mse < r->naive_mse;
    s->beats_linear += r->val_last_mse < r->linear_mse;
    if (r->n_step_mse > s->horizon) s->horizon = r->n_step_mse;
    n++;
  }
  s->finished = n;
  note_of(m, k, n, s->note, sizeof s->note);
  s->val_mse = ur_stat_of(v, n);
  s->val_last_mse = ur_stat_of(l, n);
  s->skill_naive = ur_stat_of(sn, n);
  s->skill_linear = ur_stat_of(sl, n);
  if (s->horizon > 0) {
    s->step_mse = malloc(sizeof(ur_stat) * (size_t)s->horizon);
    if (!s->step_mse) return -1;
    for (int h = 0; h < s->horizon; h++) {
      double at[UR_GROUP_MAX_MEMBERS];
      int c = 0;
      for (int i = 0; i < k; i++)
        if (ur_group_member_finished(m[i])) at[c++] = h < m[i]->n_step_mse ? m[i]->step_mse[h] : NAN;
      s->step_mse[h] = ur_stat_of(at, c);
    }
  }
  return 0;
}

void ur_group_summary_free(ur_group_summary *s) {
  free(s->step_mse);
  s->step_mse = NULL;
  s->horizon = 0;
}

/* ---- comparing two groups ------------------------------------------------------ */

int ur_group_compare(const ur_run *const *a, int ka, const ur_run *const *b, int kb, ur_group_verdict *v) {
  memset(v, 0, sizeof *v);
  v->p_value = 1.0;
  if (ka < 1 || kb < 1) return ur_text_err(v->text, sizeof v->text, "a group without members");
  const char *na = a[0]->name, *nb = b[0]->name;
  if (!ur_run_data_same(&a[0]->data, &b[0]->data))
    return ur_text_err(v->text, sizeof v->text,
                       "%s and %s were trained on other data or for other forecasts, so their errors do not compare",
                       na, nb);
  for (int i = 0; i < ka; i++) {
    const ur_run *x = a[i], *y = NULL;
    for (int j = 0; j < kb && !y; j++)
      if (b[j]->member == x->member) y = b[j];
    if (!y || !ur_group_member_finished(x) || !ur_group_member_finished(y)) continue;
    v->pairs++;
    if (x->val_last_mse < y->val_last_mse) v->a_wins++;
    else if (y->val_last_mse < x->val_last_mse) v->b_wins++;
    else v->ties++;
  }
  if (v->pairs == 0) return ur_text_err(v->text, sizeof v->text, "%s and %s have no seed that finished in both", na, nb);
  v->p_value = ur_sign_test(v->a_wins, v->b_wins);
  v->verdict = v->p_value >= 0.05 ? UR_VERDICT_NOT_SEPARABLE : v->a_wins > v->b_wins ? UR_VERDICT_A_BETTER : UR_VERDICT_B_BETTER;
  int a_leads = v->a_wins >= v->b_wins;
  const char *lead = a_leads ? na : nb, *other = a_leads ? nb : na;
  int wins = a_leads ? v->a_wins : v->b_wins;
  if (v->verdict == UR_VERDICT_NOT_SEPARABLE)
    snprintf(v->text, sizeof v->text, "%s beats %s in %d of %d seeds: not separable at %d seeds (sign test p = %.2f).",
             lead, other, wins, v->pairs, v->pairs, v->p_value);
  else
    snprintf(v->text, sizeof v->text, "%s beats %s in %d of %d seeds: %s is better (sign test p = %.3f).", lead, other,
             wins, v->pairs, lead, v->p_value);
  return 0;
}

/* ---- groups in a list of runs ---------------------------------------------------- */

int ur_group_of(const ur_run *runs, int n, int i, const ur_run **out, int max) {
  int c = 0, group = runs[i].group;
  if (max < 1) return 0;
  if (group < 0) {
    out[0] = &runs[i];
    return 1;
  }
  for (int j = 0; j < n; j++)
    if (runs[j].group == group && c < max) out[c++] = &runs[j];
  /* member order, whatever order the list holds them in (insertion sort: K ≤ 32) */
  for (int i = 1; i < c; i++)
    for (int j = i; j > 0 && out[j - 1]->member > out[j]->member; j--) {
      const ur_run *t = out[j];
      out[j] = out[j - 1];
      out[j - 1] = t;
    }
  return c;
}

int ur_group_next_id(const ur_run *runs, int n) {
  int id = 0;
  for (int i = 0; i < n; i++)
    if (runs[i].group >= id) id = runs[i].group + 1;
  return id;
}
