/* spec_io.h: one layer spec as text, "kind key=value ...", the `layer`
 * line of model files, run blocks and projects.
 *
 *   gru units=20 activation=tanh return_sequences=1 dropout=0 recurrent_dropout=0
 *       kernel_size=2 strides=1 dilation_rate=1 padding=valid dilations=
 *
 * Every key is optional on reading (the kind's defaults fill the rest);
 * every value is range-checked.  Pure C, no GLib.
 */
#ifndef UR_SPEC_IO_H
#define UR_SPEC_IO_H

#include <stddef.h>
#include "spec.h"

/* 0, or -1 if buf is too small. */
int ur_spec_format(const ur_layer_spec *s, char *buf, size_t len);
/* 0, or -1 with a reason. */
int ur_spec_parse(const char *line, ur_layer_spec *s, char *err, size_t errlen);

#endif
