/* unroll-run.c: see unroll-run.h. */
#include "unroll-run.h"
#include <string.h>
#include "group.h"

struct _UnrollRun {
  GObject parent_instance;
  ur_run run;
  UnrollRunLive live;
  double fraction;
};

G_DEFINE_FINAL_TYPE(UnrollRun, unroll_run, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, PROP_LIVE, N_PROPS };
static GParamSpec *props[N_PROPS];

static void unroll_run_finalize(GObject *object) {
  ur_run_clear(&UNROLL_RUN(object)->run);
  G_OBJECT_CLASS(unroll_run_parent_class)->finalize(object);
}

static void get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec) {
  if (id == PROP_NAME) g_value_set_string(value, UNROLL_RUN(object)->run.name);
  else if (id == PROP_LIVE) g_value_set_int(value, UNROLL_RUN(object)->live);
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void set_property(GObject *object, guint id, const GValue *value, GParamSpec *pspec) {
  if (id == PROP_NAME) unroll_run_set_name(UNROLL_RUN(object), g_value_get_string(value));
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void unroll_run_class_init(UnrollRunClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  oc->finalize = unroll_run_finalize;
  oc->get_property = get_property;
  oc->set_property = set_property;
  props[PROP_NAME] = g_param_spec_string("name", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                                       G_PARAM_EXPLICIT_NOTIFY);
  /* a stand-in's place (UnrollRunLive): the list redraws its state when it moves */
  props[PROP_LIVE] = g_param_spec_int("live", NULL, NULL, UNROLL_RUN_ENDED, UNROLL_RUN_TRAINING, UNROLL_RUN_ENDED,
                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties(oc, N_PROPS, props);
}

static void unroll_run_init(UnrollRun *self) { ur_run_init(&self->run); }

UnrollRun *unroll_run_new(const ur_run *r) {
  UnrollRun *self = g_object_new(UNROLL_TYPE_RUN, NULL);
  if (ur_run_copy(&self->run, r) != 0) {
    g_object_unref(self);
    return NULL;
  }
  return self;
}

UnrollRun *unroll_run_new_take(ur_run *r) {
  UnrollRun *self = g_object_new(UNROLL_TYPE_RUN, NULL);
  self->run = *r;
  ur_run_init(r);
  return self;
}

const ur_run *unroll_run_get(UnrollRun *self) { return &self->run; }
const char *unroll_run_get_name(UnrollRun *self) { return self->run.name; }

void unroll_run_set_name(UnrollRun *self, const char *name) {
  g_return_if_fail(UNROLL_IS_RUN(self));
  g_autofree char *clean = unroll_run_clean_name(name);
  if (!clean || !strcmp(clean, self->run.name)) return;
  g_strlcpy(self->run.name, clean, sizeof self->run.name);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_NAME]);
}

void unroll_run_set_live(UnrollRun *self, UnrollRunLive live, double fraction) {
  g_return_if_fail(UNROLL_IS_RUN(self));
  /* whole percents: the cell shows no finer, and each notify redraws it */
  if (self->live == live && (int)(self->fraction * 100) == (int)(fraction * 100)) return;
  self->live = live;
  self->fraction = fraction;
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_LIVE]);
}

UnrollRunLive unroll_run_get_live(UnrollRun *self) { return self->live; }

void unroll_run_state_text(UnrollRun *self, char *buf, size_t len) {
  const char *stop = self->run.stop;
  if (self->live == UNROLL_RUN_QUEUED) g_strlcpy(buf, "queued", len);
  else if (self->live == UNROLL_RUN_TRAINING) g_snprintf(buf, len, "training %d%%", (int)(self->fraction * 100));
  else if (!strcmp(stop, ur_stop_reason_name(UR_STOP_COMPLETED))) g_strlcpy(buf, "completed", len);
  else if (!strcmp(stop, ur_stop_reason_name(UR_STOP_EARLY))) g_strlcpy(buf, "early stop", len);
  else if (!strcmp(stop, ur_stop_reason_name(UR_STOP_CANCELLED))) g_strlcpy(buf, "stopped", len);
  else if (!strcmp(stop, ur_stop_reason_name(UR_STOP_DIVERGED))) g_strlcpy(buf, "diverged", len);
  else if (stop[0]) g_strlcpy(buf, "failed", len);
  else g_strlcpy(buf, "–", len);
}

gboolean unroll_run_is_cut_short(UnrollRun *self) {
  return self->live == UNROLL_RUN_ENDED && self->run.stop[0] && !ur_group_member_finished(&self->run);
}

/* Ends valid UTF-8 s after its longest run of whole characters that fits in max bytes. */
static void cut_to_bytes(char *s, size_t max) {
  char *p = s;
  while (*p) {
    char *next = g_utf8_next_char(p);
    if ((size_t)(next - s) > max) break;
    p = next;
  }
  *p = 0;
}

char *unroll_run_clean_name(const char *text) {
  if (!text) return NULL;
  char *s = g_utf8_make_valid(text, -1); /* a name comes from an entry or a file: never trust its bytes */
  for (char *p = s; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' '; /* a pasted tab or newline: one line */
  g_strstrip(s);
  cut_to_bytes(s, sizeof ((ur_run *)NULL)->name - 1);
  g_strchomp(s); /* the cut may end on a space */
  if (!*s) g_clear_pointer(&s, g_free);
  return s;
}
