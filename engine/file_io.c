/* file_io.c: see file_io.h. */
#include "file_io.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINK_HOPS 40 /* the kernel's own limit (ELOOP) */
#define TEMP_TRIES 100

uint32_t ur_fnv1a32(const void *data, size_t len) {
  const unsigned char *p = data;
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}

const char *ur_file_kind(unsigned mode) {
  mode_t m = (mode_t)mode;
  return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO (a pipe)" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : S_ISREG(m) ? NULL : "a special file";
}

const char *ur_file_size_words(size_t bytes, char *buf, size_t len) {
  static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double v = (double)bytes;
  int u = 0;
  while (v >= 1024 && u < 4) v /= 1024, u++;
  if (u == 0) snprintf(buf, len, "%zu bytes", bytes);
  else snprintf(buf, len, v == (double)(long long)v ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

/* ---- reading ---------------------------------------------------------- */

/* Reads fd to its end, into a buffer of at most max_bytes (first sized for
 * `expect` bytes): the buffer, or NULL with *too_big set or errno. */
static unsigned char *read_all(int fd, size_t expect, size_t max_bytes, size_t *len, int *too_big) {
  size_t cap = expect < max_bytes ? expect + 1 : max_bytes + 1, n = 0;
  if (cap < 4096 && max_bytes >= 4096) cap = 4096;
  unsigned char *buf = malloc(cap);
  while (buf) {
    if (n == cap) { /* a file that grew, or a size the file system did not tell */
      if (cap > max_bytes) {
        *too_big = 1;
        break;
      }
      size_t grow = cap > max_bytes / 2 ? max_bytes + 1 : cap * 2;
      unsigned char *nb = realloc(buf, grow);
      if (!nb) break;
      buf = nb;
      cap = grow;
    }
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) break;
    if (r == 0) {
      *len = n;
      return buf;
    }
    n += (size_t)r;
  }
  int e = errno;
  free(buf);
  errno = e;
  return NULL;
}

unsigned char *ur_read_file(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen) {
  char size[32], limit[32];
  /* O_NONBLOCK: a FIFO must not block the open before it is refused */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  const char *kind = NULL;
  unsigned char *buf = NULL;
  int too_big = 0;
  if (fstat(fd, &st) != 0) snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
  else if ((kind = ur_file_kind(st.st_mode))) snprintf(err, errlen, "%s is %s, not a file", path, kind);
  else if ((uintmax_t)st.st_size > max_bytes) too_big = 1;
  else if (!(buf = read_all(fd, (size_t)st.st_size, max_bytes, len, &too_big)) && !too_big)
    snprintf(err, errlen, errno == ENOMEM ? "out of memory reading %s" : "cannot read %s: %s", path, strerror(errno));
  if (too_big)
    snprintf(err, errlen, "%s is larger than %s%s%s", path, ur_file_size_words(max_bytes, limit, sizeof limit),
             st.st_size > 0 ? ": it holds " : "",
             st.st_size > 0 ? ur_file_size_words((size_t)st.st_size, size, sizeof size) : "");
  close(fd);
  return buf;
}

/* ---- where a save goes ---------------------------------------------------- */

/* The folder of a path, malloc'd: "." for a bare name, "/" for a name in the root. */
static char *folder_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  size_t n = slash == path ? 1 : (size_t)(slash - path);
  char *d = malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, path, n);
  d[n] = 0;
  return d;
}

/* Where the symbolic link at path points, as a path from the current folder;
 * malloc'd, NULL with errno set. */
static char *link_target(const char *path, size_t size_hint) {
  for (size_t cap = size_hint + 1 > 256 ? size_hint + 1 : 256;; cap *= 2) {
    char *t = malloc(cap);
    if (!t) return NULL;
    ssize_t n = readlink(path, t, cap);
    if (n < 0 || (size_t)n < cap) {
      if (n < 0) {
        int e = errno;
        free(t);
        errno = e;
        return NULL;
      }
      t[n] = 0;
      if (t[0] == '/') return t;
      char *dir = folder_of(path), *full = dir ? malloc(strlen(dir) + (size_t)n + 2) : NULL;
      if (full) sprintf(full, "%s/%s", dir, t);
      free(dir);
      free(t);
      return full;
    }
    free(t);
  }
}

/* The file a save replaces: path itself or, through symbolic links, the
 * file they lead to (which need not exist yet).  malloc'd, NULL with errno. */
static char *save_target(const char *path) {
  char *cur = strdup(path);
  for (int hops = 0; cur; hops++) {
    struct stat lst;
    if (lstat(cur, &lst) != 0) {
      if (errno == ENOENT) return cur; /* a new file, or a dangling link's target */
      break;
    }
    if (!S_ISLNK(lst.st_mode)) return cur;
    if (hops == MAX_LINK_HOPS) {
      errno = ELOOP;
      break;
    }
    char *next = link_target(cur, (size_t)lst.st_size);
    free(cur);
    cur = next;
  }
  int e = errno;
  free(cur);
  errno = e;
  return NULL;
}

/* "cannot save PATH: " and what errno e means there; -1. */
static int save_error(char *err, size_t errlen, const char *path, const char *dir, int e) {
  const char *why = e == ENOENT ? "the folder %s does not exist"
                    : e == ENOTDIR ? "a part of %s is not a folder"
                    : e == EACCES || e == EPERM ? "no permission to write in the folder %s"
                    : e == EROFS ? "the folder %s is on a read-only file system"
                    : e == ENOSPC ? "the disk is full"
                    : e == EDQUOT ? "the disk quota is used up"
                    : e == ENAMETOOLONG ? "the name is too long for the file system"
                    : e == ELOOP ? "too many symbolic links"
                    : NULL;
  char words[600];
  if (why) snprintf(words, sizeof words, why, dir ? dir : ".");
  else snprintf(words, sizeof words, "%s", strerror(e));
  snprintf(err, errlen, "cannot save %s: %s", path, words);
  return -1;
}

/* What a save to path replaces: *target (malloc'd), its folder *dir
 * (malloc'd), and *old with *exists when the file is there.  0, or -1 with
 * the reason (and nothing to free). */
static int save_plan(const char *path, char **target, char **dir, struct stat *old, int *exists, char *err,
                     size_t errlen) {
  *dir = NULL;
  if (!(*target = save_target(path))) return save_error(err, errlen, path, NULL, errno);
  *exists = stat(*target, old) == 0;
  const char *kind = *exists ? ur_file_kind(old->st_mode) : NULL;
  if (kind) snprintf(err, errlen, "cannot save %s: it is %s, not a file", path, kind);
  else if (!(*dir = folder_of(*target))) save_error(err, errlen, path, NULL, ENOMEM);
  if (kind || !*dir) {
    free(*target);
    *target = NULL;
    return -1;
  }
  return 0;
}

int ur_file_check_writable(const char *path, char *err, size_t errlen) {
  char *target, *dir;
  struct stat old;
  int exists;
  if (save_plan(path, &target, &dir, &old, &exists, err, errlen) != 0) return -1;
  int rc = access(dir, W_OK | X_OK) == 0 ? 0 : save_error(err, errlen, path, dir, errno);
  free(target);
  free(dir);
  return rc;
}

/* ---- writing ---------------------------------------------------------- */

/* A new file in dir with a short name (".unroll-" and six characters), so
 * that a save works for any name the folder takes; created 0666 less the
 * umask, as any new file is.  Its descriptor and *tmp (malloc'd), or -1
 * with errno. */
static int open_temp(const char *dir, char **tmp) {
  static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t x = (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^ (uint64_t)getpid() << 20 ^ (uint64_t)(uintptr_t)&ts;
  char *name = malloc(strlen(dir) + 16);
  if (!name) return -1;
  for (int i = 0; i < TEMP_TRIES; i++) {
    char suffix[7];
    x = x * 6364136223846793005u + 1442695040888963407u;
    uint64_t y = x >> 20;
    for (int k = 0; k < 6; k++, y /= 36) suffix[k] = chars[y % 36];
    suffix[6] = 0;
    sprintf(name, "%s/.unroll-%s", dir, suffix);
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      *tmp = name;
      return fd;
    }
    if (errno != EEXIST) break;
  }
  int e = errno;
  free(name);
  errno = e;
  return -1;
}

/* The old file's owner (when this user may give it) and mode on the new one. */
static int keep_identity(int fd, const struct stat *old) {
  if (fchown(fd, old->st_uid, old->st_gid) != 0 && fchown(fd, (uid_t)-1, old->st_gid) != 0) {
    /* another owner or group than this user may give: the file becomes this user's */
  }
  return fchmod(fd, old->st_mode & 07777);
}

static int write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len > 0) {
    ssize_t w = write(fd, p, len);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      if (w == 0) errno = ENOSPC;
      return -1;
    }
    p += w;
    len -= (size_t)w;
  }
  return 0;
}

/* The rename made durable (best effort: some file systems refuse it). */
static void sync_folder(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

int ur_write_file_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen) {
  char *target, *dir, *tmp = NULL;
  struct stat old;
  int exists, e = 0;
  if (save_plan(path, &target, &dir, &old, &exists, err, errlen) != 0) return -1;
  int fd = open_temp(dir, &tmp);
  if (fd < 0) e = errno;
  else if (exists && keep_identity(fd, &old) != 0) e = errno;
  else if (write_all(fd, data, len) != 0 || fsync(fd) != 0) e = errno;
  if (fd >= 0 && close(fd) != 0 && !e) e = errno;
  if (!e && rename(tmp, target) != 0) e = errno;
  if (e && tmp) unlink(tmp);
  if (e) save_error(err, errlen, path, dir, e);
  else sync_folder(dir);
  free(tmp);
  free(target);
  free(dir);
  return e ? -1 : 0;
}

/* ---- base64 ----------------------------------------------------------- */
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *ur_base64_encode(const unsigned char *d, size_t len, size_t *outlen) {
  size_t n = (len + 2) / 3 * 4;
  char *out = malloc(n + 1), *q = out;
  if (!out) return NULL;
  for (size_t i = 0; i < len; i += 3) {
    unsigned v = (unsigned)d[i] << 16 | (i + 1 < len ? (unsigned)d[i + 1] << 8 : 0) | (i + 2 < len ? d[i + 2] : 0);
    *q++ = b64[v >> 18 & 63];
    *q++ = b64[v >> 12 & 63];
    *q++ = i + 1 < len ? b64[v >> 6 & 63] : '=';
    *q++ = i + 2 < len ? b64[v & 63] : '=';
  }
  *q = 0;
  if (outlen) *outlen = n;
  return out;
}

static int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int ur_base64_decode(const char *t, size_t len, unsigned char *out, size_t *outlen) {
  if (len % 4) return -1;
  size_t o = 0;
  for (size_t i = 0; i < len; i += 4) {
    int pad = (t[i + 3] == '=') + (t[i + 2] == '=' && t[i + 3] == '=');
    if (pad && i + 4 != len) return -1; /* padding only at the very end */
    int a = b64_value(t[i]), b = b64_value(t[i + 1]);
    int c = pad >= 2 ? 0 : b64_value(t[i + 2]), d = pad >= 1 ? 0 : b64_value(t[i + 3]);
    if (a < 0 || b < 0 || c < 0 || d < 0) return -1;
    unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6 | (unsigned)d;
    out[o++] = (unsigned char)(v >> 16);
    if (pad < 2) out[o++] = (unsigned char)(v >> 8);
    if (pad < 1) out[o++] = (unsigned char)v;
  }
  *outlen = o;
  return 0;
}

