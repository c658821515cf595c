/* unroll-window-private.h: shared by unroll-window.c (titles, life cycle),
 * unroll-window-layout.c (views, panels, the remembered window state),
 * unroll-window-toast.c (a notice with Undo), unroll-window-actions.c (the
 * win.* actions), unroll-window-files.c (save, export, close),
 * unroll-window-training.c (training, runs, charts) and unroll-window-csv.c
 * (a user's CSV series), as GNOME Text Editor splits its window by concern. */
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
  GtkButton *open_button, *save_button; /* words, or icons in a narrow window */
  GtkMenuButton *presets_button;
  GMenu *recent_section;
  UnrollPalette *palette;
  UnrollCanvas *canvas;
  UnrollInspector *inspector;
  GtkRevealer *inspector_revealer;
  GtkWidget *overlay;             /* the window's child: the body, and the toast over it */
  GtkWidget *model_area;          /* the canvas and the inspector: the Model view's top */
  GtkRevealer *toast_revealer;
  GtkLabel *toast_label;
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

  /* the layout (unroll-window-layout.c) */
  gboolean narrow;         /* the palette is a rail */
  guint narrow_idle;       /* applies a new width outside the allocation */
  char *model_page, *results_page; /* each view's page when last shown */
  int bottom_height;       /* the bottom pages' height under the canvas, to restore (0: none) */
  gboolean divider_placed; /* the Model view's divider has been put in place once */

  /* the toast (unroll-window-toast.c) */
  guint toast_timeout;

  UnrollDocument *doc;
  gboolean closing;     /* the person said Discard, or the save before closing succeeded */
};

void _unroll_window_install_actions(UnrollWindow *self);
/* The run's stack and settings into a project (its runs untouched). */
void _unroll_window_take_run_setup(ur_project *p, const ur_run *run);
void _unroll_window_update_actions(UnrollWindow *self);
GMenuModel *_unroll_window_presets_menu(void);

/* Saves (save_as: always asks for a file); with close_after, closes the
 * window once the project is safely on disk. */
void _unroll_window_save(UnrollWindow *self, gboolean save_as, gboolean close_after);
void _unroll_window_export_keras(UnrollWindow *self);
gboolean _unroll_window_close_request(GtkWindow *window);

/* unroll-window-layout.c: the views (win.view), the palette's rail, the
 * inspector's place, and the size, view and divider kept in window.ini. */
void _unroll_window_layout_init(UnrollWindow *self);
void _unroll_window_layout_dispose(UnrollWindow *self);
void _unroll_window_layout_save(UnrollWindow *self);
/* After each allocation of the window: its width, for the palette's rail. */
void _unroll_window_layout_allocated(UnrollWindow *self);
/* The canvas's selection: the inspector shows while there is one. */
void _unroll_window_layout_selected(UnrollWindow *self, int selected);
/* Shows the Model view (with its last page). */
void _unroll_window_show_model(UnrollWindow *self);

/* unroll-window-toast.c: a notice over the window's bottom with an Undo
 * button (win.undo); it goes away by itself, on win.dismiss-toast, and on
 * the document's next change (so Undo always undoes what it announced). */
void _unroll_window_toast_init(UnrollWindow *self);
void _unroll_window_toast_dispose(UnrollWindow *self);
void _unroll_window_toast(UnrollWindow *self, const char *text);
void _unroll_window_toast_doc_changed(UnrollWindow *self);

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
