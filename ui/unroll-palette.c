/* unroll-palette.c: see unroll-palette.h.
 *
 * The palette is one Tab stop: Tab enters it on the row last focused (the
 * first at the start) and leaves it in one press; the arrows move between
 * rows, Return appends.  GtkListBox alone makes every row a Tab stop. */
#include "unroll-palette.h"
#include "unroll-widget.h"
#include "spec.h"
#include "unroll-canvas.h"
#include "unroll-layer-card.h"

struct _UnrollPalette {
  GtkWidget parent_instance;
  GtkListBox *list;
  GtkWidget *current; /* the row that had the focus last: where Tab comes back */
  gboolean compact;
};

/* px: the palette's width with names and summaries */
#define WIDE_WIDTH 256

G_DEFINE_FINAL_TYPE(UnrollPalette, unroll_palette, GTK_TYPE_WIDGET)

static const struct {
  const char *name;
  const char *family;
  ur_layer_kind kinds[6];
  int n;
} groups[] = {
    {"Core", "core", {UR_DENSE, UR_TIME_DISTRIBUTED, UR_FLATTEN, UR_DROPOUT, UR_LAYER_NORM, UR_BATCH_NORM}, 6},
    {"Recurrent", "recurrent", {UR_SIMPLE_RNN, UR_LSTM, UR_GRU, UR_LN_SIMPLE_RNN}, 4},
    {"Convolutional", "conv", {UR_CONV1D, UR_WAVENET}, 2},
};

/* A group's heading; on the rail, a line between groups. */
static void header_func(GtkListBoxRow *row, GtkListBoxRow *before, gpointer data) {
  UnrollPalette *self = data;
  const char *group = g_object_get_data(G_OBJECT(row), "unroll-group");
  const char *prev = before ? g_object_get_data(G_OBJECT(before), "unroll-group") : NULL;
  if (g_strcmp0(group, prev) == 0 || (self->compact && !before)) {
    gtk_list_box_row_set_header(row, NULL);
    return;
  }
  if (self->compact) {
    GtkWidget *line = gtk_separator_new(GTK_ORIENTATION_HORIZONTAL);
    gtk_widget_add_css_class(line, "palette-rule");
    gtk_list_box_row_set_header(row, line);
    return;
  }
  GtkWidget *label = gtk_label_new(group);
  gtk_label_set_xalign(GTK_LABEL(label), 0);
  gtk_widget_add_css_class(label, "palette-heading");
  gtk_list_box_row_set_header(row, label);
}

static GdkContentProvider *on_prepare(GtkDragSource *source, double x, double y, gpointer data) {
  (void)data;
  GtkWidget *row = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(source));
  int kind = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(row), "unroll-kind"));
  (void)x;
  (void)y;
  g_autofree char *text = g_strdup_printf(UNROLL_DRAG_KIND_PREFIX "%s", ur_kind_id((ur_layer_kind)kind));
  return gdk_content_provider_new_typed(G_TYPE_STRING, text);
}

static void on_drag_begin(GtkDragSource *source, GdkDrag *drag, gpointer data) {
  (void)data;
  GtkWidget *row = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(source));
  ur_layer_kind kind = (ur_layer_kind)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(row), "unroll-kind"));
  unroll_layer_card_set_drag_icon(drag, kind, ur_kind_name(kind));
}

static GtkWidget *row_new(ur_layer_kind kind, const char *group, const char *family) {
  GtkWidget *row = gtk_list_box_row_new();
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 10);
  g_autofree char *icon_name = unroll_layer_icon_name(kind);
  GtkWidget *icon = gtk_image_new_from_icon_name(icon_name);
  gtk_image_set_pixel_size(GTK_IMAGE(icon), 24);
  gtk_widget_set_valign(icon, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(icon, "kind-icon");
  GtkWidget *text = gtk_box_new(GTK_ORIENTATION_VERTICAL, 1);
  GtkWidget *name = gtk_label_new(ur_kind_name(kind));
  gtk_label_set_xalign(GTK_LABEL(name), 0);
  gtk_widget_add_css_class(name, "palette-name");
  GtkWidget *summary = gtk_label_new(ur_kind_summary(kind));
  gtk_label_set_xalign(GTK_LABEL(summary), 0);
  gtk_label_set_wrap(GTK_LABEL(summary), TRUE);
  gtk_label_set_max_width_chars(GTK_LABEL(summary), 28);
  gtk_label_set_lines(GTK_LABEL(summary), 2);
  gtk_label_set_ellipsize(GTK_LABEL(summary), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class(summary, "dim-label");
  gtk_widget_add_css_class(summary, "palette-summary");
  gtk_box_append(GTK_BOX(text), name);
  gtk_box_append(GTK_BOX(text), summary);
  gtk_box_append(GTK_BOX(box), icon);
  gtk_box_append(GTK_BOX(box), text);
  g_object_set_data(G_OBJECT(row), "unroll-text", text); /* hidden on the rail */
  /* the rail shows no name: it is the row's accessible name */
  gtk_accessible_update_property(GTK_ACCESSIBLE(row), GTK_ACCESSIBLE_PROPERTY_LABEL, ur_kind_name(kind), -1);
  gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), box);
  gtk_widget_add_css_class(row, family);
  gtk_widget_add_css_class(row, "palette-row");
  g_autofree char *tip = g_strdup_printf("%s: %s\nDrag onto the model, or double-click to append", ur_kind_name(kind),
                                         ur_kind_summary(kind));
  gtk_widget_set_tooltip_text(row, tip);
  g_object_set_data(G_OBJECT(row), "unroll-kind", GINT_TO_POINTER(kind));
  g_object_set_data(G_OBJECT(row), "unroll-group", (gpointer)group);
  /* Activation runs the same action as the menus and tests. */
  gtk_actionable_set_action_name(GTK_ACTIONABLE(row), "win.add-layer");
  gtk_actionable_set_action_target(GTK_ACTIONABLE(row), "s", ur_kind_id(kind));
  GtkDragSource *src = gtk_drag_source_new();
  gtk_drag_source_set_actions(src, GDK_ACTION_COPY);
  g_signal_connect(src, "prepare", G_CALLBACK(on_prepare), NULL);
  g_signal_connect(src, "drag-begin", G_CALLBACK(on_drag_begin), NULL);
  gtk_widget_add_controller(row, GTK_EVENT_CONTROLLER(src));
  return row;
}

/* A card dropped on the palette goes back where it came from: removed. */
static gboolean on_drop(GtkDropTarget *target, const GValue *value, double x, double y, UnrollPalette *self) {
  (void)target;
  (void)x;
  (void)y;
  const char *s = G_VALUE_HOLDS_STRING(value) ? g_value_get_string(value) : NULL;
  gtk_widget_remove_css_class(GTK_WIDGET(self), "drop-remove");
  if (!s || !g_str_has_prefix(s, UNROLL_DRAG_CARD_PREFIX)) return FALSE;
  int index = atoi(s + strlen(UNROLL_DRAG_CARD_PREFIX));
  gtk_widget_activate_action(GTK_WIDGET(self), "win.remove-layer", "i", index);
  return TRUE;
}

static GdkDragAction on_drop_enter(GtkDropTarget *target, double x, double y, UnrollPalette *self) {
  (void)x;
  (void)y;
  GdkDrop *drop = gtk_drop_target_get_current_drop(target);
  /* Only cards (a move) are taken; the palette's own rows are not. */
  if (!drop || !(gdk_drop_get_actions(drop) & GDK_ACTION_MOVE)) return 0;
  gtk_widget_add_css_class(GTK_WIDGET(self), "drop-remove");
  return GDK_ACTION_MOVE;
}

static void on_drop_leave(GtkDropTarget *target, UnrollPalette *self) {
  (void)target;
  gtk_widget_remove_css_class(GTK_WIDGET(self), "drop-remove");
}

/* ---- one Tab stop ------------------------------------------------------ */

static void on_focus_enter(GtkEventControllerFocus *focus, UnrollPalette *self) {
  (void)focus;
  GtkWidget *row = gtk_widget_get_focus_child(GTK_WIDGET(self->list));
  if (row) self->current = row;
}

static gboolean palette_focus(GtkWidget *widget, GtkDirectionType dir) {
  UnrollPalette *self = UNROLL_PALETTE(widget);
  if (dir != GTK_DIR_TAB_FORWARD && dir != GTK_DIR_TAB_BACKWARD)
    return GTK_WIDGET_CLASS(unroll_palette_parent_class)->focus(widget, dir);
  if (gtk_widget_get_focus_child(widget)) return FALSE; /* leaving: on to the next widget */
  GtkWidget *row = self->current ? self->current : GTK_WIDGET(gtk_list_box_get_row_at_index(self->list, 0));
  return row && gtk_widget_grab_focus(row);
}

/* ---- the rail ------------------------------------------------------------ */

static void apply_compact(UnrollPalette *self) {
  gboolean compact = self->compact;
  for (GtkWidget *row = gtk_widget_get_first_child(GTK_WIDGET(self->list)); row; row = gtk_widget_get_next_sibling(row)) {
    GtkWidget *text = g_object_get_data(G_OBJECT(row), "unroll-text");
    if (text) gtk_widget_set_visible(text, !compact);
  }
  if (compact) gtk_widget_add_css_class(GTK_WIDGET(self), "compact");
  else gtk_widget_remove_css_class(GTK_WIDGET(self), "compact");
  gtk_widget_set_size_request(GTK_WIDGET(self), compact ? -1 : WIDE_WIDTH, -1);
  gtk_list_box_invalidate_headers(self->list);
}

void unroll_palette_set_compact(UnrollPalette *self, gboolean compact) {
  g_return_if_fail(UNROLL_IS_PALETTE(self));
  if (!!compact == self->compact) return;
  self->compact = !!compact;
  apply_compact(self);
}

gboolean unroll_palette_get_compact(UnrollPalette *self) { return self->compact; }

static void unroll_palette_dispose(GObject *object) {
  unroll_widget_dispose_template(GTK_WIDGET(object), UNROLL_TYPE_PALETTE);
  G_OBJECT_CLASS(unroll_palette_parent_class)->dispose(object);
}

static void unroll_palette_class_init(UnrollPaletteClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = unroll_palette_dispose;
  wc->focus = palette_focus;
  unroll_widget_class_set_template(wc, "unroll-palette.ui", GTK_TYPE_BIN_LAYOUT, "palette");
  gtk_widget_class_bind_template_child(wc, UnrollPalette, list);
}

static void unroll_palette_init(UnrollPalette *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  gtk_list_box_set_header_func(self->list, header_func, self, NULL);
  for (guint g = 0; g < G_N_ELEMENTS(groups); g++)
    for (int i = 0; i < groups[g].n; i++) {
      ur_layer_kind k = groups[g].kinds[i];
      gtk_list_box_append(self->list, row_new(k, groups[g].name, groups[g].family));
    }
  GtkDropTarget *target = gtk_drop_target_new(G_TYPE_STRING, GDK_ACTION_MOVE);
  g_signal_connect(target, "accept", G_CALLBACK(unroll_drop_accept_no_files), NULL);
  g_signal_connect(target, "enter", G_CALLBACK(on_drop_enter), self);
  g_signal_connect(target, "motion", G_CALLBACK(on_drop_enter), self);
  g_signal_connect(target, "leave", G_CALLBACK(on_drop_leave), self);
  g_signal_connect(target, "drop", G_CALLBACK(on_drop), self);
  gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(target));
  GtkEventController *focus = gtk_event_controller_focus_new();
  g_signal_connect(focus, "enter", G_CALLBACK(on_focus_enter), self);
  gtk_widget_add_controller(GTK_WIDGET(self->list), focus);
  apply_compact(self);
}
