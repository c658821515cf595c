/* csv_dialog_driver.h: what the import dialog's test cases share: waiting
 * with a deadline while the main loop runs, the dialog's widgets found by
 * name and driven with the signals a person's clicks and typing give, the
 * settings they show read back as a ur_series_config, the engine's series
 * for them (for the window's model when the dialog was given one), and the
 * timeline rendered as the window renders it, against the picture
 * chart_draw_timeline draws of the engine's series. */
#ifndef CSV_DIALOG_DRIVER_H
#define CSV_DIALOG_DRIVER_H

#include <gtk/gtk.h>
#include "chart-timeline.h"
#include "check.h"
#include "unroll-csv-import.h"

/* The cases live in several files: one count of checks for them all
 * (check.h's counters are each file's own). */
#undef CHECK
extern int dialog_passed, dialog_failed;
#define CHECK(cond, ...)                                     \
  do {                                                       \
    if (cond) {                                              \
      dialog_passed++;                                       \
    } else {                                                 \
      dialog_failed++;                                       \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);            \
      printf(__VA_ARGS__);                                   \
      printf("\n");                                          \
    }                                                        \
  } while (0)
/* "N passed, M failed", and the exit code. */
int dialog_summary(void);

#define STEP(...) (fprintf(stderr, "csv-dialog: " __VA_ARGS__), fputc('\n', stderr))

extern const char *out_dir, *weather; /* PNGs go to out_dir; the other files are weather.csv's neighbours */
extern char *tmp_dir;
extern GtkWindow *parent;             /* the stand-in for the workbench window */
extern const ur_project *dialog_model; /* the project dialogs open with (NULL: none) */

/* ---- waiting ---- */
typedef gboolean (*Pred)(gpointer data);
gboolean wait_for(Pred pred, gpointer data, double seconds, const char *what);
void pump(double seconds);
gboolean is_null(gpointer d);

/* ---- widgets by name ---- */
GtkWidget *find(GtkWidget *w, const char *name);
GtkWidget *need(gpointer root, const char *name);
const char *label_text(gpointer root, const char *name);
const char *entry_text(gpointer root, const char *name);
void set_spin(UnrollCsvImport *dlg, const char *name, double v);
gboolean active(UnrollCsvImport *dlg, const char *name);
void click(gpointer root, const char *name); /* a button's "clicked" comes a moment later */
/* A click on the fix button, once it has acted (it hides). */
void click_fix(UnrollCsvImport *dlg);
const char *chosen(UnrollCsvImport *dlg, const char *name); /* a drop-down's item, as shown */
const char *page(UnrollCsvImport *dlg);                     /* "reading", "failed" or "settings" */
gboolean not_reading(gpointer d);
gboolean use_on(gpointer d);  /* the settings made a series: Use is on */
gboolean refused(gpointer d); /* the status line is red with the engine's reason */
void shown_config(UnrollCsvImport *dlg, const ur_csv *csv, ur_series_config *c);

/* ---- the answer ---- */
typedef struct {
  int calls, accepted, destroyed;
  char path[1024], target[128], date[128], input0[128];
  ur_series_config cfg;
  ur_csv_source source;
} Result;
void on_done(const UnrollCsvChoice *c, gpointer user);
void on_destroy(gpointer user);
gboolean answered(gpointer user);
/* Opens the dialog over `parent` with dialog_model; *alive turns NULL when it is gone. */
UnrollCsvImport *open_dialog(const char *path, Result *r, gpointer *alive);
/* A case's start: path read by the engine into *csv, then opened in the
 * dialog (*dlg) and read there to the end.  FALSE (a check failed) if either
 * did not happen. */
gboolean open_case(const char *path, ur_csv *csv, Result *r, gpointer *alive, UnrollCsvImport **dlg);
/* A case's end: BUTTON clicked, the dialog gone, *csv freed. */
void close_case(UnrollCsvImport *dlg, gpointer *alive, ur_csv *csv, const char *button);

/* ---- the timeline ---- */
guchar *render_widget(GtkWidget *widget, int *w, int *h);
void save_png(const guchar *px, int w, int h, const char *name);
int timeline_differs(GtkWidget *timeline, const chart_timeline_input *want, int *total, gboolean save);
void check_timeline_shows(GtkWidget *timeline, const chart_timeline_input *want, const char *what);
chart_timeline_input series_timeline(const ur_series *s);          /* the first series */
chart_timeline_input part_timeline(const ur_series *s, int part); /* one of several */
void check_span_shades(GtkWidget *tl, const chart_timeline_input *in);
void screenshot(const char *name);

/* ---- settling ---- */
int engine_series(const ur_csv *csv, const char *path, const ur_series_config *cfg, ur_series *s, char *err,
                  size_t errlen);
/* The settings shown work: Use comes on, and the status line and the
 * timeline show the engine's series for them (file path); *out (when not
 * NULL) keeps it.  settled_ok: on weather.csv. */
gboolean settled_on(UnrollCsvImport *dlg, const ur_csv *csv, const char *path, const char *what, ur_series *out);
gboolean settled_ok(UnrollCsvImport *dlg, const ur_csv *csv, const char *what, ur_series *out);
/* The settings shown cannot work: the engine's reason (with expect) inline. */
void settled_error(UnrollCsvImport *dlg, const ur_csv *csv, const char *what, const char *expect);

char *write_tmp(const char *name, const char *data, gssize len);

#endif
