/* csv_dialog_driver.c: see csv_dialog_driver.h. */
#include "csv_dialog_cases.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "project.h"

const char *out_dir, *weather;
char *tmp_dir;
GtkWindow *parent;
const ur_project *dialog_model;
int dialog_passed, dialog_failed;

int dialog_summary(void) {
  printf("%d passed, %d failed\n", dialog_passed, dialog_failed);
  return dialog_failed ? 1 : 0;
}

/* ---- waiting ------------------------------------------------------------ */

gboolean wait_for(Pred pred, gpointer data, double seconds, const char *what) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    if (pred(data)) return TRUE;
    while (g_main_context_iteration(NULL, FALSE)) {}
    g_usleep(2000);
  }
  if (pred(data)) return TRUE;
  CHECK(0, "timed out after %.0f s waiting for %s", seconds, what);
  return FALSE;
}

/* A pause that keeps the main loop running (rendering, workers' results). */
void pump(double seconds) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
  while (g_get_monotonic_time() < end) {
    while (g_main_context_iteration(NULL, FALSE)) {}
    g_usleep(5000);
  }
}

gboolean is_null(gpointer d) { return *(gpointer *)d == NULL; }

/* ---- the dialog's widgets, by name -------------------------------------- */

GtkWidget *find(GtkWidget *w, const char *name) {
  if (!g_strcmp0(gtk_widget_get_name(w), name)) return w;
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *hit = find(c, name);
    if (hit) return hit;
  }
  return NULL;
}

GtkWidget *need(gpointer root, const char *name) {
  GtkWidget *w = find(GTK_WIDGET(root), name);
  CHECK(w != NULL, "no widget named %s", name);
  if (!w) exit(dialog_summary());
  return w;
}

const char *label_text(gpointer root, const char *name) { return gtk_label_get_text(GTK_LABEL(need(root, name))); }
const char *entry_text(gpointer root, const char *name) { return gtk_editable_get_text(GTK_EDITABLE(need(root, name))); }
void set_spin(UnrollCsvImport *dlg, const char *name, double v) {
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(need(dlg, name)), v);
}
gboolean active(UnrollCsvImport *dlg, const char *name) {
  return gtk_check_button_get_active(GTK_CHECK_BUTTON(need(dlg, name)));
}
/* A click on a check or radio button, or a button. */
void click(gpointer root, const char *name) { gtk_widget_activate(need(root, name)); }

/* The drop-down's chosen item, as shown. */
const char *chosen(UnrollCsvImport *dlg, const char *name) {
  GObject *item = gtk_drop_down_get_selected_item(GTK_DROP_DOWN(need(dlg, name)));
  return item ? gtk_string_object_get_string(GTK_STRING_OBJECT(item)) : "";
}

/* The page the dialog shows: "reading", "failed" or "settings". */
const char *page(UnrollCsvImport *dlg) { return gtk_stack_get_visible_child_name(GTK_STACK(need(dlg, "csv-pages"))); }
gboolean not_reading(gpointer d) { return strcmp(page(d), "reading") != 0; }

/* The settings turned into a series: Use comes on (it is off while an edit
 * waits or the series is being made); or they failed: the status line
 * turns red with the engine's reason. */
gboolean use_on(gpointer d) { return gtk_widget_get_sensitive(need(d, "csv-use")); }
gboolean refused(gpointer d) { return gtk_widget_has_css_class(need(d, "csv-status"), "error"); }

/* The settings as the form shows them, against the file's columns. */
void shown_config(UnrollCsvImport *dlg, const ur_csv *csv, ur_series_config *c) {
  ur_series_config_default(c);
  c->target = ur_csv_find(csv, chosen(dlg, "csv-target"));
  c->date = ur_csv_find(csv, chosen(dlg, "csv-date")); /* -1 for "Row order" */
  /* "Each symbol", then "All, each its own series" or one id */
  const char *id = chosen(dlg, "csv-id");
  c->id = g_str_has_prefix(id, "Each ") ? ur_csv_find(csv, id + 5) : -1;
  if (c->id >= 0 && gtk_drop_down_get_selected(GTK_DROP_DOWN(need(dlg, "csv-id-value"))) > 0)
    g_strlcpy(c->id_value, chosen(dlg, "csv-id-value"), sizeof c->id_value);
  c->n_inputs = 0;
  for (int i = 0; i < csv->n_cols; i++) {
    g_autofree char *name = g_strdup_printf("csv-input-%d", i);
    g_autofree char *series = g_strdup_printf("csv-series-%d", i);
    GtkWidget *box = need(dlg, name);
    /* the target's, the date's and the id's boxes are ticked to show their roles */
    if (i != c->target && i != c->date && i != c->id && gtk_check_button_get_active(GTK_CHECK_BUTTON(box)))
      c->inputs[c->n_inputs++] = i;
    if (i != c->target && active(dlg, series)) c->more_targets[c->n_more_targets++] = i;
  }
  g_autofree char *transform = g_ascii_strdown(chosen(dlg, "csv-transform"), -1);
  c->transform = ur_transform_from_name(transform);
  const char *season = chosen(dlg, "csv-season");
  c->season = !strcmp(season, "None") ? -1 : !strcmp(season, "Every")
                                                  ? gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-season-steps")))
                                                  : 0;
  static const char *missing[3] = {"csv-missing-interpolate", "csv-missing-carry-forward", "csv-missing-drop"};
  for (int k = 0; k < 3; k++)
    if (active(dlg, missing[k])) c->missing = (ur_missing_policy)k;
  c->lookback = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-lookback")));
  c->kind = (ur_target_kind)gtk_drop_down_get_selected(GTK_DROP_DOWN(need(dlg, "csv-kind")));
  c->horizon = c->kind == UR_TARGET_ONE_STEP ? 1 : gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-horizon")));
  c->stride = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(need(dlg, "csv-stride")));
  c->train_frac = gtk_spin_button_get_value(GTK_SPIN_BUTTON(need(dlg, "csv-train")));
  c->valid_frac = gtk_spin_button_get_value(GTK_SPIN_BUTTON(need(dlg, "csv-valid")));
  if (active(dlg, "csv-by-dates")) {
    ur_csv_parse_date_like(csv, entry_text(dlg, "csv-valid-from"), strlen(entry_text(dlg, "csv-valid-from")),
                           &c->valid_from);
    ur_csv_parse_date_like(csv, entry_text(dlg, "csv-test-from"), strlen(entry_text(dlg, "csv-test-from")),
                           &c->test_from);
  }
}

/* ---- the result ------------------------------------------------------- */

void on_done(const UnrollCsvChoice *c, gpointer user) {
  Result *r = user;
  r->calls++;
  if (!c) return;
  r->accepted = 1;
  r->cfg = c->config;
  g_strlcpy(r->path, c->path, sizeof r->path);
  g_strlcpy(r->target, c->target_name, sizeof r->target);
  g_strlcpy(r->date, c->date_name ? c->date_name : "", sizeof r->date);
  g_strlcpy(r->input0, c->config.n_inputs ? c->input_names[0] : "", sizeof r->input0);
  r->source = *c->source;
}

void on_destroy(gpointer user) { ((Result *)user)->destroyed++; }
gboolean answered(gpointer user) { return ((Result *)user)->calls > 0; }

UnrollCsvImport *open_dialog(const char *path, Result *r, gpointer *alive) {
  memset(r, 0, sizeof *r);
  UnrollCsvImport *dlg = unroll_csv_import_new(parent, path, dialog_model, on_done, r, on_destroy);
  *alive = dlg;
  g_object_add_weak_pointer(G_OBJECT(dlg), alive);
  return dlg;
}

gboolean open_case(const char *path, ur_csv *csv, Result *r, gpointer *alive, UnrollCsvImport **dlg) {
  *dlg = NULL;
  if (!read_csv(path, NULL, NULL, csv)) return FALSE;
  *dlg = open_dialog(path, r, alive);
  g_autofree char *what = g_strdup_printf("%s to be read", path);
  return wait_for(not_reading, *dlg, 20, what);
}

void close_case(UnrollCsvImport *dlg, gpointer *alive, ur_csv *csv, const char *button) {
  click(dlg, button);
  wait_for(is_null, alive, 5, "the dialog to close");
  ur_csv_free(csv);
}

/* ---- the timeline as rendered ------------------------------------------ */

/* The widget rendered as the window renders it: RGBA bytes (B G R A, as
 * Cairo's ARGB32 in memory), *w × *h; NULL when it has no size. */
guchar *render_widget(GtkWidget *widget, int *w, int *h) {
  *w = gtk_widget_get_width(widget), *h = gtk_widget_get_height(widget);
  if (*w < 1 || *h < 1) return NULL;
  GdkPaintable *p = gtk_widget_paintable_new(widget);
  GtkSnapshot *snap = gtk_snapshot_new();
  gdk_paintable_snapshot(p, snap, *w, *h);
  GskRenderNode *node = gtk_snapshot_free_to_node(snap);
  guchar *px = NULL;
  if (node) {
    GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(widget));
    GdkTexture *tex = gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, *w, *h));
    px = g_malloc((gsize)*w * *h * 4);
    gdk_texture_download(tex, px, (gsize)*w * 4);
    g_object_unref(tex);
    gsk_render_node_unref(node);
  }
  g_object_unref(p);
  return px;
}

void save_png(const guchar *px, int w, int h, const char *name) {
  if (!out_dir) return;
  g_autofree char *path = g_build_filename(out_dir, name, NULL);
  cairo_surface_t *s = cairo_image_surface_create_for_data((guchar *)px, CAIRO_FORMAT_ARGB32, w, h, w * 4);
  cairo_surface_write_to_png(s, path);
  cairo_surface_destroy(s);
}

/* How many pixels of the timeline widget differ from what
 * chart_draw_timeline draws of `want` at its size; -1 when it has no size.  With save, both pictures go to
 * the output folder. */
int timeline_differs(GtkWidget *timeline, const chart_timeline_input *want, int *total, gboolean save) {
  int w, h;
  g_autofree guchar *shown = render_widget(timeline, &w, &h);
  *total = w * h;
  if (!shown) return -1;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create(s);
  chart_draw_timeline(cr, w, h, chart_theme_light(), want, NULL);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  const guchar *drawn = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s), differ = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        if (abs(shown[((size_t)y * w + x) * 4 + c] - drawn[(size_t)y * stride + x * 4 + c]) > 24) {
          differ++;
          break;
        }
  if (save && out_dir) {
    save_png(shown, w, h, "csv-dialog-timeline-shown.png");
    g_autofree char *path = g_build_filename(out_dir, "csv-dialog-timeline-want.png", NULL);
    cairo_surface_write_to_png(s, path);
  }
  cairo_surface_destroy(s);
  return differ;
}

/* The timeline widget shows what chart_draw_timeline draws of `want`: all
 * but one pixel in 2000 the same (Cairo draws both: none differs here). */
void check_timeline_shows(GtkWidget *timeline, const chart_timeline_input *want, const char *what) {
  int total, differ = timeline_differs(timeline, want, &total, FALSE);
  gboolean same = differ >= 0 && differ < total / 2000;
  CHECK(same, "%s: the timeline (%d pixels) differs from the engine's series in %d", what, total, differ);
  if (g_getenv("CSV_DIALOG_VERBOSE")) STEP("%s: %d of %d pixels differ", what, differ, total);
  if (!same) timeline_differs(timeline, want, &total, TRUE);
}

/* The timeline input a made series gives: its target, time and spans. */
static double series_times[1 << 18]; /* the first series' instants, as the timeline takes them */

chart_timeline_input series_timeline(const ur_series *s) {
  for (int i = 0; s->has_time && i < s->n_rows && i < (1 << 18); i++) series_times[i] = ur_series_time(s, 0, i);
  return (chart_timeline_input){s->values, s->n_features, s->has_time ? series_times : NULL, s->n_rows, s->has_time, s->train_end, s->valid_end,
                                {s->train.n, s->valid.n, s->test.n}, s->names[0], NULL};
}

/* The same for series `part` of a file of several: its own rows, spans and
 * windows (counted here from the engine's segments), titled by its column,
 * or its column and id. */
static char part_title[300];

chart_timeline_input part_timeline(const ur_series *s, int part) {
  const ur_series_part *q = &s->parts[part];
  int windows[3] = {0, 0, 0};
  for (int k = 0; k < 3; k++)
    for (int g = 0; g < s->n_segments; g++)
      if (s->segments[g].part == part) windows[k] += (int)s->win.range_count[k][g];
  for (long i = 0; s->has_time && i < q->rows && i < (1 << 18); i++) series_times[i] = ur_series_time(s, part, i);
  if (s->cfg.id >= 0) g_snprintf(part_title, sizeof part_title, "%s · %s", s->names[0], q->name);
  else g_strlcpy(part_title, q->name, sizeof part_title);
  return (chart_timeline_input){s->values + (size_t)q->first * s->n_features, s->n_features,
                                s->has_time ? series_times : NULL, (int)q->rows, s->has_time, (int)q->train_end,
                                (int)q->valid_end, {windows[0], windows[1], windows[2]}, part_title, NULL};
}

/* The engine's series for the settings shown and the model the dialog was
 * given, as training makes it. */
int engine_series(const ur_csv *csv, const char *path, const ur_series_config *cfg, ur_series *s, char *err,
                  size_t errlen) {
  if (!dialog_model || dialog_model->n_layers == 0) return ur_series_make(csv, cfg, NULL, 0, s, err, errlen);
  ur_project m = *dialog_model;
  m.runs = NULL;
  m.n_runs = 0;
  ur_csv_source src;
  if (ur_csv_source_set(&src, path, csv, cfg) != 0 || ur_project_set_csv(&m, &src) != 0) {
    g_strlcpy(err, "the settings do not make a source", errlen);
    return -1;
  }
  return ur_csv_source_make(&src, csv, m.layers, m.n_layers, s, err, errlen);
}

/* Renders the widget as the window does and checks the middle of each span
 * has the span's shade, laid out as chart_draw_timeline lays it out. */
void check_span_shades(GtkWidget *tl, const chart_timeline_input *in) {
  int w, h;
  g_autofree guchar *px = render_widget(tl, &w, &h);
  if (!px) return;
  cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(scratch);
  chart_axes a;
  const chart_theme *t = chart_theme_light();
  chart_draw_timeline(cr, w, h, t, in, &a);
  cairo_destroy(cr);
  cairo_surface_destroy(scratch);
  int bounds[4] = {0, in->train_end, in->valid_end, in->n};
  for (int k = 0; k < 3; k++) {
    int x = (int)((chart_timeline_row_x(&a, in, bounds[k]) + chart_timeline_row_x(&a, in, bounds[k + 1])) / 2);
    chart_rgb c = chart_timeline_span_colour(k);
    double al = chart_timeline_span_alpha(t);
    double want[3] = {1 + (c.r - 1) * al, 1 + (c.g - 1) * al, 1 + (c.b - 1) * al};
    int n = 0, hit = 0;
    for (int y = (int)a.top + 2; y < (int)(a.top + a.height) - 1; y++, n++) {
      const guchar *q = px + ((size_t)y * w + x) * 4;
      hit += fabs(q[2] / 255.0 - want[0]) < 0.04 && fabs(q[1] / 255.0 - want[1]) < 0.04 &&
             fabs(q[0] / 255.0 - want[2]) < 0.04;
    }
    CHECK(n && hit > n * 0.55, "span %d on screen: %d of %d pixels at x=%d have its shade", k, hit, n, x);
  }
  save_png(px, w, h, "csv-dialog-timeline.png");
}

void screenshot(const char *name) {
  if (!out_dir || !g_find_program_in_path("import")) return;
  g_autofree char *path = g_build_filename(out_dir, name, NULL);
  char *argv[] = {"import", "-window", "root", path, NULL};
  int status = 0;
  g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
               NULL);
  STEP("screenshot %s", path);
}

/* The settings shown work: Use comes on, and the status line and the
 * timeline show the engine's series for them; *s (when not NULL) keeps it. */
gboolean settled_on(UnrollCsvImport *dlg, const ur_csv *csv, const char *path, const char *what, ur_series *out) {
  if (!wait_for(use_on, dlg, 20, what)) {
    CHECK(0, "%s: the settings should work: %s", what, label_text(dlg, "csv-status"));
    return FALSE;
  }
  ur_series_config cfg;
  ur_series s;
  char err[512];
  shown_config(dlg, csv, &cfg);
  if (engine_series(csv, path, &cfg, &s, err, sizeof err) != 0) {
    CHECK(0, "%s: the engine refuses the settings the dialog accepts: %s", what, err);
    return FALSE;
  }
  g_autofree char *want =
      g_strdup_printf("%d training, %d validation, %d test windows", s.train.n, s.valid.n, s.test.n);
  CHECK(strstr(label_text(dlg, "csv-status"), want), "%s: the status says “%s”, not “%s”", what,
        label_text(dlg, "csv-status"), want);
  pump(0.1); /* the timeline's next frame */
  guint part = gtk_drop_down_get_selected(GTK_DROP_DOWN(need(dlg, "csv-part")));
  chart_timeline_input in = s.n_parts > 1 || s.cfg.id >= 0 ? part_timeline(&s, part < (guint)s.n_parts ? (int)part : 0)
                                                           : series_timeline(&s);
  check_timeline_shows(need(dlg, "csv-timeline"), &in, what);
  if (out) *out = s;
  else ur_series_free(&s);
  return TRUE;
}

gboolean settled_ok(UnrollCsvImport *dlg, const ur_csv *csv, const char *what, ur_series *out) {
  return settled_on(dlg, csv, weather, what, out);
}

/* The settings shown cannot work: the engine's reason inline, in red, Use
 * off, and the timeline shows the target column without spans. */
void settled_error(UnrollCsvImport *dlg, const ur_csv *csv, const char *what, const char *expect) {
  if (!wait_for(refused, dlg, 20, what)) return;
  const char *status = label_text(dlg, "csv-status");
  CHECK(strstr(status, "These settings do not work") && strstr(status, expect), "%s: expected an error with “%s”, got %s",
        what, expect, status);
  CHECK(!gtk_widget_get_sensitive(need(dlg, "csv-use")), "%s: Use is on with impossible settings", what);
  int col = csv ? ur_csv_find(csv, chosen(dlg, "csv-target")) : -1;
  if (col < 0 || csv->cols[col].type != UR_COL_NUMERIC) return;
  g_autofree float *values = g_new(float, csv->n_rows);
  for (int i = 0; i < csv->n_rows; i++) values[i] = (float)csv->cols[col].values[i];
  chart_timeline_input in = {values, 1, NULL, csv->n_rows, 0, -1, -1, {0, 0, 0}, csv->cols[col].name,
                             "The spans appear when the settings work (see below)."};
  pump(0.1);
  check_timeline_shows(need(dlg, "csv-timeline"), &in, what);
}

char *write_tmp(const char *name, const char *data, gssize len) {
  char *path = g_build_filename(tmp_dir, name, NULL);
  g_file_set_contents(path, data, len, NULL);
  return path;
}

char *data_file(const char *name) {
  g_autofree char *dir = g_path_get_dirname(weather);
  return g_build_filename(dir, name, NULL);
}

gboolean read_csv(const char *path, const char *date_format, const char *date_column, ur_csv *csv) {
  char err[512];
  ur_csv_options opt = {date_format, date_column, NULL, NULL};
  if (ur_csv_read(path, &opt, csv, err, sizeof err) == 0) return TRUE;
  CHECK(0, "the engine cannot read %s: %s", path, err);
  return FALSE;
}

static gboolean fix_hidden(gpointer d) { return !gtk_widget_get_visible(need(d, "csv-fix")); }

void click_fix(UnrollCsvImport *dlg) {
  CHECK(gtk_widget_get_visible(need(dlg, "csv-fix")), "no fix button to click");
  click(dlg, "csv-fix");
  wait_for(fix_hidden, dlg, 5, "the fix to act");
}
