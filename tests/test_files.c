/* test_files.c: the ground floor's files (engine/file_io.c).
 *
 * Reading refuses what is not a regular file by what it is, before reading
 * (a FIFO must not block, a device must not be read to the limit), and a
 * file over the limit is refused.  Saving keeps the user's file's identity
 * (through a symbolic link the target is written, the mode is kept), is
 * atomic with no temporary file left, and works for the longest name the
 * folder takes.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "file_io.h"

static char dir[] = "/tmp/unroll-files-XXXXXX";

/* A path in the test's folder (a ring of buffers: a few may be held at once). */
static const char *in_dir(const char *name) {
  static char paths[8][PATH_MAX];
  static int next;
  char *path = paths[next++ % 8];
  snprintf(path, PATH_MAX, "%s/%s", dir, name);
  return path;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The bytes of a file, compared with want. */
static int holds(const char *path, const char *want) {
  char err[512];
  size_t len;
  unsigned char *b = ur_read_file(path, 1 << 20, &len, err, sizeof err);
  int same = b && len == strlen(want) && !memcmp(b, want, len);
  free(b);
  return same;
}

/* Entries of the folder whose name starts with ".unroll-": temporary files left behind. */
static int temp_files_left(void) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));) n += !strncmp(e->d_name, ".unroll-", 8);
  if (d) closedir(d);
  return n;
}

static void test_special_files(void) {
  char err[512];
  size_t len;
  const char *fifo = in_dir("fifo");
  CHECK(mkfifo(fifo, 0600) == 0, "mkfifo: %s", strerror(errno));
  double t0 = now();
  unsigned char *b = ur_read_file(fifo, 1 << 20, &len, err, sizeof err);
  CHECK(!b && strstr(err, "is a FIFO") && now() - t0 < 1, "a FIFO is refused at once by what it is: %s", err);
  b = ur_read_file(dir, 1 << 20, &len, err, sizeof err);
  CHECK(!b && strstr(err, "is a directory"), "a folder: %s", err);
  t0 = now();
  b = ur_read_file("/dev/zero", (size_t)1 << 30, &len, err, sizeof err);
  CHECK(!b && strstr(err, "is a character device") && now() - t0 < 1, "/dev/zero is not read: %s", err);
  CHECK(ur_write_file_atomic(fifo, "x", 1, err, sizeof err) == -1 && strstr(err, "FIFO"), "no save over a FIFO: %s", err);
  CHECK(ur_write_file_atomic(dir, "x", 1, err, sizeof err) == -1 && strstr(err, "directory"), "no save over a folder: %s",
        err);
  unlink(fifo);
}

static void test_limits(void) {
  char err[512];
  size_t len;
  const char *big = in_dir("big");
  static char block[5000];
  memset(block, 'a', sizeof block);
  CHECK(ur_write_file_atomic(big, block, sizeof block, err, sizeof err) == 0, "save: %s", err);
  unsigned char *b = ur_read_file(big, 4096, &len, err, sizeof err);
  CHECK(!b && strstr(err, "larger than 4 KiB"), "a file over the limit is refused: %s", err);
  b = ur_read_file(big, 5000, &len, err, sizeof err);
  CHECK(b && len == 5000, "a file at the limit is read");
  free(b);
  /* a stream the file system gives no size for is read up to the limit only */
  b = ur_read_file("/proc/self/maps", 16, &len, err, sizeof err);
  CHECK(!b && strstr(err, "larger than 16 bytes"), "a sizeless stream stops at the limit: %s", err);
  b = ur_read_file(in_dir("none"), 100, &len, err, sizeof err);
  CHECK(!b && strstr(err, "cannot open") && strstr(err, "none"), "a missing file: %s", err);
  unlink(big);
}

static void test_identity(void) {
  char err[512];
  const char *target = in_dir("target.unroll"), *link = in_dir("link.unroll");
  CHECK(ur_write_file_atomic(target, "one", 3, err, sizeof err) == 0, "save: %s", err);
  CHECK(chmod(target, 0644) == 0 && symlink("target.unroll", link) == 0, "setup");
  CHECK(ur_write_file_atomic(link, "two", 3, err, sizeof err) == 0, "save through the link: %s", err);
  struct stat lst, st;
  CHECK(lstat(link, &lst) == 0 && S_ISLNK(lst.st_mode), "the link is still a link");
  CHECK(holds(target, "two"), "the link's target holds the new bytes");
  CHECK(stat(target, &st) == 0 && (st.st_mode & 07777) == 0644, "the mode 0644 is kept (%o)", st.st_mode & 07777);
  CHECK(chmod(target, 0640) == 0 && ur_write_file_atomic(target, "three", 5, err, sizeof err) == 0, "save: %s", err);
  CHECK(stat(target, &st) == 0 && (st.st_mode & 07777) == 0640, "the mode 0640 is kept (%o)", st.st_mode & 07777);
  /* a new file gets 0666 less the umask, as any new file */
  mode_t old = umask(022);
  const char *fresh = in_dir("fresh.unroll");
  CHECK(ur_write_file_atomic(fresh, "x", 1, err, sizeof err) == 0 && stat(fresh, &st) == 0 &&
            (st.st_mode & 07777) == 0644, "a new file is 0644 under umask 022 (%o)", st.st_mode & 07777);
  umask(old);
  /* a dangling link: its target is created */
  const char *dangling = in_dir("dangling.unroll");
  CHECK(symlink("created.unroll", dangling) == 0, "symlink");
  CHECK(ur_write_file_atomic(dangling, "new", 3, err, sizeof err) == 0 && holds(in_dir("created.unroll"), "new") &&
            lstat(dangling, &lst) == 0 && S_ISLNK(lst.st_mode), "a dangling link's target is created: %s", err);
  CHECK(temp_files_left() == 0, "no temporary file left");
  unlink(link); unlink(target); unlink(fresh); unlink(dangling); unlink(in_dir("created.unroll"));
}

static void test_names(void) {
  char err[1024], name[NAME_MAX + 2];
  long max = pathconf(dir, _PC_NAME_MAX);
  if (max <= 0 || max > NAME_MAX) max = NAME_MAX;
  memset(name, 'n', (size_t)max);
  memcpy(name + max - 7, ".unroll", 7);
  name[max] = 0;
  const char *path = in_dir(name);
  CHECK(ur_write_file_atomic(path, "long", 4, err, sizeof err) == 0 && holds(path, "long"),
        "a %ld-character name saves: %s", max, err);
  CHECK(ur_write_file_atomic(path, "again", 5, err, sizeof err) == 0 && holds(path, "again"), "and saves again: %s", err);
  unlink(path);
  name[max] = 'x', name[max + 1] = 0;
  CHECK(ur_write_file_atomic(in_dir(name), "x", 1, err, sizeof err) == -1 && strstr(err, "too long"),
        "a name longer than the file system takes: %s", err);
  CHECK(ur_write_file_atomic("/nonexistent-unroll/x.png", "x", 1, err, sizeof err) == -1 &&
            strstr(err, "the folder /nonexistent-unroll does not exist"), "a missing folder: %s", err);
  CHECK(ur_file_check_writable("/nonexistent-unroll/x.png", err, sizeof err) == -1 &&
            strstr(err, "the folder /nonexistent-unroll does not exist"), "checked before any work: %s", err);
  CHECK(ur_file_check_writable(in_dir("fine.png"), err, sizeof err) == 0, "a new file in a folder: %s", err);
  CHECK(temp_files_left() == 0, "no temporary file left");
}

int main(void) {
  if (!mkdtemp(dir)) {
    printf("FAIL mkdtemp\n0 passed, 1 failed\n");
    return 1;
  }
  test_special_files();
  test_limits();
  test_identity();
  test_names();
  rmdir(dir);
  return check_summary();
}
