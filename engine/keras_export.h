/* keras_export.h: a project's model as a tf.keras Python script.
 *
 * The script builds the same model as the engine (input [steps, features],
 * the same layers and settings; LN-SimpleRNN as the chapter's LNSimpleRNNCell
 * and the WaveNet block as the chapter's functional code), compiles it with
 * the project's loss and optimizer, prints its summary, and with --train
 * makes the chapter's synthetic data and fits it with the project's settings.
 * Pure C, no GLib.
 */
#ifndef UR_KERAS_EXPORT_H
#define UR_KERAS_EXPORT_H

#include <stddef.h>
#include "project.h"

/* The script as a malloc'd NUL-terminated string; NULL with the reason in
 * err when the stack is empty or invalid, or memory runs out. */
char *ur_keras_script(const ur_project *p, char *err, size_t errlen);

/* The script written to path (atomically); 0 or -1 with the reason. */
int ur_keras_export(const ur_project *p, const char *path, char *err, size_t errlen);

#endif
