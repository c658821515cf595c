/* fixture_io.h: reader for the reference fixtures of tests/fixtures/.
 *
 * Format (written by tests/fixtures/make_fixtures.py):
 *   # comment lines, and blank lines, anywhere
 *   case <name>                          first non-comment line
 *   spec <key>=<value> ...               once, after case
 *   array <name> <ndim> <d0> ... <dn-1>  header, then on the next
 *   <v0> <v1> ...                        non-comment line all values
 *
 * Errors never exit: fx_load returns -1 and writes "path:line: reason".
 */
#ifndef UR_FIXTURE_IO_H
#define UR_FIXTURE_IO_H

#include <stddef.h>

#define FX_MAX_DIMS 8
#define FX_MAX_SPEC 32
#define FX_NAME_LEN 64

typedef struct {
  char name[FX_NAME_LEN];
  int ndim;
  int dims[FX_MAX_DIMS];
  size_t size; /* product of dims */
  double *data;
} fx_array;

typedef struct {
  char key[FX_NAME_LEN];
  char value[FX_NAME_LEN];
} fx_spec_item;

typedef struct {
  char name[FX_NAME_LEN]; /* from the case line */
  int n_spec;
  fx_spec_item spec[FX_MAX_SPEC];
  int n_arrays;
  fx_array *arrays;
} fx_fixture;

/* Reads a fixture file.  0 on success; -1 with the reason in err (f is then
 * left empty, and fx_free on it is harmless). */
int fx_load(const char *path, fx_fixture *f, char *err, size_t errlen);
/* Same, from text in memory (name is used in messages only). */
int fx_parse(const char *text, size_t len, const char *name, fx_fixture *f, char *err,
             size_t errlen);
void fx_free(fx_fixture *f);

/* 1 if the file's first non-comment, non-blank line is 'case <name>' (a
 * reference fixture, not some other data file sharing the directory). */
int fx_sniff(const char *path);

/* The array with that name, or NULL. */
const fx_array *fx_find(const fx_fixture *f, const char *name);
/* The value of a spec key, or NULL. */
const char *fx_spec(const fx_fixture *f, const char *key);

#endif
