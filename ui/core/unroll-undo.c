/* unroll-undo.c: two stacks of snapshots (see unroll-undo.h). */
#include "unroll-undo.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
  unsigned char *items; /* n × state_size */
  int n, cap;
} snap_stack;

struct UnrollUndo {
  size_t size;
  int limit;
  snap_stack undo, redo;
  char merge_key[64];
  int64_t merge_time;
};

static int stack_push(snap_stack *s, size_t size, const void *state, int limit) {
  if (s->n == limit && limit > 0) { /* drop the oldest */
    memmove(s->items, s->items + size, size * (size_t)(s->n - 1));
    s->n--;
  }
  if (s->n == s->cap) {
    int cap = s->cap ? s->cap * 2 : 16;
    unsigned char *ni = realloc(s->items, size * (size_t)cap);
    if (!ni) return -1;
    s->items = ni;
    s->cap = cap;
  }
  memcpy(s->items + size * (size_t)s->n++, state, size);
  return 0;
}

static int stack_pop(snap_stack *s, size_t size, void *out) {
  if (s->n == 0) return -1;
  memcpy(out, s->items + size * (size_t)--s->n, size);
  return 0;
}

UnrollUndo *unroll_undo_new(size_t state_size, int limit) {
  UnrollUndo *u = calloc(1, sizeof *u);
  if (!u) return NULL;
  u->size = state_size;
  u->limit = limit;
  return u;
}

void unroll_undo_free(UnrollUndo *u) {
  if (!u) return;
  free(u->undo.items);
  free(u->redo.items);
  free(u);
}

void unroll_undo_clear(UnrollUndo *u) {
  u->undo.n = u->redo.n = 0;
  u->merge_key[0] = 0;
}

int unroll_undo_push(UnrollUndo *u, const void *before, const char *key, int64_t now, int64_t merge_us) {
  u->redo.n = 0;
  if (key && u->undo.n > 0 && !strcmp(key, u->merge_key) && now - u->merge_time < merge_us) {
    u->merge_time = now;
    return 1;
  }
  stack_push(&u->undo, u->size, before, u->limit);
  if (key) {
    strncpy(u->merge_key, key, sizeof u->merge_key - 1);
    u->merge_key[sizeof u->merge_key - 1] = 0;
  } else {
    u->merge_key[0] = 0;
  }
  u->merge_time = now;
  return 0;
}

void unroll_undo_break_merge(UnrollUndo *u) { u->merge_key[0] = 0; }

int unroll_undo_can_undo(const UnrollUndo *u) { return u->undo.n > 0; }
int unroll_undo_can_redo(const UnrollUndo *u) { return u->redo.n > 0; }

int unroll_undo_undo(UnrollUndo *u, const void *current, void *out) {
  if (u->undo.n == 0) return -1;
  stack_push(&u->redo, u->size, current, 0);
  stack_pop(&u->undo, u->size, out);
  u->merge_key[0] = 0; /* an edit after an undo starts a new step */
  return 0;
}

int unroll_undo_redo(UnrollUndo *u, const void *current, void *out) {
  if (u->redo.n == 0) return -1;
  stack_push(&u->undo, u->size, current, u->limit);
  stack_pop(&u->redo, u->size, out);
  u->merge_key[0] = 0;
  return 0;
}
