/* unroll-document.c: see unroll-document.h.
 *
 * Undo snapshots hold the project without its runs (the stack and the
 * settings are what a person edits; runs are results, kept across undo) and
 * a revision number, so "modified" is simply revision != saved revision and
 * undoing back to the saved state clears it.
 */
#include "unroll-document.h"
#include "unroll-undo.h"
#include "unroll-run.h"

#define MERGE_US (1200 * 1000) /* a held spin button is one edit */
#define UNDO_LIMIT 500

typedef struct {
  ur_project project; /* runs NULL */
  guint64 revision;
} Snapshot;

struct _UnrollDocument {
  GObject parent_instance;
  ur_project project;
  UnrollAnalysis analysis;
  UnrollUndo *undo;
  GFile *file;
  guint64 revision, saved_revision, next_revision;
  guint64 runs_serial, saved_runs_serial; /* runs are results: they change outside undo */
  guint64 names_serial, saved_names_serial; /* renames: outside undo too, but no new list */
};

G_DEFINE_FINAL_TYPE(UnrollDocument, unroll_document, G_TYPE_OBJECT)
G_DEFINE_QUARK(unroll-document-error-quark, unroll_document_error)

enum { PROP_0, PROP_MODIFIED, PROP_CAN_UNDO, PROP_CAN_REDO, PROP_FILE, N_PROPS };
static GParamSpec *props[N_PROPS];
enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void unroll_document_finalize(GObject *object) {
  UnrollDocument *self = UNROLL_DOCUMENT(object);
  ur_project_clear(&self->project);
  unroll_undo_free(self->undo);
  g_clear_object(&self->file);
  G_OBJECT_CLASS(unroll_document_parent_class)->finalize(object);
}

static void unroll_document_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec) {
  UnrollDocument *self = UNROLL_DOCUMENT(object);
  switch (id) {
  case PROP_MODIFIED: g_value_set_boolean(value, unroll_document_get_modified(self)); break;
  case PROP_CAN_UNDO: g_value_set_boolean(value, unroll_document_can_undo(self)); break;
  case PROP_CAN_REDO: g_value_set_boolean(value, unroll_document_can_redo(self)); break;
  case PROP_FILE: g_value_set_object(value, self->file); break;
  default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void unroll_document_class_init(UnrollDocumentClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  oc->finalize = unroll_document_finalize;
  oc->get_property = unroll_document_get_property;
  props[PROP_MODIFIED] = g_param_spec_boolean("modified", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_CAN_UNDO] = g_param_spec_boolean("can-undo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_CAN_REDO] = g_param_spec_boolean("can-redo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_FILE] = g_param_spec_object("file", NULL, NULL, G_TYPE_FILE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(oc, N_PROPS, props);
  /* ::changed — the project or its analysis changed: redraw from them. */
  signals[CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
}

static void unroll_document_init(UnrollDocument *self) {
  ur_project_init(&self->project);
  self->undo = unroll_undo_new(sizeof(Snapshot), UNDO_LIMIT);
  unroll_analyze(&self->project, &self->analysis);
}

UnrollDocument *unroll_document_new(void) { return g_object_new(UNROLL_TYPE_DOCUMENT, NULL); }

const ur_project *unroll_document_get_project(UnrollDocument *self) { return &self->project; }
const UnrollAnalysis *unroll_document_get_analysis(UnrollDocument *self) { return &self->analysis; }
GFile *unroll_document_get_file(UnrollDocument *self) { return self->file; }
gboolean unroll_document_get_modified(UnrollDocument *self) {
  return self->revision != self->saved_revision || self->runs_serial != self->saved_runs_serial ||
         self->names_serial != self->saved_names_serial;
}
guint64 unroll_document_get_runs_serial(UnrollDocument *self) { return self->runs_serial; }
gboolean unroll_document_can_undo(UnrollDocument *self) { return unroll_undo_can_undo(self->undo); }
gboolean unroll_document_can_redo(UnrollDocument *self) { return unroll_undo_can_redo(self->undo); }

gboolean unroll_document_is_pristine(UnrollDocument *self) {
  return self->file == NULL && self->revision == 0 && !unroll_undo_can_undo(self->undo) && self->project.n_layers == 0;
}

char *unroll_document_dup_title(UnrollDocument *self) {
  if (self->file) return g_file_get_basename(self->file);
  if (self->project.preset[0]) return g_strdup_printf("Untitled (%s)", self->project.preset);
  return g_strdup("Untitled");
}

/* Snapshots and the edit helpers work on copies; a copy without runs is a plain struct. */
void unroll_document_copy_editable(UnrollDocument *self, ur_project *out) {
  *out = self->project;
  out->runs = NULL;
  out->n_runs = 0;
}

static void snapshot_take(UnrollDocument *self, Snapshot *s) {
  memset(s, 0, sizeof *s);
  unroll_document_copy_editable(self, &s->project);
  s->revision = self->revision;
}

/* Puts the editable part of `next` in place, keeping the runs. */
static void replace_state(UnrollDocument *self, const ur_project *next, guint64 revision) {
  ur_run *runs = self->project.runs;
  int n_runs = self->project.n_runs;
  self->project = *next;
  self->project.runs = runs;
  self->project.n_runs = n_runs;
  self->revision = revision;
  unroll_analyze(&self->project, &self->analysis);
}

static void emit_all(UnrollDocument *self) {
  g_signal_emit(self, signals[CHANGED], 0);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_MODIFIED]);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_CAN_UNDO]);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_CAN_REDO]);
}

void unroll_document_edit(UnrollDocument *self, const ur_project *next, const char *merge_key) {
  g_return_if_fail(UNROLL_IS_DOCUMENT(self));
  Snapshot before;
  snapshot_take(self, &before);
  int joined = unroll_undo_push(self->undo, &before, merge_key, g_get_monotonic_time(), MERGE_US);
  /* A joined edit keeps the step's revision: undoing it still restores `before`. */
  replace_state(self, next, joined ? self->revision : ++self->next_revision);
  emit_all(self);
}

void unroll_document_insert_layer(UnrollDocument *self, int pos, const ur_layer_spec *spec) {
  ur_project p;
  unroll_document_copy_editable(self, &p);
  if (p.n_layers >= UR_MAX_LAYERS) return;
  pos = CLAMP(pos, 0, p.n_layers);
  memmove(&p.layers[pos + 1], &p.layers[pos], sizeof p.layers[0] * (size_t)(p.n_layers - pos));
  p.layers[pos] = *spec;
  p.n_layers++;
  unroll_document_edit(self, &p, NULL);
}

void unroll_document_remove_layer(UnrollDocument *self, int index) {
  ur_project p;
  unroll_document_copy_editable(self, &p);
  if (index < 0 || index >= p.n_layers) return;
  memmove(&p.layers[index], &p.layers[index + 1], sizeof p.layers[0] * (size_t)(p.n_layers - index - 1));
  p.n_layers--;
  unroll_document_edit(self, &p, NULL);
}

void unroll_document_move_layer(UnrollDocument *self, int from, int to) {
  ur_project p;
  unroll_document_copy_editable(self, &p);
  if (from < 0 || from >= p.n_layers || to < 0 || to >= p.n_layers || from == to) return;
  ur_layer_spec moved = p.layers[from];
  if (from < to) memmove(&p.layers[from], &p.layers[from + 1], sizeof moved * (size_t)(to - from));
  else memmove(&p.layers[to + 1], &p.layers[to], sizeof moved * (size_t)(from - to));
  p.layers[to] = moved;
  unroll_document_edit(self, &p, NULL);
}

void unroll_document_set_layer(UnrollDocument *self, int index, const ur_layer_spec *spec, const char *merge_key) {
  ur_project p;
  unroll_document_copy_editable(self, &p);
  if (index < 0 || index >= p.n_layers || !memcmp(&p.layers[index], spec, sizeof *spec)) return;
  p.layers[index] = *spec;
  unroll_document_edit(self, &p, merge_key);
}

gboolean unroll_document_apply_fix(UnrollDocument *self) {
  ur_project p;
  unroll_document_copy_editable(self, &p);
  if (unroll_apply_fix(&p, &self->analysis) != 0) return FALSE;
  unroll_document_edit(self, &p, NULL);
  return TRUE;
}

gboolean unroll_document_load_preset(UnrollDocument *self, const char *name) {
  ur_project p;
  unroll_document_copy_editable(self, &p);
  if (ur_project_apply_preset(&p, ur_preset_find(name)) != 0) return FALSE;
  unroll_document_edit(self, &p, NULL);
  return TRUE;
}

static gboolean step(UnrollDocument *self, int redo) {
  Snapshot cur, out;
  snapshot_take(self, &cur);
  if ((redo ? unroll_undo_redo : unroll_undo_undo)(self->undo, &cur, &out) != 0) return FALSE;
  replace_state(self, &out.project, out.revision);
  emit_all(self);
  return TRUE;
}
gboolean unroll_document_undo(UnrollDocument *self) { return step(self, 0); }
gboolean unroll_document_redo(UnrollDocument *self) { return step(self, 1); }

/* ---- runs: results of training, kept across undo, saved with the project */

gboolean unroll_document_add_run(UnrollDocument *self, const ur_run *run) {
  g_return_val_if_fail(UNROLL_IS_DOCUMENT(self), FALSE);
  ur_project *p = &self->project;
  if (p->n_runs >= UR_PROJECT_MAX_RUNS) return FALSE;
  ur_run *runs = g_try_renew(ur_run, p->runs, p->n_runs + 1);
  if (!runs) return FALSE;
  p->runs = runs;
  if (ur_run_copy(&p->runs[p->n_runs], run) != 0) return FALSE;
  p->n_runs++;
  self->runs_serial++;
  emit_all(self);
  return TRUE;
}

void unroll_document_remove_run(UnrollDocument *self, int index) {
  g_return_if_fail(UNROLL_IS_DOCUMENT(self));
  ur_project *p = &self->project;
  if (index < 0 || index >= p->n_runs) return;
  ur_run_clear(&p->runs[index]);
  memmove(&p->runs[index], &p->runs[index + 1], sizeof p->runs[0] * (size_t)(p->n_runs - index - 1));
  p->n_runs--;
  self->runs_serial++;
  emit_all(self);
}

void unroll_document_remove_runs(UnrollDocument *self, const gboolean *which) {
  g_return_if_fail(UNROLL_IS_DOCUMENT(self));
  ur_project *p = &self->project;
  int kept = 0;
  for (int i = 0; i < p->n_runs; i++) {
    if (which[i]) ur_run_clear(&p->runs[i]);
    else p->runs[kept++] = p->runs[i];
  }
  if (kept == p->n_runs) return;
  p->n_runs = kept;
  self->runs_serial++;
  emit_all(self);
}

/* A rename keeps the runs serial: the list renames its row in place, so
 * its selection and the charts' forecasts stay as they are. */
gboolean unroll_document_rename_run(UnrollDocument *self, int index, const char *name) {
  g_return_val_if_fail(UNROLL_IS_DOCUMENT(self), FALSE);
  ur_project *p = &self->project;
  g_autofree char *clean = unroll_run_clean_name(name);
  if (index < 0 || index >= p->n_runs || !clean) return FALSE;
  int group = p->runs[index].group;
  gboolean changed = FALSE;
  for (int i = 0; i < p->n_runs; i++) {
    if (i != index && (group < 0 || p->runs[i].group != group)) continue;
    if (!strcmp(p->runs[i].name, clean)) continue;
    g_strlcpy(p->runs[i].name, clean, sizeof p->runs[i].name);
    changed = TRUE;
  }
  if (!changed) return TRUE;
  self->names_serial++;
  emit_all(self);
  return TRUE;
}

/* The engine reads and writes paths: a GFile that has none (a remote
 * location) is refused in words. */
static char *local_path(GFile *file, GError **error) {
  char *path = g_file_get_path(file);
  if (!path) {
    g_autofree char *name = g_file_get_parse_name(file);
    g_set_error(error, UNROLL_DOCUMENT_ERROR, 0, "%s is not a local file", name);
  }
  return path;
}

gboolean unroll_document_load(UnrollDocument *self, GFile *file, GError **error) {
  char err[512];
  g_autofree char *path = local_path(file, error);
  if (!path) return FALSE;
  ur_project p;
  if (ur_project_load(path, &p, err, sizeof err) != 0) {
    g_set_error(error, UNROLL_DOCUMENT_ERROR, 0, "%s", err);
    return FALSE;
  }
  ur_project_clear(&self->project);
  self->project = p;
  unroll_analyze(&self->project, &self->analysis);
  unroll_undo_clear(self->undo);
  self->revision = self->saved_revision = ++self->next_revision;
  self->saved_runs_serial = ++self->runs_serial;
  self->saved_names_serial = self->names_serial;
  g_set_object(&self->file, file);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_FILE]);
  emit_all(self);
  return TRUE;
}

gboolean unroll_document_save(UnrollDocument *self, GFile *file, GError **error) {
  char err[512];
  g_autofree char *path = local_path(file, error);
  if (!path) return FALSE;
  if (ur_project_save(&self->project, path, err, sizeof err) != 0) {
    g_set_error(error, UNROLL_DOCUMENT_ERROR, 0, "%s", err);
    return FALSE;
  }
  self->saved_revision = self->revision;
  self->saved_runs_serial = self->runs_serial;
  self->saved_names_serial = self->names_serial;
  unroll_undo_break_merge(self->undo); /* the next edit must show as a change */
  if (!self->file || !g_file_equal(self->file, file)) {
    g_set_object(&self->file, file);
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_FILE]);
  }
  emit_all(self);
  return TRUE;
}
