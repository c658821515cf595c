/* file_io.h: the ground floor for files: whole files in and out, and the
 * byte encodings the formats share.
 *
 *   ur_read_file          a whole file, up to a limit
 *   ur_write_file_atomic  a temporary file and rename(2): a failed save
 *                         leaves the old file as it was
 *   ur_fnv1a32            the checksum of model weights (model and run files)
 *   ur_base64_*           RFC 4648 with padding: a run's weights in a project
 *
 * It includes nothing of the engine.  Pure C, no GLib.
 */
#ifndef UR_FILE_IO_H
#define UR_FILE_IO_H

#include <stddef.h>
#include <stdint.h>

/* Reads a whole file of at most max_bytes; NULL with a reason. */
unsigned char *ur_read_file(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen);
/* Writes len bytes to path through a temporary file and rename(2).  0 or -1 with a reason. */
int ur_write_file_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen);

uint32_t ur_fnv1a32(const void *data, size_t len);

/* A malloc'd NUL-terminated encoding, *outlen without the NUL; NULL if out of memory. */
char *ur_base64_encode(const unsigned char *data, size_t len, size_t *outlen);
/* Decodes, skipping nothing: -1 on a character outside the alphabet. */
int ur_base64_decode(const char *text, size_t len, unsigned char *out, size_t *outlen);

#endif
