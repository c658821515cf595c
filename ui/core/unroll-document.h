/* unroll-document.h: one open project, its analysis and its undo history.
 *
 * Every edit goes through here: it records an undo snapshot, replaces the
 * project, re-analyses the stack and emits ::changed, so the canvas, the
 * inspector and the settings panel all redraw from one state.
 */
#ifndef UNROLL_DOCUMENT_H
#define UNROLL_DOCUMENT_H

#include <gio/gio.h>
#include "project.h"
#include "unroll-analysis.h"

G_BEGIN_DECLS

#define UNROLL_TYPE_DOCUMENT (unroll_document_get_type())
G_DECLARE_FINAL_TYPE(UnrollDocument, unroll_document, UNROLL, DOCUMENT, GObject)

#define UNROLL_DOCUMENT_ERROR (unroll_document_error_quark())
GQuark unroll_document_error_quark(void);

UnrollDocument *unroll_document_new(void);

const ur_project *unroll_document_get_project(UnrollDocument *self);
const UnrollAnalysis *unroll_document_get_analysis(UnrollDocument *self);
GFile *unroll_document_get_file(UnrollDocument *self);
gboolean unroll_document_get_modified(UnrollDocument *self);
gboolean unroll_document_can_undo(UnrollDocument *self);
gboolean unroll_document_can_redo(UnrollDocument *self);
/* Untitled, never edited: a window showing it can take an opened file. */
gboolean unroll_document_is_pristine(UnrollDocument *self);
/* "wavenet.unroll", or "Untitled" (with the preset's name when there is one). */
char *unroll_document_dup_title(UnrollDocument *self);

/* Edits.  merge_key joins quick repeats of one control into one undo step;
 * the runs are the document's, whatever next holds. */
void unroll_document_edit(UnrollDocument *self, const ur_project *next, const char *merge_key);
/* The project without its runs: a plain struct to change and hand to
 * unroll_document_edit (nothing in it to free). */
void unroll_document_copy_editable(UnrollDocument *self, ur_project *out);
void unroll_document_insert_layer(UnrollDocument *self, int pos, const ur_layer_spec *spec);
void unroll_document_remove_layer(UnrollDocument *self, int index);
/* Moves layer `from` so that it ends at index `to`. */
void unroll_document_move_layer(UnrollDocument *self, int from, int to);
void unroll_document_set_layer(UnrollDocument *self, int index, const ur_layer_spec *spec, const char *merge_key);
gboolean unroll_document_apply_fix(UnrollDocument *self);
gboolean unroll_document_load_preset(UnrollDocument *self, const char *name);
gboolean unroll_document_undo(UnrollDocument *self);
gboolean unroll_document_redo(UnrollDocument *self);

/* Runs (engine/run.h) are results, not edits: adding, removing or renaming
 * one is no undo step, but it makes the project modified and is saved with
 * it.  The serial changes whenever runs come or go (also on load), so a view
 * knows when to rebuild its list; a rename leaves it (the view renames its
 * row in place, from the project's names, on ::changed). */
gboolean unroll_document_add_run(UnrollDocument *self, const ur_run *run);
void unroll_document_remove_run(UnrollDocument *self, int index);
/* Removes the runs whose which[i] is set (n_runs entries), in one change. */
void unroll_document_remove_runs(UnrollDocument *self, const gboolean *which);
/* Renames the run at index and every other member of its group (a group's
 * members share its name).  The name goes through unroll_run_clean_name:
 * FALSE (nothing changes) for an index out of range or a blank name. */
gboolean unroll_document_rename_run(UnrollDocument *self, int index, const char *name);
guint64 unroll_document_get_runs_serial(UnrollDocument *self);

gboolean unroll_document_load(UnrollDocument *self, GFile *file, GError **error);
gboolean unroll_document_save(UnrollDocument *self, GFile *file, GError **error);

G_END_DECLS

#endif
