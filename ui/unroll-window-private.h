/* unroll-window-private.h: shared by unroll-window.c (layout, titles,
 * size), unroll-window-actions.c (the win.* actions) and
 * unroll-window-files.c (save, export, close), unroll-window-training.c
 * (training, runs, charts) and unroll-window-csv.c (a user's CSV series), as
 * GNOME Text Editor splits its window by concern. */
#ifndef UNROLL_WINDOW_PRIVATE_H
#define UNROLL_WINDOW_PRIVATE_H

#include "unroll-canvas.h"
#include "unroll-inspector.h"
#include "unroll-layer-card.h"
#include "unroll-palette.h"
#include "unroll-comparison.h"
#include "unroll-csv-source-panel.h"
#include "unroll-data-panel.h"
#include "unroll-runs-page.h"
#include "unroll-train-settings.h"
#include "unroll-trainer.h"
#include "unroll-training-area.h"
#include "unroll-window.h"

struct _UnrollWindow {
  GtkApplicationWindow parent_instance;

  /* template */
  GtkLabel *title_label, *subtitle_label;
  GtkWidget *train_button;
  GtkMenuButton *presets_button;
  GMenu *recent_section;
  UnrollPalette *palette;
  UnrollCanvas *canvas;
  UnrollInspector *inspector;
  GtkStack *bottom_stack; /* the pages under the canvas: Data, Training, Curves, Runs */
  GtkPaned *center_paned;
  UnrollDataPanel *data_panel;
  UnrollTrainSettings *train_settings;
  UnrollTrainingArea *training_area;
  UnrollRunsPage *runs_page;
  GtkStack *data_stack;           /* the Data page: "synthetic" or "csv" */
  UnrollCsvSourcePanel *csv_panel;

  /* training (unroll-window-training.c) and the runs (unroll-window-runs.c) */
  UnrollTrainer *trainer;
  UnrollRunsList *runs_list;      /* the runs page's */
  UnrollComparison *comparison;   /* the runs page's */
  guint64 runs_serial;     /* the document's, as the runs list last showed it */
  int select_key;          /* the next rebuild selects this group alone (G_MININT: none) */
  gboolean select_all;     /* the next rebuild selects every group: a project was opened */
  gboolean group_ended;     /* a group left the trainer: rebuild on its next ::progress */
  int error_group;         /* the last group whose failure was told (one dialog a group) */
  gint64 live_us;          /* when the list's stand-ins last took the trainer's progress */

  /* a user's CSV series (unroll-window-csv.c) */
  GtkWidget *csv_dialog;          /* the import dialog while it is open (a weak pointer) */

  UnrollDocument *doc;
  gboolean closing;     /* the person said Discard, or the save before closing succeeded */
};

void _unroll_window_install_actions(UnrollWindow *self);
void _unroll_window_update_actions(UnrollWindow *self);
GMenuModel *_unroll_window_presets_menu(void);

/* Saves (save_as: always asks for a file); with close_after, closes the
 * window once the project is safely on disk. */
void _unroll_window_save(UnrollWindow *self, gboolean save_as, gboolean close_after);
void _unroll_window_export_keras(UnrollWindow *self);
gboolean _unroll_window_close_request(GtkWindow *window);

/* unroll-window-training.c */
void _unroll_window_training_init(UnrollWindow *self);
void _unroll_window_training_dispose(UnrollWindow *self);
void _unroll_window_training_set_document(UnrollWindow *self);
void _unroll_window_training_doc_changed(UnrollWindow *self);
gboolean _unroll_window_is_training(UnrollWindow *self);
void _unroll_window_update_train_button(UnrollWindow *self);
void _unroll_window_training_update_actions(UnrollWindow *self);
void _unroll_window_error_dialog(UnrollWindow *self, const char *what, const char *why);

/* unroll-window-runs.c: the project's and the trainer's groups in the runs
 * list, the selection in the charts, renaming, removing, the exports. */
void _unroll_window_runs_init(UnrollWindow *self);
void _unroll_window_runs_rebuild(UnrollWindow *self);
void _unroll_window_runs_doc_changed(UnrollWindow *self);
void _unroll_window_runs_follow_trainer(UnrollWindow *self);
/* A name and a colour no group of the project or the trainer has; the id after theirs. */
char *_unroll_window_runs_next_name(UnrollWindow *self, const char *base);
int _unroll_window_runs_next_colour(UnrollWindow *self);
int _unroll_window_runs_next_group(UnrollWindow *self);

/* unroll-window-csv.c: the actions, the drop target and the CSV's panel. */
void _unroll_window_csv_init(UnrollWindow *self);
void _unroll_window_csv_doc_changed(UnrollWindow *self);
void _unroll_window_csv_dispose(UnrollWindow *self);

#endif
