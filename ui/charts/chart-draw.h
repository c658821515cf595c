/* chart-draw.h: what every chart shares: colours, axes, grid, ticks, text, legend.
 *
 * Plain Cairo and Pango on a cairo_t, no GTK: the widgets draw through
 * gtk_snapshot_append_cairo and `unroll plot` draws the same charts onto
 * PNG, SVG and PDF surfaces.  Sizes are in device units (pixels at 1×).
 *
 * A chart is laid out as
 *
 *   ┌──────────────────────────────────────────┐
 *   │ title                        legend ──┐  │
 *   │ y ┌───────────────────────────────┐   │  │
 *   │ t │  plot area: grid, data, clip  │   │  │
 *   │ i │                               │      │
 *   │ c └───────────────────────────────┘      │
 *   │ks   x ticks, x label                     │
 *   └──────────────────────────────────────────┘
 */
#ifndef UNROLL_CHART_DRAW_H
#define UNROLL_CHART_DRAW_H

#include <cairo.h>
#include <stddef.h>

typedef struct {
  double r, g, b;
} chart_rgb;

/* Light or dark, from the widget's theme; the CLI uses the light one. */
typedef struct {
  chart_rgb bg, fg, muted, grid, frame;
  int dark;
} chart_theme;

const chart_theme *chart_theme_light(void);
const chart_theme *chart_theme_dark(void);

/* A run's colour: the same index gives the same colour in every chart and
 * in the runs list (a qualitative palette that stays apart for the
 * colour-blind: Okabe–Ito, then Tableau's). */
chart_rgb chart_run_colour(int index);
int chart_run_colour_count(void);
/* The baselines and the truth have fixed colours of their own: greys,
 * which no run uses, told apart by their dashes (chart_baseline_line). */
chart_rgb chart_naive_colour(const chart_theme *t);
chart_rgb chart_linear_colour(const chart_theme *t);
chart_rgb chart_snaive_colour(const chart_theme *t);
chart_rgb chart_truth_colour(const chart_theme *t);
chart_rgb chart_input_colour(const chart_theme *t);

void chart_set_rgb(cairo_t *cr, chart_rgb c, double alpha);

/* Markers, as in the notebook's matplotlib styles. */
typedef enum {
  CHART_MARK_NONE,
  CHART_MARK_DOT,    /* "."  small filled dot */
  CHART_MARK_CIRCLE, /* "o"  open circle */
  CHART_MARK_CROSS,  /* "x"  cross */
  CHART_MARK_SQUARE, /* "s"  small filled square */
  CHART_MARK_BAND,   /* a shaded patch: a group's min–max band, in a legend */
} chart_mark;
void chart_marker(cairo_t *cr, chart_mark m, double x, double y, double size);

typedef enum { CHART_LINE_NONE, CHART_LINE_SOLID, CHART_LINE_DASHED, CHART_LINE_DOTTED, CHART_LINE_DASHDOT } chart_line;
void chart_set_line(cairo_t *cr, chart_line style, double width);

/* The baselines: naive dashed, linear dash-dotted, seasonal naive dotted. */
typedef enum { CHART_BASELINE_NAIVE, CHART_BASELINE_LINEAR, CHART_BASELINE_SNAIVE } chart_baseline;
chart_rgb chart_baseline_colour(const chart_theme *t, chart_baseline b);
chart_line chart_baseline_line(chart_baseline b);
const char *chart_baseline_name(chart_baseline b); /* "naive", "linear", "seasonal naive" */


/* ---- axes --------------------------------------------------------------- */

typedef struct {
  double x0, x1, y0, y1; /* data ranges (y in data units even on a log axis) */
  int log_y;             /* y on log10 */
  double left, top, width, height; /* plot area, device units */
} chart_axes;

double chart_px(const chart_axes *a, double x); /* data → device */
double chart_py(const chart_axes *a, double y);
double chart_data_x(const chart_axes *a, double px); /* device → data */
double chart_data_y(const chart_axes *a, double py);
int chart_inside(const chart_axes *a, double px, double py);

/* A shaded band between lo(x) and hi(x) at n points (x[i], lo[i], hi[i]);
 * a gap where a value is missing.  The current source is the fill. */
void chart_band(cairo_t *cr, const chart_axes *a, int n, const double *x, const double *lo, const double *hi);

/* What a person zoomed or panned to: the data ranges a chart shows
 * instead of its own (on == 0: the chart chooses). */
typedef struct {
  int on;
  double x0, x1, y0, y1;
} chart_view;
/* Takes the view's ranges into a when it is on. */
void chart_apply_view(chart_axes *a, const chart_view *v);

/* Round tick positions covering [lo, hi]: steps of 1, 2 or 5 × 10^k, at
 * most max of them.  Returns the count; *step receives the spacing. */
int chart_nice_ticks(double lo, double hi, int max, double *ticks, double *step);
/* Widens [*lo, *hi] to round numbers (a range of zero width grows around it). */
void chart_nice_range(double *lo, double *hi, int log);

/* Formats a tick or a value in few characters: 0.5, 0.002, 1e-05, 12k. */
void chart_format_value(double v, char *buf, size_t len);

typedef struct {
  const char *title;
  const char *subtitle; /* beside the title, in the muted colour; may be NULL */
  const char *x_label, *y_label;
  int x_integer;        /* x ticks at whole numbers only (epochs, steps ahead) */
  double right;         /* room kept right of the plot area (a legend outside it) */
  int x_dates;          /* x is seconds since 1970 (UTC): calendar ticks, labelled as dates */
} chart_labels;

/* Places the plot area as chart_draw_frame would, without drawing. */
void chart_layout_frame(cairo_t *cr, double w, double h, chart_axes *a, const chart_labels *l);

/* Fills the background, places the plot area inside w × h (leaving room for
 * the title, tick labels and axis labels), draws the grid, the ticks and the
 * labels.  a's data ranges must be set; its plot area is filled in. */
void chart_draw_frame(cairo_t *cr, double w, double h, const chart_theme *t, chart_axes *a, const chart_labels *l);
/* Clips drawing to the plot area (cairo_save first; cairo_restore after). */
void chart_clip(cairo_t *cr, const chart_axes *a);

/* ---- text --------------------------------------------------------------- */

typedef enum { CHART_FONT_SMALL, CHART_FONT_NORMAL, CHART_FONT_TITLE } chart_font;
/* Draws text anchored at (x, y): ax, ay in 0..1 pick the anchor (0, 0 = top
 * left; 0.5, 0.5 = centre).  Returns the text's width. */
double chart_text(cairo_t *cr, const char *text, double x, double y, double ax, double ay, chart_font f);
void chart_text_size(cairo_t *cr, const char *text, chart_font f, double *w, double *h);

/* ---- legend ------------------------------------------------------------- */

typedef struct {
  const char *label;
  chart_rgb colour;
  chart_line line;
  chart_mark mark;
  double width;
} chart_legend_item;

typedef enum {
  CHART_LEGEND_TOP_RIGHT, CHART_LEGEND_TOP_LEFT, CHART_LEGEND_BOTTOM_LEFT, CHART_LEGEND_BOTTOM_RIGHT,
  CHART_LEGEND_OUTSIDE
} chart_legend_place;
/* A boxed legend in a corner of the plot area, over a translucent
 * background, or outside it on the right (keep chart_legend_width of room). */
void chart_draw_legend(cairo_t *cr, const chart_theme *t, const chart_axes *a, const chart_legend_item *items, int n,
                       chart_legend_place place);
double chart_legend_width(cairo_t *cr, const chart_legend_item *items, int n);
/* The inside corner whose legend box would hide the fewest of the n data
 * points (x[i], y[i], in data units); ties go to the top right.  *hidden
 * (may be NULL) receives how many it hides there. */
chart_legend_place chart_legend_best_corner(cairo_t *cr, const chart_axes *a, const chart_legend_item *items, int ni,
                                            const double *x, const double *y, int n);
chart_legend_place chart_legend_corner_hiding(cairo_t *cr, const chart_axes *a, const chart_legend_item *items, int ni,
                                              const double *x, const double *y, int n, int *hidden);
/* Where a legend hides no data: the emptiest corner when it hides no point
 * there, else outside the plot on the right when the chart is wide enough
 * (l->right then keeps its room and a is laid out again), else the corner
 * that hides the fewest.  a's ranges are set; its plot area is laid out. */
chart_legend_place chart_legend_fit(cairo_t *cr, double w, double h, chart_axes *a, chart_labels *l,
                                    const chart_legend_item *items, int ni, const double *x, const double *y, int n);

/* A readout box near (px, py): a few lines, the first in bold. */
void chart_draw_readout(cairo_t *cr, const chart_theme *t, const chart_axes *a, double px, double py,
                        const char *const *lines, int n);

/* A message centred in the plot area ("No runs selected"). */
void chart_draw_empty(cairo_t *cr, const chart_theme *t, double w, double h, const char *title, const char *message);

#endif
