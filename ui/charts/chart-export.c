/* chart-export.c: chart files through Cairo's image, SVG and PDF surfaces. */
#include "chart-export.h"
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int chart_format_from_path(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (!dot) return -1;
  if (!strcasecmp(dot, ".png")) return CHART_FORMAT_PNG;
  if (!strcasecmp(dot, ".svg")) return CHART_FORMAT_SVG;
  if (!strcasecmp(dot, ".pdf")) return CHART_FORMAT_PDF;
  return -1;
}

int chart_export(const char *path, int width, int height, double scale, chart_draw_fn draw, void *data, char *err,
                 size_t errlen) {
  int fmt = chart_format_from_path(path);
  if (fmt < 0) {
    snprintf(err, errlen, "%s: the file name should end in .png, .svg or .pdf", path);
    return -1;
  }
  if (width < 16 || height < 16 || width > 20000 || height > 20000) {
    snprintf(err, errlen, "a chart must be 16 to 20000 units wide and high, not %d × %d", width, height);
    return -1;
  }
  if (!(scale > 0) || scale > 8) scale = 1;
  cairo_surface_t *s;
  if (fmt == CHART_FORMAT_PNG)
    s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(width * scale), (int)(height * scale));
  else if (fmt == CHART_FORMAT_SVG)
    s = cairo_svg_surface_create(path, width, height);
  else
    s = cairo_pdf_surface_create(path, width, height);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    snprintf(err, errlen, "%s: %s", path, cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_destroy(s);
    return -1;
  }
  cairo_t *cr = cairo_create(s);
  if (fmt == CHART_FORMAT_PNG) cairo_scale(cr, scale, scale);
  draw(cr, width, height, data);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  if (st == CAIRO_STATUS_SUCCESS && fmt == CHART_FORMAT_PNG) st = cairo_surface_write_to_png(s, path);
  cairo_surface_finish(s); /* SVG and PDF write their file here */
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(s);
  cairo_surface_destroy(s);
  if (st != CAIRO_STATUS_SUCCESS) {
    snprintf(err, errlen, "%s: %s", path, cairo_status_to_string(st));
    return -1;
  }
  return 0;
}
