/* unroll-canvas.c: see unroll-canvas.h.
 *
 * The column holds: input card, slot 0, card 0, slot 1, ..., card n-1,
 * slot n, target card.  A slot is the gap where a drop at that index lands;
 * it shows the drop indicator, so the indicator never shifts the cards
 * (no jitter while dragging).  Cards and slots are reused by position and
 * only their contents change, so focus and scrolling survive an edit.
 *
 * Compact cards: when the column is taller than the room the canvas has,
 * every card turns to one line and the slots narrow, so a preset's whole
 * stack shows at 1280 × 800.  Back to two lines only when the column would
 * fit with them: their height is the compact column's plus what each card
 * and slot gains (both measured once in each mode), or, the stack
 * unchanged since it was measured, the two-line height itself, so that
 * resizing never flips between the two.
 */
#include "unroll-canvas.h"
#include "unroll-widget.h"
#include "unroll-layer-card.h"

struct _UnrollCanvas {
  GtkWidget parent_instance;
  GtkScrolledWindow *scroller;
  GtkBox *column;
  UnrollLayerCard *input_card, *target_card;
  GtkLabel *total_label, *status_label;
  GtkImage *status_icon;
  GtkWidget *footer;

  UnrollDocument *doc;
  GPtrArray *cards; /* UnrollLayerCard *, one per layer */
  GPtrArray *slots; /* GtkWidget *, n + 1 */
  int selected;
  int drop_slot;

  /* compact cards */
  gboolean compact;
  guint compact_idle;
  guint64 revision;       /* update() counts: the stack shown changed */
  int card_h[2], slot_h[2]; /* px of the input card and a slot, two-line [0] and compact [1]; 0 unknown */
  double two_line_h;      /* the column's height with two-line cards at two_line_rev */
  guint64 two_line_rev;
};

G_DEFINE_FINAL_TYPE(UnrollCanvas, unroll_canvas, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SELECTED, N_PROPS };
static GParamSpec *props[N_PROPS];

static const char *family_of(ur_layer_kind k) {
  if (ur_kind_is_recurrent(k)) return "recurrent";
  if (k == UR_CONV1D || k == UR_WAVENET) return "conv";
  return "core";
}

/* ---- slots and the drop indicator ------------------------------------- */

static GtkWidget *slot_new(void) {
  GtkWidget *slot = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class(slot, "drop-slot");
  GtkWidget *arrow = gtk_image_new_from_icon_name("pan-down-symbolic");
  gtk_widget_add_css_class(arrow, "slot-arrow");
  gtk_widget_set_valign(arrow, GTK_ALIGN_CENTER);
  GtkWidget *indicator = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class(indicator, "drop-indicator");
  gtk_widget_set_valign(indicator, GTK_ALIGN_CENTER);
  gtk_widget_set_visible(indicator, FALSE);
  GtkWidget *hint = gtk_label_new("Drag a layer here from the palette,\nor double-click one to append it");
  gtk_label_set_justify(GTK_LABEL(hint), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class(hint, "drop-hint");
  gtk_widget_set_vexpand(hint, TRUE);
  gtk_widget_set_visible(hint, FALSE);
  gtk_box_append(GTK_BOX(slot), arrow);
  gtk_box_append(GTK_BOX(slot), indicator);
  gtk_box_append(GTK_BOX(slot), hint);
  return slot;
}

static void slot_set_state(GtkWidget *slot, gboolean active, gboolean empty_hint) {
  GtkWidget *arrow = gtk_widget_get_first_child(slot);
  GtkWidget *indicator = gtk_widget_get_next_sibling(arrow);
  GtkWidget *hint = gtk_widget_get_next_sibling(indicator);
  gtk_widget_set_visible(arrow, !active && !empty_hint);
  gtk_widget_set_visible(indicator, active);
  gtk_widget_set_visible(hint, empty_hint);
  if (empty_hint) gtk_widget_add_css_class(slot, "empty");
  else gtk_widget_remove_css_class(slot, "empty");
  if (active) gtk_widget_add_css_class(slot, "active");
  else gtk_widget_remove_css_class(slot, "active");
}

static void show_drop_slot(UnrollCanvas *self, int slot) {
  if (slot == self->drop_slot) return;
  int n = (int)self->cards->len;
  if (self->drop_slot >= 0 && self->drop_slot < (int)self->slots->len)
    slot_set_state(self->slots->pdata[self->drop_slot], FALSE, n == 0 && self->drop_slot == 0);
  self->drop_slot = slot;
  if (slot >= 0 && slot < (int)self->slots->len) slot_set_state(self->slots->pdata[slot], TRUE, FALSE);
}

/* The slot a drop at (x, y) in the scroller lands in: above the middle of
 * card i means before it. */
static int slot_at(UnrollCanvas *self, double x, double y) {
  graphene_point_t p = GRAPHENE_POINT_INIT((float)x, (float)y), q;
  if (!gtk_widget_compute_point(GTK_WIDGET(self->scroller), GTK_WIDGET(self->column), &p, &q)) return (int)self->cards->len;
  for (guint i = 0; i < self->cards->len; i++) {
    graphene_rect_t b;
    if (gtk_widget_compute_bounds(self->cards->pdata[i], GTK_WIDGET(self->column), &b) &&
        q.y < b.origin.y + b.size.height / 2)
      return (int)i;
  }
  return (int)self->cards->len;
}

/* Scrolls when a drag hovers near the top or bottom edge. */
static void autoscroll(UnrollCanvas *self, double y) {
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment(self->scroller);
  double h = gtk_widget_get_height(GTK_WIDGET(self->scroller)), v = gtk_adjustment_get_value(adj);
  if (y < 40) gtk_adjustment_set_value(adj, v - 12);
  else if (y > h - 40) gtk_adjustment_set_value(adj, v + 12);
}

static GdkDragAction on_drop_motion(GtkDropTarget *target, double x, double y, UnrollCanvas *self) {
  GdkDrop *drop = gtk_drop_target_get_current_drop(target);
  GdkDragAction actions = drop ? gdk_drop_get_actions(drop) : GDK_ACTION_COPY;
  show_drop_slot(self, slot_at(self, x, y));
  autoscroll(self, y);
  return (actions & GDK_ACTION_MOVE) ? GDK_ACTION_MOVE : GDK_ACTION_COPY;
}

gboolean unroll_drop_accept_no_files(GtkDropTarget *target, GdkDrop *drop, gpointer unused) {
  (void)unused;
  GdkContentFormats *offered = gdk_drop_get_formats(drop);
  if (gdk_content_formats_contain_gtype(offered, GDK_TYPE_FILE_LIST)) return FALSE;
  return (gdk_drop_get_actions(drop) & gtk_drop_target_get_actions(target)) &&
         gdk_content_formats_match(gtk_drop_target_get_formats(target), offered);
}

static void on_drop_leave(GtkDropTarget *target, UnrollCanvas *self) {
  (void)target;
  show_drop_slot(self, -1);
}

static gboolean on_drop(GtkDropTarget *target, const GValue *value, double x, double y, UnrollCanvas *self) {
  (void)target;
  int slot = slot_at(self, x, y);
  show_drop_slot(self, -1);
  const char *s = G_VALUE_HOLDS_STRING(value) ? g_value_get_string(value) : NULL;
  if (!s || !self->doc) return FALSE;
  const ur_project *p = unroll_document_get_project(self->doc);
  if (g_str_has_prefix(s, UNROLL_DRAG_KIND_PREFIX)) {
    int kind = ur_kind_from_id(s + strlen(UNROLL_DRAG_KIND_PREFIX));
    if (kind < 0 || p->n_layers >= UR_MAX_LAYERS) return FALSE;
    ur_layer_spec spec = ur_spec_default((ur_layer_kind)kind);
    self->selected = slot; /* the new card is selected once it exists */
    unroll_document_insert_layer(self->doc, slot, &spec);
    gtk_widget_grab_focus(GTK_WIDGET(self->cards->pdata[slot]));
    return TRUE;
  }
  if (g_str_has_prefix(s, UNROLL_DRAG_CARD_PREFIX)) {
    int from = atoi(s + strlen(UNROLL_DRAG_CARD_PREFIX));
    if (from < 0 || from >= p->n_layers) return FALSE;
    int to = slot > from ? slot - 1 : slot;
    if (to != from) {
      self->selected = to;
      unroll_document_move_layer(self->doc, from, to);
    }
    return TRUE;
  }
  return FALSE;
}

/* ---- cards as drag sources -------------------------------------------- */

static GdkContentProvider *on_card_prepare(GtkDragSource *source, double x, double y, UnrollCanvas *self) {
  (void)self;
  UnrollLayerCard *card = UNROLL_LAYER_CARD(gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(source)));
  int index = unroll_layer_card_get_index(card);
  if (index < 0) return NULL;
  (void)x;
  (void)y;
  g_object_set_data(G_OBJECT(source), "unroll-index", GINT_TO_POINTER(index + 1));
  g_autofree char *text = g_strdup_printf(UNROLL_DRAG_CARD_PREFIX "%d", index);
  return gdk_content_provider_new_typed(G_TYPE_STRING, text);
}

static void on_card_drag_begin(GtkDragSource *source, GdkDrag *drag, UnrollCanvas *self) {
  GtkWidget *card = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(source));
  int index = unroll_layer_card_get_index(UNROLL_LAYER_CARD(card));
  const ur_project *p = self->doc ? unroll_document_get_project(self->doc) : NULL;
  if (p && index >= 0 && index < p->n_layers) {
    g_autofree char *title = g_strdup_printf("%s (layer %d)", ur_kind_name(p->layers[index].kind), index + 1);
    unroll_layer_card_set_drag_icon(drag, p->layers[index].kind, title);
  }
  gtk_widget_add_css_class(card, "dragging");
}

static void on_card_drag_end(GtkDragSource *source, GdkDrag *drag, gboolean delete_data, UnrollCanvas *self) {
  (void)drag;
  (void)delete_data;
  (void)self;
  gtk_widget_remove_css_class(gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(source)), "dragging");
}

/* Dropped where nothing takes it (outside the canvas): remove the layer,
 * as dragging an icon off a dock.  Escape (user cancelled) keeps it. */
static gboolean on_card_drag_cancel(GtkDragSource *source, GdkDrag *drag, GdkDragCancelReason reason, UnrollCanvas *self) {
  (void)drag;
  int index = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(source), "unroll-index")) - 1;
  if (reason != GDK_DRAG_CANCEL_NO_TARGET || index < 0 || !self->doc) return FALSE;
  self->selected = index;
  unroll_document_remove_layer(self->doc, index);
  return TRUE;
}

/* Selects the card a controller sits on: the input card, or a layer's. */
static GtkWidget *select_card_of(UnrollCanvas *self, GtkEventController *controller) {
  GtkWidget *card = gtk_event_controller_get_widget(controller);
  int index = unroll_layer_card_get_index(UNROLL_LAYER_CARD(card));
  unroll_canvas_set_selected(self, card == GTK_WIDGET(self->input_card) ? UNROLL_CANVAS_INPUT : index);
  return card;
}

static void on_card_pressed(GtkGestureClick *gesture, int n_press, double x, double y, UnrollCanvas *self) {
  (void)n_press;
  (void)x;
  (void)y;
  gtk_widget_grab_focus(select_card_of(self, GTK_EVENT_CONTROLLER(gesture)));
}

static void on_card_focus_enter(GtkEventControllerFocus *focus, UnrollCanvas *self) {
  select_card_of(self, GTK_EVENT_CONTROLLER(focus));
}

static void on_card_fix(UnrollLayerCard *card, UnrollCanvas *self) {
  (void)card;
  if (self->doc) unroll_document_apply_fix(self->doc);
}

static void wire_card(UnrollCanvas *self, GtkWidget *card, gboolean draggable) {
  GtkGesture *click = gtk_gesture_click_new();
  g_signal_connect(click, "pressed", G_CALLBACK(on_card_pressed), self);
  gtk_widget_add_controller(card, GTK_EVENT_CONTROLLER(click));
  GtkEventController *focus = gtk_event_controller_focus_new();
  g_signal_connect(focus, "enter", G_CALLBACK(on_card_focus_enter), self);
  gtk_widget_add_controller(card, focus);
  g_signal_connect(card, "fix-clicked", G_CALLBACK(on_card_fix), self);
  if (!draggable) return;
  GtkDragSource *src = gtk_drag_source_new();
  gtk_drag_source_set_actions(src, GDK_ACTION_MOVE);
  g_signal_connect(src, "prepare", G_CALLBACK(on_card_prepare), self);
  g_signal_connect(src, "drag-begin", G_CALLBACK(on_card_drag_begin), self);
  g_signal_connect(src, "drag-end", G_CALLBACK(on_card_drag_end), self);
  g_signal_connect(src, "drag-cancel", G_CALLBACK(on_card_drag_cancel), self);
  gtk_widget_add_controller(card, GTK_EVENT_CONTROLLER(src));
}

/* ---- showing the document --------------------------------------------- */

/* As many cards and slots as layers, reusing the ones there are. */
static void reconcile(UnrollCanvas *self, int n) {
  if (self->slots->len == 0) {
    GtkWidget *slot = slot_new();
    gtk_box_insert_child_after(self->column, slot, GTK_WIDGET(self->input_card));
    g_ptr_array_add(self->slots, slot);
  }
  while ((int)self->cards->len < n) {
    GtkWidget *after = self->slots->pdata[self->slots->len - 1];
    GtkWidget *card = unroll_layer_card_new(), *slot = slot_new();
    gtk_widget_set_name(card, "layer-card");
    unroll_layer_card_set_compact(UNROLL_LAYER_CARD(card), self->compact);
    wire_card(self, card, TRUE);
    gtk_box_insert_child_after(self->column, card, after);
    gtk_box_insert_child_after(self->column, slot, card);
    g_ptr_array_add(self->cards, card);
    g_ptr_array_add(self->slots, slot);
  }
  while ((int)self->cards->len > n) {
    gtk_box_remove(self->column, self->slots->pdata[self->slots->len - 1]);
    gtk_box_remove(self->column, self->cards->pdata[self->cards->len - 1]);
    g_ptr_array_remove_index(self->slots, self->slots->len - 1);
    g_ptr_array_remove_index(self->cards, self->cards->len - 1);
  }
}

static void apply_selection(UnrollCanvas *self) {
  unroll_layer_card_set_selected(self->input_card, self->selected == UNROLL_CANVAS_INPUT);
  for (guint i = 0; i < self->cards->len; i++) unroll_layer_card_set_selected(self->cards->pdata[i], (int)i == self->selected);
}

/* The input card: the model's input shape and where the windows come from. */
static void show_input(UnrollCanvas *self, const ur_project *p) {
  char shape[64], details[600];
  ur_shape_format(p->input, shape, sizeof shape);
  if (p->data.csv.path[0]) { /* a user's file: windows of its rows */
    g_autofree char *base = g_path_get_basename(p->data.csv.path);
    g_snprintf(details, sizeof details, "%s: windows of %d rows, %d feature%s", base, p->data.n_steps,
               p->input.features, p->input.features == 1 ? "" : "s");
  } else {
    g_snprintf(details, sizeof details, "%d series of %d steps, %d feature%s", p->data.n_series, p->data.n_steps,
               p->input.features, p->input.features == 1 ? "" : "s");
  }
  unroll_layer_card_set_content(self->input_card, "unroll-input", "io", "Input", details, shape, NULL);
}

/* A card per layer: its settings, output shape and parameters, and the
 * problem and its fix on the layer where the stack breaks. */
static void show_layers(UnrollCanvas *self, const ur_project *p, const UnrollAnalysis *a) {
  char shape[64], count[32], details[600], buf[600];
  for (int i = 0; i < p->n_layers; i++) {
    UnrollLayerCard *card = self->cards->pdata[i];
    const ur_layer_spec *s = &p->layers[i];
    unroll_layer_card_set_index(card, i);
    ur_spec_describe(s, details, sizeof details);
    g_autofree char *icon = unroll_layer_icon_name(s->kind);
    if (i < a->known) {
      ur_shape_format(a->out[i], shape, sizeof shape);
      unroll_format_count(a->params[i], count, sizeof count);
      g_snprintf(buf, sizeof buf, "%s param%s", count, a->params[i] == 1 ? "" : "s");
    } else {
      g_snprintf(shape, sizeof shape, "—");
      buf[0] = 0;
    }
    unroll_layer_card_set_content(card, icon, family_of(s->kind), ur_kind_name(s->kind), details, shape, buf);
    gboolean bad = i == a->bad_layer;
    unroll_layer_card_set_problem(card, bad ? a->card_why : NULL, bad && a->fix != UNROLL_FIX_NONE ? a->fix_label : NULL);
  }
}

/* The target card: what the task asks the model to output. */
static void show_target(UnrollCanvas *self, const ur_project *p, const UnrollAnalysis *a) {
  char shape[64], details[600];
  ur_shape_format(a->target, shape, sizeof shape);
  switch (p->data.task) {
  case UR_TASK_ONE_STEP: g_snprintf(details, sizeof details, "the next value"); break;
  case UR_TASK_VECTOR: g_snprintf(details, sizeof details, "the next %d values, as one vector", p->data.horizon); break;
  case UR_TASK_SEQ2SEQ: g_snprintf(details, sizeof details, "the next %d values, at every time step", p->data.horizon); break;
  default: g_snprintf(details, sizeof details, "the next %d values, at steps 4, 6, 8, …", p->data.horizon); break;
  }
  unroll_layer_card_set_content(self->target_card, "unroll-target", "io", "Target", details, shape, NULL);
}

/* The footer: the totals, and whether the stack can train or why not. */
static void show_footer(UnrollCanvas *self, int n, const UnrollAnalysis *a) {
  char count[32], buf[600];
  unroll_format_count(a->total_params, count, sizeof count);
  if (a->receptive_field > 0)
    g_snprintf(buf, sizeof buf, "%d layer%s · %s parameters · receptive field %d steps", n, n == 1 ? "" : "s", count,
               a->receptive_field);
  else
    g_snprintf(buf, sizeof buf, "%d layer%s · %s parameters", n, n == 1 ? "" : "s", count);
  gtk_label_set_label(self->total_label, buf);
  if (a->ok) {
    gtk_label_set_label(self->status_label, "Ready to train");
    gtk_image_set_from_icon_name(self->status_icon, "emblem-ok-symbolic");
    gtk_widget_remove_css_class(self->footer, "error");
  } else {
    gtk_label_set_label(self->status_label, n == 0 ? "Add a layer to begin" : a->why);
    gtk_image_set_from_icon_name(self->status_icon, n == 0 ? "dialog-information-symbolic" : "dialog-warning-symbolic");
    if (n) gtk_widget_add_css_class(self->footer, "error");
    else gtk_widget_remove_css_class(self->footer, "error");
  }
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->status_label), a->ok ? NULL : a->why);
}

static void update(UnrollCanvas *self) {
  if (!self->doc) return;
  self->revision++;
  const ur_project *p = unroll_document_get_project(self->doc);
  const UnrollAnalysis *a = unroll_document_get_analysis(self->doc);
  int n = p->n_layers;
  reconcile(self, n);
  self->drop_slot = -1;
  for (guint i = 0; i < self->slots->len; i++) slot_set_state(self->slots->pdata[i], FALSE, n == 0 && i == 0);
  show_input(self, p);
  show_layers(self, p, a);
  show_target(self, p, a);
  show_footer(self, n, a);
  int sel = self->selected;
  if (sel >= n) sel = n - 1;
  if (sel < 0 && sel != UNROLL_CANVAS_INPUT) sel = UNROLL_CANVAS_NONE;
  self->selected = sel;
  apply_selection(self);
  /* Always notify: the selected layer's contents may have changed. */
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_SELECTED]);
}

static void on_doc_changed(UnrollDocument *doc, UnrollCanvas *self) {
  (void)doc;
  update(self);
}

void unroll_canvas_set_document(UnrollCanvas *self, UnrollDocument *doc) {
  g_return_if_fail(UNROLL_IS_CANVAS(self));
  if (self->doc) g_signal_handlers_disconnect_by_data(self->doc, self);
  g_set_object(&self->doc, doc);
  self->selected = UNROLL_CANVAS_NONE;
  if (doc) g_signal_connect(doc, "changed", G_CALLBACK(on_doc_changed), self);
  update(self);
}

int unroll_canvas_get_selected(UnrollCanvas *self) { return self->selected; }

void unroll_canvas_set_selected(UnrollCanvas *self, int selected) {
  if (selected == self->selected) return;
  self->selected = selected;
  apply_selection(self);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_SELECTED]);
}

GtkWidget *unroll_canvas_get_card(UnrollCanvas *self, int index) {
  if (index == -1) return GTK_WIDGET(self->input_card);
  return index >= 0 && index < (int)self->cards->len ? self->cards->pdata[index] : NULL;
}

/* ---- compact cards ------------------------------------------------------ */

static void set_compact(UnrollCanvas *self, gboolean compact) {
  self->compact = compact;
  unroll_layer_card_set_compact(self->input_card, compact);
  unroll_layer_card_set_compact(self->target_card, compact);
  for (guint i = 0; i < self->cards->len; i++) unroll_layer_card_set_compact(self->cards->pdata[i], compact);
  if (compact) gtk_widget_add_css_class(GTK_WIDGET(self->column), "compact");
  else gtk_widget_remove_css_class(GTK_WIDGET(self->column), "compact");
}

/* The heights of a card and a slot in the current mode, once laid out. */
static void note_heights(UnrollCanvas *self) {
  int h = gtk_widget_get_height(GTK_WIDGET(self->input_card));
  if (h > 0) self->card_h[self->compact] = h;
  if (self->cards->len == 0) return; /* the one slot is the empty stack's drop zone */
  GtkWidget *slot = self->slots->pdata[self->slots->len - 1];
  h = gtk_widget_get_height(slot);
  if (h > 0 && !gtk_widget_has_css_class(slot, "active")) self->slot_h[self->compact] = h;
}

/* The column's height with two-line cards, from the compact one. */
static double two_line_height(UnrollCanvas *self, double compact_h) {
  if (self->two_line_rev == self->revision && self->two_line_h > 0) return self->two_line_h;
  int n = (int)self->cards->len;
  int card = self->card_h[0] && self->card_h[1] ? self->card_h[0] - self->card_h[1] : 18;
  int slot = self->slot_h[0] && self->slot_h[1] ? self->slot_h[0] - self->slot_h[1] : 10;
  return compact_h + (n + 2) * card + (n > 0 ? n + 1 : 0) * slot;
}

static gboolean decide_compact(gpointer data) {
  UnrollCanvas *self = data;
  self->compact_idle = 0;
  note_heights(self);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment(self->scroller);
  double content = gtk_adjustment_get_upper(adj), room = gtk_adjustment_get_page_size(adj);
  if (room < 1) return G_SOURCE_REMOVE;
  if (!self->compact && content > room + 0.5) {
    self->two_line_h = content;
    self->two_line_rev = self->revision;
    set_compact(self, TRUE);
  } else if (self->compact && two_line_height(self, content) <= room) {
    set_compact(self, FALSE);
  }
  return G_SOURCE_REMOVE;
}

/* The column or the room changed size: decide once it is all laid out. */
static void on_adjustment_changed(GtkAdjustment *adj, UnrollCanvas *self) {
  (void)adj;
  if (!self->compact_idle) self->compact_idle = g_idle_add(decide_compact, self);
}

/* ---- keyboard --------------------------------------------------------- */

static gboolean select_step(GtkWidget *widget, GVariant *args, gpointer data) {
  (void)data;
  UnrollCanvas *self = UNROLL_CANVAS(widget);
  int dir = g_variant_get_int32(args), n = (int)self->cards->len, sel = self->selected;
  if (sel == UNROLL_CANVAS_NONE) sel = dir > 0 ? UNROLL_CANVAS_INPUT : n - 1;
  else if (sel == UNROLL_CANVAS_INPUT) sel = dir > 0 && n > 0 ? 0 : UNROLL_CANVAS_INPUT;
  else sel = sel + dir < 0 ? UNROLL_CANVAS_INPUT : MIN(sel + dir, n - 1);
  unroll_canvas_set_selected(self, sel);
  GtkWidget *card = sel == UNROLL_CANVAS_INPUT ? GTK_WIDGET(self->input_card) : unroll_canvas_get_card(self, sel);
  if (card) gtk_widget_grab_focus(card);
  return TRUE;
}

/* Escape, or a click on the canvas between the cards: nothing selected (the
 * window then puts the inspector away). */
static gboolean select_none(GtkWidget *widget, GVariant *args, gpointer data) {
  (void)args; (void)data;
  UnrollCanvas *self = UNROLL_CANVAS(widget);
  if (self->selected == UNROLL_CANVAS_NONE) return FALSE; /* Escape goes on to whoever wants it */
  unroll_canvas_set_selected(self, UNROLL_CANVAS_NONE);
  return TRUE;
}

static void on_background_pressed(GtkGestureClick *gesture, int n_press, double x, double y, UnrollCanvas *self) {
  (void)n_press;
  GtkWidget *scroller = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(gesture));
  for (GtkWidget *w = gtk_widget_pick(scroller, x, y, GTK_PICK_DEFAULT); w && w != scroller; w = gtk_widget_get_parent(w))
    if (UNROLL_IS_LAYER_CARD(w) || GTK_IS_SCROLLBAR(w)) return;
  unroll_canvas_set_selected(self, UNROLL_CANVAS_NONE);
}

/* ---- life cycle ------------------------------------------------------- */

static void unroll_canvas_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec) {
  if (id == PROP_SELECTED) g_value_set_int(value, UNROLL_CANVAS(object)->selected);
  else G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void unroll_canvas_dispose(GObject *object) {
  UnrollCanvas *self = UNROLL_CANVAS(object);
  if (self->doc) g_signal_handlers_disconnect_by_data(self->doc, self);
  g_clear_object(&self->doc);
  if (self->scroller) g_signal_handlers_disconnect_by_data(gtk_scrolled_window_get_vadjustment(self->scroller), self);
  if (self->compact_idle) g_source_remove(self->compact_idle);
  self->compact_idle = 0;
  unroll_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_CANVAS);
  g_clear_pointer(&self->cards, g_ptr_array_unref);
  g_clear_pointer(&self->slots, g_ptr_array_unref);
  G_OBJECT_CLASS(unroll_canvas_parent_class)->dispose(object);
}

static void unroll_canvas_class_init(UnrollCanvasClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  oc->dispose = unroll_canvas_dispose;
  oc->get_property = unroll_canvas_get_property;
  props[PROP_SELECTED] = g_param_spec_int("selected", NULL, NULL, -2, UR_MAX_LAYERS, -1,
                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties(oc, N_PROPS, props);
  g_type_ensure(UNROLL_TYPE_LAYER_CARD);
  unroll_widget_class_set_template(wc, "unroll-canvas.ui", GTK_TYPE_BIN_LAYOUT, "modelcanvas");
  gtk_widget_class_bind_template_child(wc, UnrollCanvas, scroller);
  gtk_widget_class_bind_template_child(wc, UnrollCanvas, column);
  gtk_widget_class_bind_template_child(wc, UnrollCanvas, input_card);
  gtk_widget_class_bind_template_child(wc, UnrollCanvas, target_card);
  gtk_widget_class_bind_template_child(wc, UnrollCanvas, total_label);
  gtk_widget_class_bind_template_child(wc, UnrollCanvas, status_label);
  gtk_widget_class_bind_template_child(wc, UnrollCanvas, status_icon);
  gtk_widget_class_bind_template_child(wc, UnrollCanvas, footer);
  /* Delete removes the selected card; arrows walk the cards.  Local to the
   * canvas so that Delete in the inspector's entries still edits text. */
  gtk_widget_class_add_binding_action(wc, GDK_KEY_Delete, 0, "win.delete-layer", NULL);
  gtk_widget_class_add_binding_action(wc, GDK_KEY_KP_Delete, 0, "win.delete-layer", NULL);
  gtk_widget_class_add_binding_action(wc, GDK_KEY_BackSpace, 0, "win.delete-layer", NULL);
  gtk_widget_class_add_binding(wc, GDK_KEY_Up, 0, select_step, "i", -1);
  gtk_widget_class_add_binding(wc, GDK_KEY_Down, 0, select_step, "i", 1);
  gtk_widget_class_add_binding(wc, GDK_KEY_Escape, 0, select_none, NULL);
}

static void unroll_canvas_init(UnrollCanvas *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->cards = g_ptr_array_new();
  self->slots = g_ptr_array_new();
  self->selected = UNROLL_CANVAS_NONE;
  self->drop_slot = -1;
  wire_card(self, GTK_WIDGET(self->input_card), FALSE);
  unroll_layer_card_set_index(self->input_card, -1);
  unroll_layer_card_set_index(self->target_card, -1);
  gtk_widget_set_focusable(GTK_WIDGET(self->target_card), FALSE);
  gtk_widget_add_css_class(GTK_WIDGET(self->target_card), "target");

  GtkDropTarget *target = gtk_drop_target_new(G_TYPE_STRING, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  g_signal_connect(target, "accept", G_CALLBACK(unroll_drop_accept_no_files), NULL);
  g_signal_connect(target, "enter", G_CALLBACK(on_drop_motion), self);
  g_signal_connect(target, "motion", G_CALLBACK(on_drop_motion), self);
  g_signal_connect(target, "leave", G_CALLBACK(on_drop_leave), self);
  g_signal_connect(target, "drop", G_CALLBACK(on_drop), self);
  gtk_widget_add_controller(GTK_WIDGET(self->scroller), GTK_EVENT_CONTROLLER(target));
  g_signal_connect(gtk_scrolled_window_get_vadjustment(self->scroller), "changed", G_CALLBACK(on_adjustment_changed), self);
  GtkGesture *background = gtk_gesture_click_new();
  g_signal_connect(background, "pressed", G_CALLBACK(on_background_pressed), self);
  gtk_widget_add_controller(GTK_WIDGET(self->scroller), GTK_EVENT_CONTROLLER(background));
}
