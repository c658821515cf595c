/* chart-export.c: chart files through Cairo's image, SVG and PDF surfaces.
 *
 * cairo writes a file itself (cairo_surface_write_to_png, an SVG or PDF
 * surface on a path) by truncating it first, so a full disk would leave a
 * 4 KB PNG or an empty SVG where the user's chart was.  Here cairo writes
 * into memory and engine/file_io.c saves the bytes: through a temporary
 * file and rename(2), keeping a symlink's target and the file's mode, as
 * every other save.  The image's size is checked before cairo allocates. */
#include "chart-export.h"
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "file_io.h"

int chart_format_from_path(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (!dot) return -1;
  if (!strcasecmp(dot, ".png")) return CHART_FORMAT_PNG;
  if (!strcasecmp(dot, ".svg")) return CHART_FORMAT_SVG;
  if (!strcasecmp(dot, ".pdf")) return CHART_FORMAT_PDF;
  return -1;
}

/* The bytes a surface writes, growing as it goes. */
typedef struct {
  unsigned char *data;
  size_t len, cap;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length) {
  sink *s = closure;
  if (length > s->cap - s->len) {
    size_t cap = s->cap ? s->cap : 65536;
    while (cap - s->len < length) {
      if (cap > SIZE_MAX / 2) return CAIRO_STATUS_NO_MEMORY;
      cap *= 2;
    }
    unsigned char *d = realloc(s->data, cap);
    if (!d) return CAIRO_STATUS_NO_MEMORY;
    s->data = d;
    s->cap = cap;
  }
  memcpy(s->data + s->len, data, length);
  s->len += length;
  return CAIRO_STATUS_SUCCESS;
}

int chart_check_size(const char *out, int width, int height, double scale, char *err, size_t errlen) {
  if (chart_format_from_path(out) != CHART_FORMAT_PNG) return 0; /* SVG and PDF are drawn, not painted: no pixels */
  double px = (double)(int)(width * scale) * (double)(int)(height * scale);
  if (px > CHART_MAX_PIXELS)
    return snprintf(err, errlen,
                    "a PNG of %d × %d at scale %g is %.0f million pixels; the limit is %d million (%d MB of "
                    "image in memory): lower the width, height or scale, or export an SVG or a PDF",
                    width, height, scale, px / 1e6, CHART_MAX_PIXELS / 1000000, CHART_MAX_PIXELS / 1000000 * 4),
           -1;
  return 0;
}

int chart_export(const char *out, int width, int height, double scale, chart_draw_fn draw, void *data, char *err,
                 size_t errlen) {
  int fmt = chart_format_from_path(out);
  if (fmt < 0) return snprintf(err, errlen, "%s: the file name should end in .png, .svg or .pdf", out), -1;
  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    return snprintf(err, errlen, "a chart must be 16 to 20000 units wide and high, not %d × %d", width, height), -1;
  if (!(scale > 0) || scale > 8) scale = 1;
  if (chart_check_size(out, width, height, scale, err, errlen) != 0) return -1;
  sink bytes = {NULL, 0, 0};
  cairo_surface_t *s;
  if (fmt == CHART_FORMAT_PNG)
    s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(width * scale), (int)(height * scale));
  else if (fmt == CHART_FORMAT_SVG)
    s = cairo_svg_surface_create_for_stream(sink_write, &bytes, width, height);
  else
    s = cairo_pdf_surface_create_for_stream(sink_write, &bytes, width, height);
  cairo_status_t st = cairo_surface_status(s);
  if (st == CAIRO_STATUS_SUCCESS) {
    cairo_t *cr = cairo_create(s);
    if (fmt == CHART_FORMAT_PNG) cairo_scale(cr, scale, scale);
    draw(cr, width, height, data);
    st = cairo_status(cr);
    cairo_destroy(cr);
  }
  if (st == CAIRO_STATUS_SUCCESS && fmt == CHART_FORMAT_PNG) st = cairo_surface_write_to_png_stream(s, sink_write, &bytes);
  cairo_surface_finish(s); /* SVG and PDF write their bytes here */
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(s);
  cairo_surface_destroy(s);
  int rc = -1;
  if (st != CAIRO_STATUS_SUCCESS)
    snprintf(err, errlen, "cannot draw %s: %s", out,
             st == CAIRO_STATUS_NO_MEMORY ? "out of memory" : cairo_status_to_string(st));
  else
    rc = ur_write_file_atomic(out, bytes.data, bytes.len, err, errlen);
  free(bytes.data);
  return rc;
}
