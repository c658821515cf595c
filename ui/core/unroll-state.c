/* unroll-state.c: see unroll-state.h. */
#include "unroll-state.h"
#include <glib/gstdio.h>

#define GROUP "workbench"

static GKeyFile *kf;

static char *state_path(void) { return g_build_filename(g_get_user_config_dir(), "unroll", "workbench.ini", NULL); }

/* The file, read on first use (the environment, XDG_CONFIG_HOME in the
 * tests, is read then). */
static GKeyFile *state(void) {
  if (kf) return kf;
  kf = g_key_file_new();
  g_autofree char *path = state_path();
  g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL);
  return kf;
}

static void save(void) {
  g_autofree char *path = state_path(), *dir = g_path_get_dirname(path);
  g_mkdir_with_parents(dir, 0700);
  g_key_file_save_to_file(state(), path, NULL); /* best effort: the value holds for this run anyway */
}

int unroll_state_get_int(const char *key, int def) {
  g_autoptr(GError) e = NULL;
  int v = g_key_file_get_integer(state(), GROUP, key, &e);
  return e ? def : v;
}

void unroll_state_set_int(const char *key, int value) {
  if (unroll_state_get_int(key, value + 1) == value) return;
  g_key_file_set_integer(state(), GROUP, key, value);
  save();
}

double unroll_state_get_double(const char *key, double def) {
  g_autoptr(GError) e = NULL;
  double v = g_key_file_get_double(state(), GROUP, key, &e);
  return e ? def : v;
}

void unroll_state_set_double(const char *key, double value) {
  g_autoptr(GError) e = NULL;
  double old = g_key_file_get_double(state(), GROUP, key, &e);
  if (!e && old == value) return;
  g_key_file_set_double(state(), GROUP, key, value);
  save();
}

gboolean unroll_state_get_bool(const char *key, gboolean def) {
  g_autoptr(GError) e = NULL;
  gboolean v = g_key_file_get_boolean(state(), GROUP, key, &e);
  return e ? def : v;
}

void unroll_state_set_bool(const char *key, gboolean value) {
  g_autoptr(GError) e = NULL;
  gboolean old = g_key_file_get_boolean(state(), GROUP, key, &e);
  if (!e && old == value) return;
  g_key_file_set_boolean(state(), GROUP, key, value);
  save();
}
