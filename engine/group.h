/* group.h: a run group: K runs of one setup that differ only in their
 * training seed, trained side by side, read as a median and its spread.
 *
 * One training run is a draw: its random weights, shuffles and dropout
 * masks decide a ranking as often as the model does.  A group repeats the
 * run with K training seeds (the data and everything else fixed):
 *
 *   member k's training seed = base + k   (k = 0 .. K-1, mod 2³²)
 *
 * so member 0 is the single run with the base seed, bit for bit.  The
 * members are ordinary runs (run.h) that carry the group's id and their
 * index; a project keeps them in its list of runs, each with its weights
 * and history, and a group is the runs with one id.
 *
 * Groups train through run_exec.h's ur_group_train.  A summary reads the members that finished (completed, or stopped early
 * by their own patience); a member that diverged or was stopped by the
 * user is left out and named ("4 of 5 finished; seed 45 diverged at epoch
 * 7").  Two groups on the same data are compared pair by pair, member k
 * against member k, on the last step's validation MSE, with the sign test
 * of stats.h: a verdict at 5%, or "not separable at K seeds".
 * Pure C, no GLib.
 */
#ifndef UR_GROUP_H
#define UR_GROUP_H

#include <stddef.h>
#include <stdint.h>
#include "run.h"
#include "stats.h"

#define UR_GROUP_MAX_MEMBERS UR_RUN_MAX_MEMBERS

uint32_t ur_group_member_seed(uint32_t base, int k);

/* members[0..k-1] (uninitialised) as copies of setup (its history and
 * results dropped) with group id `group`, their index and seed base + k
 * where base is setup->train.seed.  0, or -1 when out of memory (nothing left). */
int ur_group_setup(const ur_run *setup, int k, int group, ur_run *members);

/* Whether a member's figures enter the summary: completed or stopped early. */
int ur_group_member_finished(const ur_run *r);

typedef struct {
  int members;                  /* K */
  int finished;                 /* those summarised */
  char note[256];               /* "4 of 5 finished; seed 45 diverged at epoch 7", or "" when all finished */
  ur_stat val_mse, val_last_mse;
  ur_stat skill_naive, skill_linear; /* 1 - last-step MSE / the baseline's */
  int beats_naive, beats_linear;     /* finished members under the baseline's MSE */
  double naive_mse, linear_mse;      /* the baselines (the same for every member) */
  int horizon;                       /* steps ahead summarised */
  ur_stat *step_mse;                 /* horizon entries: MSE k steps ahead */
} ur_group_summary;

/* The summary of members[0..k-1].  0, or -1 when out of memory. */
int ur_group_summarise(const ur_run *const *members, int k, ur_group_summary *s);
void ur_group_summary_free(ur_group_summary *s);

typedef enum { UR_VERDICT_NOT_SEPARABLE = 0, UR_VERDICT_A_BETTER = 1, UR_VERDICT_B_BETTER = -1 } ur_verdict_kind;

typedef struct {
  int pairs;             /* members k finished in both groups */
  int a_wins, b_wins, ties; /* lower last-step MSE in the pair */
  double p_value;        /* the sign test's */
  ur_verdict_kind verdict;
  char text[320];        /* "gru beats lstm in 4 of 5 seeds: not separable at 5 seeds." */
} ur_group_verdict;

/* Group a against group b, member k against member k, by name in the
 * text.  0, or -1 with the reason in v->text when they cannot be compared
 * (other data, another task or horizon, no finished pair). */
int ur_group_compare(const ur_run *const *a, int ka, const ur_run *const *b, int kb, ur_group_verdict *v);

/* The members of the group runs[i] belongs to, in member order: their
 * count (≤ max).  A run with no group id (older projects) is a group of
 * one on its own. */
int ur_group_of(const ur_run *runs, int n, int i, const ur_run **out, int max);
/* A group id no run in the list has. */
int ur_group_next_id(const ur_run *runs, int n);

#endif
