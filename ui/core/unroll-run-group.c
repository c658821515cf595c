/* unroll-run-group.c: see unroll-run-group.h. */
#include "unroll-run-group.h"
#include <stdio.h>
#include <string.h>

struct _UnrollRunGroup {
  GObject parent_instance;
  int id, key;
  gboolean view;
  GListStore *members;      /* UnrollRun, in member order */
  char label[96];
  ur_group_summary summary;
  gboolean summarised;      /* summary is up to date */
};

G_DEFINE_FINAL_TYPE(UnrollRunGroup, unroll_run_group, G_TYPE_OBJECT)

/* ::changed: a member moved (queued → training → ended) or was renamed:
 * the group's row and label follow. */
enum { SIG_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void update_label(UnrollRunGroup *self) {
  const ur_run *r = unroll_run_group_get_first(self);
  if (!r) self->label[0] = 0;
  else if (self->view) g_snprintf(self->label, sizeof self->label, "%s · seed %u", r->name, r->train.seed);
  else g_strlcpy(self->label, r->name, sizeof self->label);
}

static void on_member_changed(UnrollRunGroup *self) {
  self->summarised = FALSE;
  update_label(self);
  g_signal_emit(self, signals[SIG_CHANGED], 0);
}

static void forget_members(UnrollRunGroup *self) {
  guint n = g_list_model_get_n_items(G_LIST_MODEL(self->members));
  for (guint i = 0; i < n; i++) {
    g_autoptr(UnrollRun) r = g_list_model_get_item(G_LIST_MODEL(self->members), i);
    g_signal_handlers_disconnect_by_data(r, self);
  }
}

static void dispose(GObject *object) {
  UnrollRunGroup *self = UNROLL_RUN_GROUP(object);
  if (self->members) forget_members(self);
  g_clear_object(&self->members);
  G_OBJECT_CLASS(unroll_run_group_parent_class)->dispose(object);
}

static void finalize(GObject *object) {
  ur_group_summary_free(&UNROLL_RUN_GROUP(object)->summary);
  G_OBJECT_CLASS(unroll_run_group_parent_class)->finalize(object);
}

static void unroll_run_group_class_init(UnrollRunGroupClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = dispose;
  G_OBJECT_CLASS(klass)->finalize = finalize;
  signals[SIG_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);
}

static void unroll_run_group_init(UnrollRunGroup *self) { self->members = g_list_store_new(UNROLL_TYPE_RUN); }

UnrollRunGroup *unroll_run_group_new(int id, int key) {
  UnrollRunGroup *self = g_object_new(UNROLL_TYPE_RUN_GROUP, NULL);
  self->id = id;
  self->key = id >= 0 ? id : key;
  return self;
}

UnrollRunGroup *unroll_run_group_new_view(UnrollRun *member) {
  const ur_run *r = unroll_run_get(member);
  UnrollRunGroup *self = unroll_run_group_new(r->group, r->group >= 0 ? r->group : -2);
  self->view = TRUE;
  unroll_run_group_add(self, member);
  return self;
}

int unroll_run_group_get_id(UnrollRunGroup *self) { return self->id; }
int unroll_run_group_get_key(UnrollRunGroup *self) { return self->key; }
gboolean unroll_run_group_is_view(UnrollRunGroup *self) { return self->view; }
GListModel *unroll_run_group_get_members(UnrollRunGroup *self) { return G_LIST_MODEL(self->members); }
guint unroll_run_group_get_size(UnrollRunGroup *self) { return g_list_model_get_n_items(G_LIST_MODEL(self->members)); }
const char *unroll_run_group_get_label(UnrollRunGroup *self) { return self->label; }

/* A borrowed member (the store holds it). */
UnrollRun *unroll_run_group_get_member(UnrollRunGroup *self, guint i) {
  UnrollRun *r = g_list_model_get_item(G_LIST_MODEL(self->members), i);
  if (r) g_object_unref(r);
  return r;
}

const ur_run *unroll_run_group_get_first(UnrollRunGroup *self) {
  UnrollRun *r = unroll_run_group_get_member(self, 0);
  return r ? unroll_run_get(r) : NULL;
}

void unroll_run_group_add(UnrollRunGroup *self, UnrollRun *member) {
  int k = unroll_run_get(member)->member;
  guint n = unroll_run_group_get_size(self), at = n;
  for (guint i = 0; i < n && at == n; i++)
    if (unroll_run_get(unroll_run_group_get_member(self, i))->member > k) at = i;
  g_list_store_insert(self->members, at, member);
  g_signal_connect_swapped(member, "notify::live", G_CALLBACK(on_member_changed), self);
  g_signal_connect_swapped(member, "notify::name", G_CALLBACK(on_member_changed), self);
  self->summarised = FALSE;
  update_label(self);
}

int unroll_run_group_get_runs(UnrollRunGroup *self, const ur_run **out, int max) {
  int n = 0;
  for (guint i = 0; i < unroll_run_group_get_size(self) && n < max; i++) out[n++] = unroll_run_get(unroll_run_group_get_member(self, i));
  return n;
}

guint unroll_run_group_get_n_live(UnrollRunGroup *self) {
  guint n = 0;
  for (guint i = 0; i < unroll_run_group_get_size(self); i++) n += unroll_run_get_live(unroll_run_group_get_member(self, i)) != UNROLL_RUN_ENDED;
  return n;
}

const ur_group_summary *unroll_run_group_get_summary(UnrollRunGroup *self) {
  if (self->summarised) return &self->summary;
  const ur_run *runs[UR_GROUP_MAX_MEMBERS];
  int n = 0;
  /* the members that ended: the stand-ins have no figures yet */
  for (guint i = 0; i < unroll_run_group_get_size(self) && n < UR_GROUP_MAX_MEMBERS; i++) {
    UnrollRun *r = unroll_run_group_get_member(self, i);
    if (unroll_run_get_live(r) == UNROLL_RUN_ENDED) runs[n++] = unroll_run_get(r);
  }
  ur_group_summary_free(&self->summary);
  if (ur_group_summarise(runs, n, &self->summary) != 0) return NULL;
  self->summarised = TRUE;
  return &self->summary;
}

char *unroll_run_group_dup_state(UnrollRunGroup *self) {
  guint n = unroll_run_group_get_size(self), queued = 0, training = 0;
  for (guint i = 0; i < n; i++) {
    UnrollRunLive l = unroll_run_get_live(unroll_run_group_get_member(self, i));
    queued += l == UNROLL_RUN_QUEUED;
    training += l == UNROLL_RUN_TRAINING;
  }
  if (n == 1) {
    char buf[64];
    unroll_run_state_text(unroll_run_group_get_member(self, 0), buf, sizeof buf);
    return g_strdup(buf);
  }
  if (queued || training) {
    guint ended = n - queued - training;
    GString *s = g_string_new(NULL);
    if (training) g_string_append_printf(s, "%u training", training);
    if (queued) g_string_append_printf(s, "%s%u queued", s->len ? " · " : "", queued);
    if (ended) g_string_append_printf(s, " · %u ended", ended);
    return g_string_free(s, FALSE);
  }
  const ur_group_summary *sum = unroll_run_group_get_summary(self);
  if (sum && sum->note[0]) return g_strdup(sum->note);
  return g_strdup_printf("%u completed", n);
}

gboolean unroll_run_group_is_cut_short(UnrollRunGroup *self) {
  for (guint i = 0; i < unroll_run_group_get_size(self); i++)
    if (unroll_run_is_cut_short(unroll_run_group_get_member(self, i))) return TRUE;
  return FALSE;
}

void unroll_run_group_set_name(UnrollRunGroup *self, const char *name) {
  for (guint i = 0; i < unroll_run_group_get_size(self); i++) unroll_run_set_name(unroll_run_group_get_member(self, i), name);
}
