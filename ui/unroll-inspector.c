/* unroll-inspector.c: see unroll-inspector.h.
 *
 * All the fields live in one grid from the template; a kind shows the rows
 * it uses.  Refreshing from the document sets only values that differ, with
 * the change handlers muted, so an edit never echoes back into a second one
 * and the text being typed is left alone.
 */
#include "unroll-inspector.h"
#include "unroll-widget.h"
#include "unroll-canvas.h"
#include "unroll-layer-card.h"

enum { F_UNITS, F_ACTIVATION, F_RS, F_DROPOUT, F_RDROPOUT, F_KERNEL, F_STRIDES, F_DILATION, F_PADDING, F_DILATIONS, N_FIELDS };
static const char *field_names[N_FIELDS] = {"units", "activation", "return_sequences", "dropout", "recurrent_dropout",
                                            "kernel_size", "strides", "dilation_rate", "padding", "dilations"};
/* Their ids in the template: "<name>_field" and "<name>_label". */
static const char *field_ids[N_FIELDS] = {"units_field", "activation_field", "return_sequences_field", "dropout_field",
                                          "recurrent_dropout_field", "kernel_size_field", "strides_field",
                                          "dilation_rate_field", "padding_field", "dilations_field"};
static const char *label_ids[N_FIELDS] = {"units_label", "activation_label", "return_sequences_label", "dropout_label",
                                          "recurrent_dropout_label", "kernel_size_label", "strides_label",
                                          "dilation_rate_label", "padding_label", "dilations_label"};
/* and "<name>_hint": the line under the field that says what it does */
static const char *hint_ids[N_FIELDS] = {"units_hint", "activation_hint", "return_sequences_hint", "dropout_hint",
                                         "recurrent_dropout_hint", "kernel_size_hint", "strides_hint",
                                         "dilation_rate_hint", "padding_hint", "dilations_hint"};

struct _UnrollInspector {
  GtkWidget parent_instance;
  GtkStack *stack;
  GtkImage *kind_icon;
  GtkLabel *kind_title, *kind_summary, *in_shape, *out_shape, *param_count, *no_settings, *input_shape, *input_text;
  GtkWidget *problem_box;
  GtkLabel *problem_label;
  GtkWidget *labels[N_FIELDS], *fields[N_FIELDS], *hints[N_FIELDS];
  GtkLabel *units_label, *dropout_label;

  UnrollDocument *doc;
  int selected;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE(UnrollInspector, unroll_inspector, GTK_TYPE_WIDGET)

static unsigned field_mask(ur_layer_kind k) {
  switch (k) {
  case UR_DENSE: case UR_TIME_DISTRIBUTED: return 1u << F_UNITS | 1u << F_ACTIVATION;
  case UR_SIMPLE_RNN: case UR_LSTM: case UR_GRU: case UR_LN_SIMPLE_RNN:
    return 1u << F_UNITS | 1u << F_ACTIVATION | 1u << F_RS | 1u << F_DROPOUT | 1u << F_RDROPOUT;
  case UR_DROPOUT: return 1u << F_DROPOUT;
  case UR_CONV1D:
    return 1u << F_UNITS | 1u << F_KERNEL | 1u << F_STRIDES | 1u << F_DILATION | 1u << F_PADDING | 1u << F_ACTIVATION;
  case UR_WAVENET: return 1u << F_UNITS | 1u << F_DILATIONS;
  default: return 0;
  }
}

/* "1, 2, 4" → rates; -1 unless 1..16 whole numbers from 1 to 4096. */
static int parse_dilations(const char *text, int *out) {
  g_auto(GStrv) parts = g_strsplit_set(text, ", ", -1);
  int n = 0;
  for (int i = 0; parts[i]; i++) {
    if (!parts[i][0]) continue;
    guint64 v;
    if (n == UR_MAX_DILATIONS || !g_ascii_string_to_unsigned(parts[i], 10, 1, 4096, &v, NULL)) return -1;
    out[n++] = (int)v;
  }
  return n > 0 ? n : -1;
}

static void format_dilations(const ur_layer_spec *s, char *buf, size_t len) {
  size_t o = 0;
  buf[0] = 0;
  for (int i = 0; i < s->n_dilations && o + 8 < len; i++) o += (size_t)g_snprintf(buf + o, len - o, "%s%d", i ? ", " : "", s->dilations[i]);
}

static const ur_layer_spec *current(UnrollInspector *self) {
  if (!self->doc) return NULL;
  const ur_project *p = unroll_document_get_project(self->doc);
  return self->selected >= 0 && self->selected < p->n_layers ? &p->layers[self->selected] : NULL;
}

static void set_spin(GtkWidget *w, double v) {
  if (gtk_spin_button_get_value(GTK_SPIN_BUTTON(w)) != v) gtk_spin_button_set_value(GTK_SPIN_BUTTON(w), v);
}
static void set_drop(GtkWidget *w, guint v) {
  if (gtk_drop_down_get_selected(GTK_DROP_DOWN(w)) != v) gtk_drop_down_set_selected(GTK_DROP_DOWN(w), v);
}

/* The input's page: its shape and what it reads. */
static void show_input(UnrollInspector *self, const ur_project *p) {
  char buf[600];
  ur_shape_format(p->input, buf, sizeof buf);
  gtk_label_set_label(self->input_shape, buf);
  g_snprintf(buf, sizeof buf,
             "The model reads windows of %d time steps of each series, %d feature per step. "
             "The steps follow the data settings below.",
             p->input.steps, p->input.features);
  gtk_label_set_label(self->input_text, buf);
  gtk_stack_set_visible_child_name(self->stack, "input");
}

/* The layer page's head: the kind, its place, its shapes and parameters,
 * and the problem when the stack breaks here. */
static void show_layer_head(UnrollInspector *self, const ur_project *p, const UnrollAnalysis *a, const ur_layer_spec *s) {
  char buf[600], count[32];
  int i = self->selected;
  g_autofree char *icon = unroll_layer_icon_name(s->kind);
  gtk_image_set_from_icon_name(self->kind_icon, icon);
  gtk_label_set_label(self->kind_title, ur_kind_name(s->kind));
  g_snprintf(buf, sizeof buf, "Layer %d of %d. %s.", i + 1, p->n_layers, ur_kind_summary(s->kind));
  gtk_label_set_label(self->kind_summary, buf);
  /* the first layer without an output still has an input (a->in[known]) */
  if (i <= a->known) ur_shape_format(a->in[i], buf, sizeof buf);
  gtk_label_set_label(self->in_shape, i <= a->known ? buf : "—");
  if (i < a->known) {
    ur_shape_format(a->out[i], buf, sizeof buf);
    gtk_label_set_label(self->out_shape, buf);
    unroll_format_count(a->params[i], count, sizeof count);
    gtk_label_set_label(self->param_count, count);
  } else {
    gtk_label_set_label(self->out_shape, "—");
    gtk_label_set_label(self->param_count, "—");
  }
  gtk_widget_set_visible(self->problem_box, i == a->bad_layer);
  if (i == a->bad_layer) gtk_label_set_label(self->problem_label, a->card_why);
}

/* The fields the kind uses, shown with the layer's values. */
static void show_layer_fields(UnrollInspector *self, const ur_layer_spec *s) {
  char buf[600];
  unsigned mask = field_mask(s->kind);
  for (int f = 0; f < N_FIELDS; f++) {
    gtk_widget_set_visible(self->labels[f], (mask >> f) & 1);
    gtk_widget_set_visible(self->fields[f], (mask >> f) & 1);
    gtk_widget_set_visible(self->hints[f], (mask >> f) & 1);
  }
  gtk_widget_set_visible(GTK_WIDGET(self->no_settings), mask == 0);
  if (mask == 0) {
    char d[200];
    ur_spec_describe(s, d, sizeof d);
    g_snprintf(buf, sizeof buf, "%s has no settings to choose%s%s%s.", ur_kind_name(s->kind), d[0] ? " (" : "", d,
               d[0] ? ", as Keras)" : "");
    gtk_label_set_label(self->no_settings, buf);
  }
  gboolean conv = s->kind == UR_CONV1D || s->kind == UR_WAVENET;
  gtk_label_set_label(self->units_label, conv ? "Filters" : "Units");
  gtk_label_set_label(GTK_LABEL(self->hints[F_UNITS]),
                      conv ? "Features out at each step: one per filter."
                      : ur_kind_is_recurrent(s->kind) ? "The size of the state, and of each step's output."
                                                      : "Outputs at each step: one per neuron.");
  gtk_label_set_label(GTK_LABEL(self->hints[F_DROPOUT]),
                      s->kind == UR_DROPOUT ? "The share of the inputs set to zero at each training step (0 is off)."
                                            : "0 is off. The share of the inputs dropped at each training step.");
  gtk_label_set_label(self->dropout_label, s->kind == UR_DROPOUT ? "Rate" : "Dropout");
  set_spin(self->fields[F_UNITS], s->units);
  set_drop(self->fields[F_ACTIVATION], s->activation);
  if (gtk_switch_get_active(GTK_SWITCH(self->fields[F_RS])) != !!s->return_sequences)
    gtk_switch_set_active(GTK_SWITCH(self->fields[F_RS]), s->return_sequences);
  set_spin(self->fields[F_DROPOUT], s->dropout);
  set_spin(self->fields[F_RDROPOUT], s->recurrent_dropout);
  set_spin(self->fields[F_KERNEL], s->kernel_size);
  set_spin(self->fields[F_STRIDES], s->strides);
  set_spin(self->fields[F_DILATION], s->dilation_rate);
  set_drop(self->fields[F_PADDING], s->padding);
  int rates[UR_MAX_DILATIONS];
  GtkEditable *e = GTK_EDITABLE(self->fields[F_DILATIONS]);
  int n = parse_dilations(gtk_editable_get_text(e), rates);
  if (n != s->n_dilations || memcmp(rates, s->dilations, sizeof(int) * (size_t)MAX(n, 0))) {
    format_dilations(s, buf, sizeof buf);
    gtk_editable_set_text(e, buf);
  }
  gtk_widget_remove_css_class(self->fields[F_DILATIONS], "error");
}

static void refresh(UnrollInspector *self) {
  self->updating = TRUE;
  const ur_project *p = self->doc ? unroll_document_get_project(self->doc) : NULL;
  const ur_layer_spec *s = current(self);
  if (p && self->selected == UNROLL_CANVAS_INPUT) {
    show_input(self, p);
  } else if (!s) {
    gtk_stack_set_visible_child_name(self->stack, "empty");
  } else {
    show_layer_head(self, p, unroll_document_get_analysis(self->doc), s);
    show_layer_fields(self, s);
    gtk_stack_set_visible_child_name(self->stack, "layer");
  }
  self->updating = FALSE;
}

/* One handler for every field: read it into a copy of the spec, hand the
 * copy to the document. */
static void on_field_changed(UnrollInspector *self, GtkWidget *w) {
  if (self->updating) return;
  const ur_layer_spec *cur = current(self);
  if (!cur) return;
  ur_layer_spec s = *cur;
  int f = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(w), "unroll-field"));
  switch (f) {
  case F_UNITS: s.units = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(w)); break;
  case F_ACTIVATION: s.activation = (ur_activation)gtk_drop_down_get_selected(GTK_DROP_DOWN(w)); break;
  case F_RS: s.return_sequences = gtk_switch_get_active(GTK_SWITCH(w)); break;
  case F_DROPOUT: s.dropout = (float)gtk_spin_button_get_value(GTK_SPIN_BUTTON(w)); break;
  case F_RDROPOUT: s.recurrent_dropout = (float)gtk_spin_button_get_value(GTK_SPIN_BUTTON(w)); break;
  case F_KERNEL: s.kernel_size = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(w)); break;
  case F_STRIDES: s.strides = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(w)); break;
  case F_DILATION: s.dilation_rate = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(w)); break;
  case F_PADDING: s.padding = (ur_padding)gtk_drop_down_get_selected(GTK_DROP_DOWN(w)); break;
  case F_DILATIONS: {
    int n = parse_dilations(gtk_editable_get_text(GTK_EDITABLE(w)), s.dilations);
    if (n < 0) {
      gtk_widget_add_css_class(w, "error");
      return;
    }
    gtk_widget_remove_css_class(w, "error");
    s.n_dilations = n;
    break;
  }
  default: return;
  }
  char key[64];
  g_snprintf(key, sizeof key, "%s:%d", field_names[f], self->selected);
  unroll_document_set_layer(self->doc, self->selected, &s, key);
}

static void on_spin_changed(GtkSpinButton *w, UnrollInspector *self) { on_field_changed(self, GTK_WIDGET(w)); }
static void on_drop_changed(GObject *w, GParamSpec *ps, UnrollInspector *self) {
  (void)ps;
  on_field_changed(self, GTK_WIDGET(w));
}
static void on_entry_changed(GtkEditable *w, UnrollInspector *self) { on_field_changed(self, GTK_WIDGET(w)); }

static void on_doc_changed(UnrollDocument *doc, UnrollInspector *self) {
  (void)doc;
  refresh(self);
}

void unroll_inspector_set_document(UnrollInspector *self, UnrollDocument *doc) {
  if (self->doc) g_signal_handlers_disconnect_by_data(self->doc, self);
  g_set_object(&self->doc, doc);
  if (doc) g_signal_connect(doc, "changed", G_CALLBACK(on_doc_changed), self);
  refresh(self);
}

void unroll_inspector_set_selected(UnrollInspector *self, int selected) {
  self->selected = selected;
  refresh(self);
}

static void unroll_inspector_dispose(GObject *object) {
  UnrollInspector *self = UNROLL_INSPECTOR(object);
  if (self->doc) g_signal_handlers_disconnect_by_data(self->doc, self);
  g_clear_object(&self->doc);
  unroll_widget_dispose_template(GTK_WIDGET(self), UNROLL_TYPE_INSPECTOR);
  G_OBJECT_CLASS(unroll_inspector_parent_class)->dispose(object);
}

static void unroll_inspector_class_init(UnrollInspectorClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = unroll_inspector_dispose;
  unroll_widget_class_set_template(wc, "unroll-inspector.ui", GTK_TYPE_BIN_LAYOUT, "inspector");
  gtk_widget_class_bind_template_child(wc, UnrollInspector, stack);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, kind_icon);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, kind_title);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, kind_summary);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, in_shape);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, out_shape);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, param_count);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, no_settings);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, input_shape);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, input_text);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, problem_box);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, problem_label);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, units_label);
  gtk_widget_class_bind_template_child(wc, UnrollInspector, dropout_label);
  for (int f = 0; f < N_FIELDS; f++) {
    gtk_widget_class_bind_template_child_full(wc, field_ids[f], FALSE, 0);
    gtk_widget_class_bind_template_child_full(wc, hint_ids[f], FALSE, 0);
    if (f != F_UNITS && f != F_DROPOUT) gtk_widget_class_bind_template_child_full(wc, label_ids[f], FALSE, 0);
  }
}

static void unroll_inspector_init(UnrollInspector *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->selected = UNROLL_CANVAS_NONE;
  /* Fields are looked up by id ("units_field", "units_label"...) so one
   * loop wires them all. */
  for (int f = 0; f < N_FIELDS; f++) {
    self->fields[f] = GTK_WIDGET(gtk_widget_get_template_child(GTK_WIDGET(self), UNROLL_TYPE_INSPECTOR, field_ids[f]));
    self->labels[f] = f == F_UNITS ? GTK_WIDGET(self->units_label)
                      : f == F_DROPOUT ? GTK_WIDGET(self->dropout_label)
                      : GTK_WIDGET(gtk_widget_get_template_child(GTK_WIDGET(self), UNROLL_TYPE_INSPECTOR, label_ids[f]));
    self->hints[f] = GTK_WIDGET(gtk_widget_get_template_child(GTK_WIDGET(self), UNROLL_TYPE_INSPECTOR, hint_ids[f]));
    g_assert(self->fields[f] && self->labels[f] && self->hints[f]);
    g_object_set_data(G_OBJECT(self->fields[f]), "unroll-field", GINT_TO_POINTER(f));
    if (GTK_IS_SPIN_BUTTON(self->fields[f]))
      g_signal_connect(self->fields[f], "value-changed", G_CALLBACK(on_spin_changed), self);
    else if (GTK_IS_DROP_DOWN(self->fields[f]))
      g_signal_connect(self->fields[f], "notify::selected", G_CALLBACK(on_drop_changed), self);
    else if (GTK_IS_SWITCH(self->fields[f]))
      g_signal_connect(self->fields[f], "notify::active", G_CALLBACK(on_drop_changed), self);
    else
      g_signal_connect(self->fields[f], "changed", G_CALLBACK(on_entry_changed), self);
  }
}
