/* chart-export.h: any chart to a PNG, SVG or PDF file, chosen by extension.
 * The same drawing function draws on screen, so files look like the window. */
#ifndef UNROLL_CHART_EXPORT_H
#define UNROLL_CHART_EXPORT_H

#include <cairo.h>
#include <stddef.h>

typedef void (*chart_draw_fn)(cairo_t *cr, double width, double height, void *data);

typedef enum { CHART_FORMAT_PNG, CHART_FORMAT_SVG, CHART_FORMAT_PDF } chart_format;

/* The format a path's extension names (case-insensitive); -1 if none. */
int chart_format_from_path(const char *path);

/* A PNG's pixels, width × height × scale²: 50 million (an 8K image is 33
 * million) is 200 MB of ARGB in memory, drawn in seconds.  SVG and PDF have
 * no pixels and no limit beyond their 20000 units. */
#define CHART_MAX_PIXELS 50000000

/* 0 if path's format may be drawn this large, or -1 with the sizes and the
 * limit in words. */
int chart_check_size(const char *path, int width, int height, double scale, char *err, size_t errlen);

/* Draws width × height units (16 to 20000) in memory and saves them to path
 * atomically: pixels for PNG (drawn at `scale`, e.g. 2 for a sharp image on
 * a HiDPI screen), points for SVG and PDF.  A failed save leaves the old
 * file as it was.  0, or -1 with a reason. */
int chart_export(const char *path, int width, int height, double scale, chart_draw_fn draw, void *data, char *err,
                 size_t errlen);

#endif
