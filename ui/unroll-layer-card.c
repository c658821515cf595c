/* unroll-layer-card.c: see unroll-layer-card.h.  ::fix-clicked is emitted
 * when the problem's fix button is pressed. */
#include "unroll-layer-card.h"
#include "unroll-widget.h"

struct _UnrollLayerCard {
  GtkWidget parent_instance;
  GtkWidget *frame;
  GtkImage *icon;
  GtkLabel *title, *details, *shape, *params, *problem;
  GtkWidget *problem_box;
  GtkButton *fix_button;
  GtkOrientable *text_box, *figures_box;
  int index;
  char *family;
};

G_DEFINE_FINAL_TYPE(UnrollLayerCard, unroll_layer_card, GTK_TYPE_WIDGET)

enum { FIX_CLICKED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void on_fix_clicked(UnrollLayerCard *self) { g_signal_emit(self, signals[FIX_CLICKED], 0); }

static void unroll_layer_card_dispose(GObject *object) {
  UnrollLayerCard *self = UNROLL_LAYER_CARD(object);
  gtk_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_LAYER_CARD);
  g_clear_pointer(&self->family, g_free);
  G_OBJECT_CLASS(unroll_layer_card_parent_class)->dispose(object);
}

static void unroll_layer_card_class_init(UnrollLayerCardClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = unroll_layer_card_dispose;
  unroll_widget_class_set_template(wc, "unroll-layer-card.ui", GTK_TYPE_BIN_LAYOUT, "layercard");
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, frame);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, icon);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, title);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, details);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, shape);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, params);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, problem);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, problem_box);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, fix_button);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, text_box);
  gtk_widget_class_bind_template_child(wc, UnrollLayerCard, figures_box);
  gtk_widget_class_bind_template_callback(wc, on_fix_clicked);
  gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_GROUP);
  signals[FIX_CLICKED] = g_signal_new("fix-clicked", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 0);
}

static void unroll_layer_card_init(UnrollLayerCard *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->index = -1;
}

GtkWidget *unroll_layer_card_new(void) { return g_object_new(UNROLL_TYPE_LAYER_CARD, NULL); }

static void set_label(GtkLabel *l, const char *text) {
  if (g_strcmp0(gtk_label_get_label(l), text ? text : "") != 0) gtk_label_set_label(l, text ? text : "");
  gtk_widget_set_visible(GTK_WIDGET(l), text && *text);
}

void unroll_layer_card_set_content(UnrollLayerCard *self, const char *icon_name, const char *family,
                                   const char *title, const char *details, const char *shape, const char *params) {
  g_return_if_fail(UNROLL_IS_LAYER_CARD(self));
  gtk_image_set_from_icon_name(self->icon, icon_name);
  if (g_strcmp0(self->family, family) != 0) {
    if (self->family) gtk_widget_remove_css_class(GTK_WIDGET(self), self->family);
    g_free(self->family);
    self->family = g_strdup(family);
    if (family) gtk_widget_add_css_class(GTK_WIDGET(self), family);
  }
  set_label(self->title, title);
  set_label(self->details, details);
  set_label(self->shape, shape);
  set_label(self->params, params);
  /* The whole card's tooltip repeats the details, which may be ellipsized. */
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->details), details);
}

void unroll_layer_card_set_problem(UnrollLayerCard *self, const char *problem, const char *fix_label) {
  g_return_if_fail(UNROLL_IS_LAYER_CARD(self));
  gboolean bad = problem && *problem;
  set_label(self->problem, bad ? problem : NULL);
  gtk_widget_set_visible(self->problem_box, bad);
  gtk_widget_set_visible(GTK_WIDGET(self->fix_button), bad && fix_label);
  if (fix_label) gtk_button_set_label(self->fix_button, fix_label);
  if (bad) gtk_widget_add_css_class(GTK_WIDGET(self), "error");
  else gtk_widget_remove_css_class(GTK_WIDGET(self), "error");
}

void unroll_layer_card_set_selected(UnrollLayerCard *self, gboolean selected) {
  if (selected) gtk_widget_add_css_class(GTK_WIDGET(self), "selected");
  else gtk_widget_remove_css_class(GTK_WIDGET(self), "selected");
  gtk_widget_set_state_flags(GTK_WIDGET(self), selected ? GTK_STATE_FLAG_SELECTED : 0, FALSE);
  if (!selected) gtk_widget_unset_state_flags(GTK_WIDGET(self), GTK_STATE_FLAG_SELECTED);
}

void unroll_layer_card_set_compact(UnrollLayerCard *self, gboolean compact) {
  g_return_if_fail(UNROLL_IS_LAYER_CARD(self));
  GtkOrientation o = compact ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL;
  if (gtk_orientable_get_orientation(self->text_box) == o) return;
  gtk_orientable_set_orientation(self->text_box, o);
  gtk_orientable_set_orientation(self->figures_box, o);
  /* one line: the title and the details side by side on their baseline */
  gtk_box_set_spacing(GTK_BOX(self->text_box), compact ? 10 : 2);
  gtk_box_set_spacing(GTK_BOX(self->figures_box), compact ? 10 : 2);
  gtk_widget_set_valign(GTK_WIDGET(self->title), compact ? GTK_ALIGN_BASELINE : GTK_ALIGN_FILL);
  gtk_widget_set_valign(GTK_WIDGET(self->details), compact ? GTK_ALIGN_BASELINE : GTK_ALIGN_FILL);
  gtk_widget_set_valign(GTK_WIDGET(self->shape), compact ? GTK_ALIGN_BASELINE : GTK_ALIGN_FILL);
  gtk_widget_set_valign(GTK_WIDGET(self->params), compact ? GTK_ALIGN_BASELINE : GTK_ALIGN_FILL);
  gtk_image_set_pixel_size(self->icon, compact ? 20 : 24);
  if (compact) gtk_widget_add_css_class(GTK_WIDGET(self), "compact");
  else gtk_widget_remove_css_class(GTK_WIDGET(self), "compact");
}

void unroll_layer_card_set_index(UnrollLayerCard *self, int index) { self->index = index; }
int unroll_layer_card_get_index(UnrollLayerCard *self) { return self->index; }

char *unroll_layer_icon_name(ur_layer_kind kind) { return g_strdup_printf("unroll-layer-%s", ur_kind_id(kind)); }

void unroll_layer_card_set_drag_icon(GdkDrag *drag, ur_layer_kind kind, const char *title) {
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *icon_name = unroll_layer_icon_name(kind);
  GtkWidget *icon = gtk_image_new_from_icon_name(icon_name);
  gtk_image_set_pixel_size(GTK_IMAGE(icon), 24);
  GtkWidget *label = gtk_label_new(title);
  gtk_box_append(GTK_BOX(box), icon);
  gtk_box_append(GTK_BOX(box), label);
  gtk_widget_add_css_class(box, "drag-chip");
  gtk_drag_icon_set_child(GTK_DRAG_ICON(gtk_drag_icon_get_for_drag(drag)), box);
  gdk_drag_set_hotspot(drag, -12, -12); /* the chip beside the pointer, not under it */
}
