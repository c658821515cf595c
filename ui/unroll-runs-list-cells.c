/* unroll-runs-list-cells.c: what the runs list's cells show, for a group's
 * row (its members' median, its spread under it, its state) and for a
 * member's or a lone run's (its own figures).  A cell follows its row's
 * object: a group's ::changed, a run's ::notify::name and ::notify::live. */
#include "unroll-runs-list-private.h"
#include <math.h>
#include <string.h>
#include "chart-draw.h"

static const char *titles[N_COLS] = {"Run", "Data", "Model", "Params", "Epochs", "Seconds", "Val MSE", "Last step",
                                     "vs naive", "vs linear", "State"};
/* The cells' widget names (what the window tests find them by). */
static const char *cell_names[N_COLS] = {"run-name", "run-data", "run-model", "run-params", "run-epochs", "run-seconds",
                                         "run-val", "run-last", "run-vs-naive", "run-vs-linear", "run-state"};

const char *_unroll_runs_list_title(Column c) { return titles[c]; }

char *unroll_runs_list_data_text(const ur_run *r) {
  if (!r->data.csv.path[0]) return g_strdup_printf("synthetic, seed %u", r->data.seed);
  g_autofree char *base = g_path_get_basename(r->data.csv.path);
  return g_strdup_printf("%s: %s", base, r->data.csv.target);
}

/* ---- text --------------------------------------------------------------- */

static void format_num(double v, const char *fmt, char *buf, size_t len) {
  if (isfinite(v)) g_snprintf(buf, len, fmt, v);
  else g_strlcpy(buf, "–", len);
}

/* "0.00312" over a small "0.00290–0.00340": a group's median and its range. */
static char *stat_markup(const ur_stat *s, const char *fmt) {
  char med[32], lo[32], hi[32];
  format_num(s->median, fmt, med, sizeof med);
  if (s->n < 2) return g_strdup(med);
  format_num(s->min, fmt, lo, sizeof lo);
  format_num(s->max, fmt, hi, sizeof hi);
  return g_markup_printf_escaped("%s\n<small>%s – %s</small>", med, lo, hi);
}

/* The median skill over a small "beats in k of K". */
static char *skill_markup(const ur_stat *s, int beats, int finished) {
  char med[32];
  format_num(s->median, "%+.2f", med, sizeof med);
  if (finished < 1) return g_strdup("–");
  return g_markup_printf_escaped("%s\n<small>beats in %d of %d</small>", med, beats, finished);
}

static char *epochs_text(const ur_run *r) {
  /* a run stopped mid-epoch shows its fraction: 2.4 */
  if (r->batches_per_epoch > 0 && r->n_batches % r->batches_per_epoch)
    return g_strdup_printf("%.1f", (double)r->n_batches / r->batches_per_epoch);
  return g_strdup_printf("%d", r->n_epochs);
}

/* A member's or a lone run's cell. */
static char *run_text(Column c, UnrollRun *obj, gboolean member_row) {
  const ur_run *r = unroll_run_get(obj);
  char buf[256];
  gboolean live = unroll_run_get_live(obj) != UNROLL_RUN_ENDED;
  switch (c) {
  case COL_NAME: return member_row ? g_strdup_printf("seed %u", r->train.seed) : g_strdup(r->name);
  case COL_DATA: return unroll_runs_list_data_text(r);
  case COL_MODEL: ur_run_summary(r, buf, sizeof buf); return g_strdup(buf);
  case COL_PARAMS: return g_strdup_printf("%zu", ur_run_param_count(r));
  case COL_EPOCHS: return live ? g_strdup("–") : epochs_text(r);
  case COL_SECONDS: format_num(live ? NAN : r->seconds, "%.1f", buf, sizeof buf); break;
  case COL_VAL: format_num(r->val_mse, "%.5f", buf, sizeof buf); break;
  case COL_LAST: format_num(r->val_last_mse, "%.5f", buf, sizeof buf); break;
  case COL_SKILL_NAIVE: format_num(ur_run_skill(r, r->naive_mse), "%+.2f", buf, sizeof buf); break;
  case COL_SKILL_LINEAR: format_num(ur_run_skill(r, r->linear_mse), "%+.2f", buf, sizeof buf); break;
  case COL_STATE: unroll_run_state_text(obj, buf, sizeof buf); break;
  default: buf[0] = 0;
  }
  return g_strdup(buf);
}

/* The members' epochs, "20" or "12 – 20". */
static char *group_epochs(UnrollRunGroup *g) {
  int lo = INT32_MAX, hi = -1;
  for (guint i = 0; i < unroll_run_group_get_size(g); i++) {
    UnrollRun *m = unroll_run_group_get_member(g, i);
    if (unroll_run_get_live(m) != UNROLL_RUN_ENDED) continue;
    lo = MIN(lo, unroll_run_get(m)->n_epochs);
    hi = MAX(hi, unroll_run_get(m)->n_epochs);
  }
  return hi < 0 ? g_strdup("–") : lo == hi ? g_strdup_printf("%d", hi) : g_strdup_printf("%d – %d", lo, hi);
}

/* A group's cell (markup where it has two lines). */
static char *group_text(Column c, UnrollRunGroup *g) {
  if (unroll_run_group_get_size(g) == 1) return run_text(c, unroll_run_group_get_member(g, 0), FALSE);
  const ur_group_summary *s = unroll_run_group_get_summary(g);
  switch (c) {
  case COL_NAME: return g_strdup(unroll_run_group_get_label(g));
  case COL_EPOCHS: return group_epochs(g);
  case COL_SECONDS: {
    double v[UR_GROUP_MAX_MEMBERS];
    int n = 0;
    for (guint i = 0; i < unroll_run_group_get_size(g) && n < UR_GROUP_MAX_MEMBERS; i++) {
      UnrollRun *m = unroll_run_group_get_member(g, i);
      if (unroll_run_get_live(m) == UNROLL_RUN_ENDED) v[n++] = unroll_run_get(m)->seconds;
    }
    ur_stat st = ur_stat_of(v, n);
    return stat_markup(&st, "%.1f");
  }
  case COL_VAL: return s ? stat_markup(&s->val_mse, "%.5f") : g_strdup("–");
  case COL_LAST: return s ? stat_markup(&s->val_last_mse, "%.5f") : g_strdup("–");
  case COL_SKILL_NAIVE: return s ? skill_markup(&s->skill_naive, s->beats_naive, s->finished) : g_strdup("–");
  case COL_SKILL_LINEAR: return s ? skill_markup(&s->skill_linear, s->beats_linear, s->finished) : g_strdup("–");
  case COL_STATE: return unroll_run_group_dup_state(g);
  default: return run_text(c, unroll_run_group_get_member(g, 0), FALSE);
  }
}

/* ---- cells -------------------------------------------------------------- */

static void draw_swatch(GtkDrawingArea *a, cairo_t *cr, int w, int h, gpointer data) {
  (void)data;
  int colour = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(a), "colour"));
  chart_set_rgb(cr, chart_run_colour(colour), 1);
  cairo_arc(cr, w / 2.0, h / 2.0, MIN(w, h) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill(cr);
}

typedef struct {
  UnrollRunsList *list;
  Column col;
} CellKind;

/* A press on any cell: the secondary button opens the context menu; a double
 * click on a name renames.  The row's own gesture still selects (with Ctrl
 * and Shift as a list does), as this one claims only the secondary button. */
static void on_cell_pressed(GtkGestureClick *g, int n_press, double x, double y, GtkListItem *item) {
  GtkWidget *cell = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(g));
  UnrollRunsList *self = UNROLL_RUNS_LIST(gtk_widget_get_ancestor(cell, UNROLL_TYPE_RUNS_LIST));
  guint pos = gtk_list_item_get_position(item), button = gtk_gesture_single_get_current_button(GTK_GESTURE_SINGLE(g));
  if (!self || pos == GTK_INVALID_LIST_POSITION) return;
  if (button == GDK_BUTTON_SECONDARY) gtk_gesture_set_state(GTK_GESTURE(g), GTK_EVENT_SEQUENCE_CLAIMED);
  _unroll_runs_list_cell_pressed(self, cell, pos, button, n_press, g_object_get_data(G_OBJECT(g), "name-cell") != NULL, x, y);
}

/* The name cell: the expander, the colour dot, the name, a mark when cut short. */
static GtkWidget *name_cell_new(void) {
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6), *dot = gtk_drawing_area_new(),
            *label = gtk_label_new(NULL), *mark = gtk_image_new_from_icon_name("dialog-warning-symbolic");
  gtk_drawing_area_set_content_width(GTK_DRAWING_AREA(dot), 10);
  gtk_drawing_area_set_content_height(GTK_DRAWING_AREA(dot), 10);
  gtk_widget_set_valign(dot, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(dot), draw_swatch, NULL, NULL);
  gtk_widget_set_name(label, cell_names[COL_NAME]);
  gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign(GTK_LABEL(label), 0);
  gtk_widget_set_hexpand(label, TRUE); /* the whole cell takes the double-click */
  gtk_widget_set_name(mark, "run-cut-short");
  gtk_widget_add_css_class(mark, "warning");
  gtk_box_append(GTK_BOX(box), dot);
  gtk_box_append(GTK_BOX(box), label);
  gtk_box_append(GTK_BOX(box), mark);
  GtkWidget *expander = gtk_tree_expander_new();
  gtk_tree_expander_set_child(GTK_TREE_EXPANDER(expander), box);
  return expander;
}

static GtkWidget *name_box(GtkListItem *item) { return gtk_tree_expander_get_child(GTK_TREE_EXPANDER(gtk_list_item_get_child(item))); }

static void setup_cell(GtkSignalListItemFactory *f, GtkListItem *item, CellKind *kind) {
  (void)f;
  Column col = kind->col;
  GtkWidget *child;
  if (col == COL_NAME) {
    child = name_cell_new();
    g_ptr_array_add(kind->list->name_items, item);
  } else {
    child = gtk_label_new(NULL);
    gtk_widget_set_name(child, cell_names[col]);
    gtk_label_set_ellipsize(GTK_LABEL(child), col == COL_MODEL || col == COL_DATA || col == COL_STATE ? PANGO_ELLIPSIZE_END
                                                                                                      : PANGO_ELLIPSIZE_NONE);
    gtk_label_set_xalign(GTK_LABEL(child), col <= COL_MODEL || col == COL_STATE ? 0 : 1);
    gtk_label_set_justify(GTK_LABEL(child), GTK_JUSTIFY_RIGHT);
    if (col > COL_MODEL && col != COL_STATE) gtk_widget_add_css_class(child, "numeric");
  }
  gtk_list_item_set_child(item, child);
  GtkGesture *g = gtk_gesture_click_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(g), 0);
  if (col == COL_NAME) g_object_set_data(G_OBJECT(g), "name-cell", GINT_TO_POINTER(1));
  g_signal_connect(g, "pressed", G_CALLBACK(on_cell_pressed), item);
  gtk_widget_add_controller(child, GTK_EVENT_CONTROLLER(g));
}

static void teardown_name(GtkSignalListItemFactory *f, GtkListItem *item, UnrollRunsList *self) {
  (void)f;
  if (self->name_items) g_ptr_array_remove_fast(self->name_items, item);
}

/* The object a row shows and whether it is a member's row under its group. */
static GObject *row_object(GtkListItem *item, gboolean *member_row) {
  GtkTreeListRow *row = gtk_list_item_get_item(item);
  *member_row = row && gtk_tree_list_row_get_depth(row) > 0;
  return row ? gtk_tree_list_row_get_item(row) : NULL; /* a new reference */
}

static void fill(GtkListItem *item, Column col) {
  gboolean member_row;
  g_autoptr(GObject) obj = row_object(item, &member_row);
  if (!obj) return;
  gboolean group = UNROLL_IS_RUN_GROUP(obj);
  g_autofree char *text = group ? group_text(col, UNROLL_RUN_GROUP(obj)) : run_text(col, UNROLL_RUN(obj), member_row);
  const ur_run *first = group ? unroll_run_group_get_first(UNROLL_RUN_GROUP(obj)) : unroll_run_get(UNROLL_RUN(obj));
  GtkWidget *label = gtk_list_item_get_child(item);
  if (col == COL_NAME) {
    GtkWidget *dot = gtk_widget_get_first_child(name_box(item)), *mark = gtk_widget_get_last_child(name_box(item));
    label = gtk_widget_get_next_sibling(dot);
    g_object_set_data(G_OBJECT(dot), "colour", GINT_TO_POINTER(first ? first->colour : 0));
    gtk_widget_set_visible(dot, !member_row);
    gtk_widget_queue_draw(dot);
    gboolean cut = group ? unroll_run_group_is_cut_short(UNROLL_RUN_GROUP(obj)) : unroll_run_is_cut_short(UNROLL_RUN(obj));
    gtk_widget_set_visible(mark, cut);
    g_autofree char *state = group ? unroll_run_group_dup_state(UNROLL_RUN_GROUP(obj)) : NULL;
    char why[320] = "";
    if (!group) unroll_run_state_text(UNROLL_RUN(obj), why, sizeof why);
    gtk_widget_set_tooltip_text(mark, group ? state : first && first->message[0] ? first->message : why);
  }
  if (strchr(text, '<')) gtk_label_set_markup(GTK_LABEL(label), text);
  else gtk_label_set_text(GTK_LABEL(label), text);
  if (col == COL_MODEL || col == COL_DATA || col == COL_STATE || col == COL_NAME) gtk_widget_set_tooltip_text(label, text);
  if (col == COL_STATE) {
    gboolean cut = group ? unroll_run_group_is_cut_short(UNROLL_RUN_GROUP(obj)) : unroll_run_is_cut_short(UNROLL_RUN(obj));
    if (cut) gtk_widget_add_css_class(label, "warning");
    else gtk_widget_remove_css_class(label, "warning");
  }
}

static void on_object_changed(GObject *obj, GParamSpec *ps, GtkListItem *item) {
  (void)obj; (void)ps;
  fill(item, GPOINTER_TO_INT(g_object_get_data(G_OBJECT(item), "column")));
}

/* A group's ::changed has no pspec. */
static void on_group_changed(GObject *obj, GtkListItem *item) { on_object_changed(obj, NULL, item); }

static void bind_cell(GtkSignalListItemFactory *f, GtkListItem *item, CellKind *kind) {
  (void)f;
  gboolean member_row;
  g_autoptr(GObject) obj = row_object(item, &member_row);
  if (kind->col == COL_NAME) gtk_tree_expander_set_list_row(GTK_TREE_EXPANDER(gtk_list_item_get_child(item)),
                                                            gtk_list_item_get_item(item));
  g_object_set_data(G_OBJECT(item), "column", GINT_TO_POINTER(kind->col));
  fill(item, kind->col);
  if (!obj) return;
  /* until unbind: a rename, a member's progress, a group's change */
  if (UNROLL_IS_RUN_GROUP(obj)) g_signal_connect(obj, "changed", G_CALLBACK(on_group_changed), item);
  else {
    g_signal_connect(obj, "notify::name", G_CALLBACK(on_object_changed), item);
    g_signal_connect(obj, "notify::live", G_CALLBACK(on_object_changed), item);
  }
}

static void unbind_cell(GtkSignalListItemFactory *f, GtkListItem *item, CellKind *kind) {
  (void)f; (void)kind;
  gboolean member_row;
  g_autoptr(GObject) obj = row_object(item, &member_row);
  if (!obj) return;
  g_signal_handlers_disconnect_by_func(obj, on_object_changed, item);
  g_signal_handlers_disconnect_by_func(obj, on_group_changed, item);
}

GtkListItemFactory *_unroll_runs_list_factory(UnrollRunsList *self, Column c) {
  GtkListItemFactory *f = gtk_signal_list_item_factory_new();
  CellKind *kind = g_new(CellKind, 1);
  kind->list = self;
  kind->col = c;
  g_object_set_data_full(G_OBJECT(f), "kind", kind, g_free);
  g_signal_connect(f, "setup", G_CALLBACK(setup_cell), kind);
  g_signal_connect(f, "bind", G_CALLBACK(bind_cell), kind);
  g_signal_connect(f, "unbind", G_CALLBACK(unbind_cell), kind);
  /* the view may tear its rows down after the list is gone: the handler goes with the list */
  if (c == COL_NAME) g_signal_connect_object(f, "teardown", G_CALLBACK(teardown_name), self, 0);
  return f;
}
