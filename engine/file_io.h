/* file_io.h: the ground floor for files: whole files in and out, and the
 * byte encodings the formats share.
 *
 *   ur_read_file          a whole regular file, up to a limit: a folder,
 *                         a FIFO or a device is refused by what it is,
 *                         before anything is read, and a file that turns
 *                         out longer than the limit is read no further
 *   ur_write_file_atomic  a temporary file and rename(2): a failed save
 *                         leaves the old file as it was, and no temporary
 *                         file behind.  A save keeps the file's identity:
 *                         through a symbolic link it writes the file the
 *                         link leads to, and it keeps the old file's mode
 *                         (and owner, where the user may); a new file gets
 *                         0666 less the umask, as any new file.  The
 *                         temporary file has a short name in the same
 *                         folder, so any name the folder takes can be saved.
 *   ur_fnv1a32            the checksum of model weights (model and run files)
 *   ur_base64_*           RFC 4648 with padding: a run's weights in a project
 *
 * It includes nothing of the engine.  Pure C, no GLib.
 */
#ifndef UR_FILE_IO_H
#define UR_FILE_IO_H

#include <stddef.h>
#include <stdint.h>

/* Reads a whole regular file of at most max_bytes (malloc'd); NULL with a
 * reason: "cannot open X: ...", "X is a directory, not a file", "X is
 * larger than 1 GiB: it holds 3.2 GiB". */
unsigned char *ur_read_file(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen);
/* Writes len bytes to path through a temporary file and rename(2).  0 or
 * -1 with a reason: "cannot save X: the folder D does not exist", "... the
 * disk is full", "cannot save X: it is a directory, not a file". */
int ur_write_file_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen);
/* Whether a save to path could start, in the same words as a failed save:
 * its folder exists and this user may write there, and the path is not a
 * folder or a device.  For a caller with long work to do before it saves
 * (a chart to draw).  0 or -1 with the reason. */
int ur_file_check_writable(const char *path, char *err, size_t errlen);

/* A file mode's kind in words when it is not a regular file ("a directory",
 * "a FIFO (a pipe)", "a character device", ...); NULL for a regular file. */
const char *ur_file_kind(unsigned mode);
/* A size in words, "512 MiB", "1.5 GiB", "300 bytes", into buf; returns buf. */
const char *ur_file_size_words(size_t bytes, char *buf, size_t len);

uint32_t ur_fnv1a32(const void *data, size_t len);

/* A malloc'd NUL-terminated encoding, *outlen without the NUL; NULL if out of memory. */
char *ur_base64_encode(const unsigned char *data, size_t len, size_t *outlen);
/* Decodes, skipping nothing: -1 on a character outside the alphabet. */
int ur_base64_decode(const char *text, size_t len, unsigned char *out, size_t *outlen);

#endif
