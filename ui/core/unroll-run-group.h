/* unroll-run-group.h: a run group (engine/group.h) as the runs list, the
 * charts and the comparison see it.
 *
 * A group is the project's runs with one group id, in member order (a run
 * without an id, from an older project, is a group of one), plus, while it
 * trains, stand-ins for its members not ended yet (unroll-run.h).  Its
 * summary (median, min and max of the figures, skill, how many beat each
 * baseline, the note naming members that diverged or were stopped) reads
 * the members that finished, as ur_group_summarise does.
 *
 * A member selected on its own in the list is shown as a group of one,
 * its "view": the same run, labelled with its seed.
 */
#ifndef UNROLL_RUN_GROUP_H
#define UNROLL_RUN_GROUP_H

#include <gio/gio.h>
#include "group.h"
#include "unroll-run.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_RUN_GROUP (unroll_run_group_get_type())
G_DECLARE_FINAL_TYPE(UnrollRunGroup, unroll_run_group, UNROLL, RUN_GROUP, GObject)

/* An empty group with this id (-1: a run alone); key tells groups apart
 * when id is -1 (the run's place in the project). */
UnrollRunGroup *unroll_run_group_new(int id, int key);
/* A member on its own: a group of one whose label names its seed. */
UnrollRunGroup *unroll_run_group_new_view(UnrollRun *member);

int unroll_run_group_get_id(UnrollRunGroup *self);
/* The group id, or for a run alone a key no group id takes (below -1). */
int unroll_run_group_get_key(UnrollRunGroup *self);
gboolean unroll_run_group_is_view(UnrollRunGroup *self);

/* Adds a member (a reference), keeping member order. */
void unroll_run_group_add(UnrollRunGroup *self, UnrollRun *member);
/* The members, in order (a GListStore of UnrollRun). */
GListModel *unroll_run_group_get_members(UnrollRunGroup *self);
guint unroll_run_group_get_size(UnrollRunGroup *self);
UnrollRun *unroll_run_group_get_member(UnrollRunGroup *self, guint i);
/* Its first member: the name, colour, settings and stack of them all. */
const ur_run *unroll_run_group_get_first(UnrollRunGroup *self);
/* "lstm 2", or for a view "lstm 2 · seed 43". */
const char *unroll_run_group_get_label(UnrollRunGroup *self);
/* The members' runs into out (at most max): their count. */
int unroll_run_group_get_runs(UnrollRunGroup *self, const ur_run **out, int max);
/* Members queued or training. */
guint unroll_run_group_get_n_live(UnrollRunGroup *self);

/* The summary of the finished members (computed once, again after a
 * change); NULL when out of memory. */
const ur_group_summary *unroll_run_group_get_summary(UnrollRunGroup *self);
/* "3 completed", "2 training · 1 queued", "2 of 3 · seed 44 diverged at epoch 7". */
char *unroll_run_group_dup_state(UnrollRunGroup *self);
/* Whether any member ended stopped, diverged or failed. */
gboolean unroll_run_group_is_cut_short(UnrollRunGroup *self);

/* Renames every member (unroll_run_set_name); ::notify::label follows. */
void unroll_run_group_set_name(UnrollRunGroup *self, const char *name);

G_END_DECLS

#endif
