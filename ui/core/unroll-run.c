/* unroll-run.c: see unroll-run.h. */
#include "unroll-run.h"
#include <string.h>

struct _UnrollRun {
  GObject parent_instance;
  ur_run run;
};

G_DEFINE_FINAL_TYPE(UnrollRun, unroll_run, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, N_PROPS };
static GParamSpec *props[N_PROPS];

static void unroll_run_finalize(GObject *object) {
  ur_run_clear(&UNROLL_RUN(object)->run);
  G_OBJECT_CLASS(unroll_run_parent_class)->finalize(object);
}

static void get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec) {
  if (id == PROP_NAME) g_value_set_string(value, UNROLL_RUN(object)->run.name);
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
