/* cmd_plot_out.h: `unroll plot`'s file: an atomic save of a chart drawn in
 * memory, and the size limit checked before anything is drawn. */
#ifndef UNROLL_CMD_PLOT_OUT_H
#define UNROLL_CMD_PLOT_OUT_H

#include <stddef.h>
#include "chart-export.h"

/* A PNG's pixels, width × height × scale²: 50 million (an 8K image is 33
 * million) is 200 MB of ARGB in memory, drawn in seconds.  SVG and PDF have
 * no pixels and no limit beyond --width and --height. */
#define PLOT_MAX_PIXELS 50000000

/* 0 if out's format may be drawn this large, or -1 with the sizes and the
 * limit in words. */
int cli_plot_check_size(const char *out, int width, int height, double scale, char *err, size_t errlen);

/* Draws the chart into memory and saves it to out with
 * ur_write_file_atomic: a failed save leaves the old file as it was.  0, or
 * -1 with a reason. */
int cli_plot_save(const char *out, int width, int height, double scale, chart_draw_fn draw, void *data, char *err,
                  size_t errlen);

#endif
