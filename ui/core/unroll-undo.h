/* unroll-undo.h: undo and redo by whole snapshots.
 *
 * Every edit of a stack is small (64 layers at most, a few kilobytes), so
 * the simplest correct undo is a copy of the whole state before each edit:
 * no inverse operations to get wrong.  Plain C over opaque bytes, so it is
 * tested without a display.
 */
#ifndef UNROLL_UNDO_H
#define UNROLL_UNDO_H

#include <stddef.h>
#include <stdint.h>

typedef struct UnrollUndo UnrollUndo;

/* Snapshots of state_size bytes; at most limit undo steps are kept. */
UnrollUndo *unroll_undo_new(size_t state_size, int limit);
void unroll_undo_free(UnrollUndo *u);
void unroll_undo_clear(UnrollUndo *u);

/* Records `before`, the state an edit is about to replace, and forgets the
 * redo steps.  An edit with the same non-NULL merge_key as the previous one,
 * less than merge_us later, joins it (one undo step for a held spin button);
 * returns 1 when it was joined. */
int unroll_undo_push(UnrollUndo *u, const void *before, const char *merge_key, int64_t now_us, int64_t merge_us);

/* The next push starts a new step whatever its key (after a save, say). */
void unroll_undo_break_merge(UnrollUndo *u);

int unroll_undo_can_undo(const UnrollUndo *u);
int unroll_undo_can_redo(const UnrollUndo *u);

/* Steps back: `current` goes onto the redo list and the previous state is
 * copied into `out`.  0, or -1 when there is nothing to undo. */
int unroll_undo_undo(UnrollUndo *u, const void *current, void *out);
int unroll_undo_redo(UnrollUndo *u, const void *current, void *out);

#endif
