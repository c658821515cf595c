/* unroll-run.h: a training run as a GObject, for list models.
 *
 * Wraps one ur_run (engine/run.h), which it owns.  The run's data never
 * changes once wrapped, except its name (::notify::name), so charts and
 * worker threads can read it through a reference without copying.  A
 * member of a group still queued or training is shown by a stand-in: its
 * settings and seed, and where it is (::notify::live), which the trainer's
 * progress moves.
 */
#ifndef UNROLL_RUN_H
#define UNROLL_RUN_H

#include <glib-object.h>
#include "run.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_RUN (unroll_run_get_type())
G_DECLARE_FINAL_TYPE(UnrollRun, unroll_run, UNROLL, RUN, GObject)

/* A deep copy of r; NULL when out of memory. */
UnrollRun *unroll_run_new(const ur_run *r);
/* Takes r's contents (r is left empty, as after ur_run_init). */
UnrollRun *unroll_run_new_take(ur_run *r);

const ur_run *unroll_run_get(UnrollRun *self);
const char *unroll_run_get_name(UnrollRun *self);
/* Takes the name as unroll_run_clean_name leaves it; a blank one is ignored. */
void unroll_run_set_name(UnrollRun *self, const char *name);

typedef enum { UNROLL_RUN_ENDED, UNROLL_RUN_QUEUED, UNROLL_RUN_TRAINING } UnrollRunLive;

/* A stand-in's place: queued, or training (fraction of its batches done);
 * a run that ended is UNROLL_RUN_ENDED (the default). */
void unroll_run_set_live(UnrollRun *self, UnrollRunLive live, double fraction);
UnrollRunLive unroll_run_get_live(UnrollRun *self);
/* In a word or two: "queued", "training 42%", "completed", "early stop",
 * "stopped", "diverged", "failed". */
void unroll_run_state_text(UnrollRun *self, char *buf, size_t len);
/* Whether the run ended in a way its figures should not be read as the
 * model's: stopped by the person, diverged, failed. */
gboolean unroll_run_is_cut_short(UnrollRun *self);

/* A name as a person typed it, made fit for a run (and the project file):
 * control characters become spaces, white space is trimmed from both ends,
 * and it is cut to the engine's 63 bytes on a character boundary.  NULL
 * when nothing is left: an empty or blank name is refused. */
char *unroll_run_clean_name(const char *text);

G_END_DECLS

#endif
