/* model_io.h: saving and loading a model (layer stack and weights).
 *
 * The file format, version 1 (text header, binary weights):
 *
 *   unroll-model 1
 *   input <steps> <features>
 *   layer <kind> key=value ...          one line per layer (ur_spec_format)
 *   source <words> / series <words>     optional: what the model was trained
 *                                       on, for forecasting with it later
 *                                       (model_origin.h); kept as text here
 *   weights <n_params> <n_state> <fnv1a-32 of the bytes below, 8 hex digits>
 *   <n_params + n_state little-endian IEEE float32: parameters in the
 *    order of ur_model_tensors, then BatchNorm moving statistics>
 *
 * The header is ASCII, lines end in '\n', at most 64 layers.  A loader
 * checks every field, that the counts match what the stack needs, that the
 * file holds exactly that many bytes and that the checksum matches, and
 * reports the first problem in words.  Saving writes a temporary file in
 * the same folder and renames it over the old one.
 */
#ifndef UR_MODEL_IO_H
#define UR_MODEL_IO_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"

/* In memory: a malloc'd buffer (caller frees) / a model from bytes. */
unsigned char *ur_model_serialize(const ur_model *m, size_t *len);
ur_model *ur_model_deserialize(const unsigned char *buf, size_t len, char *err, size_t errlen);

/* To and from a file; errors name the file's problem. */
int ur_model_save(const ur_model *m, const char *path, char *err, size_t errlen);
ur_model *ur_model_load(const char *path, char *err, size_t errlen);

/* The same with the origin lines: origin is "source ...\nseries ...\n"
 * text (NULL: none) written before the weights; reading gives them back
 * in *origin (malloc'd, NULL when the file has none). */
unsigned char *ur_model_serialize_with(const ur_model *m, const char *origin, size_t *len);
ur_model *ur_model_deserialize_with(const unsigned char *buf, size_t len, char **origin, char *err, size_t errlen);
int ur_model_save_with(const ur_model *m, const char *origin, const char *path, char *err, size_t errlen);
ur_model *ur_model_load_with(const char *path, char **origin, char *err, size_t errlen);

#endif
