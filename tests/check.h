/* check.h: the assertion the engine's tests share.  CHECK counts a pass or
 * prints the failure with its place; check_summary prints the closing
 * "N passed, M failed" line meson's log and CI read, and gives the exit code. */
#ifndef UNROLL_CHECK_H
#define UNROLL_CHECK_H

#include <stdio.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                     \
  do {                                                       \
    if (cond) {                                              \
      check_passed++;                                        \
    } else {                                                 \
      check_failed++;                                        \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);            \
      printf(__VA_ARGS__);                                   \
      printf("\n");                                          \
    }                                                        \
  } while (0)

static inline int check_summary(void) {
  printf("%d passed, %d failed\n", check_passed, check_failed);
  return check_failed ? 1 : 0;
}

#endif
