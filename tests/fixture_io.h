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
 *
 * Also the pieces the fixture tests share that need no model: their main
 * loop over the fixture files of the command line or a directory, and the
 * comparison of float results with double references (the model side is
 * fixture_model.h).  Files are read with the engine's ur_read_file.
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
/* The value of a spec key as an integer in [lo, hi]: 0, or -1 when the key
 * is missing or its value is not such an integer. */
int fx_spec_int(const fx_fixture *f, const char *key, long lo, long hi, int *out);
/* The array <prefix><i> ("w0", "g3", ...), or NULL. */
const fx_array *fx_find_n(const fx_fixture *f, char prefix, int i);

/* A copy of the array's values as floats (NULL when out of memory). */
float *fx_to_float(const fx_array *a);

/* Worst elementwise error of got against want: |got - want| / max(1, |want|),
 * a NaN counting as infinite. */
typedef struct {
  double worst;     /* largest scaled error (0 for n == 0) */
  size_t at;        /* where it is */
  double worst_abs; /* largest |got - want| anywhere */
} fx_err;
fx_err fx_max_err(const float *got, const double *want, size_t n);

/* ------------------------------------------------------------ the test's main */

/* Runs one fixture: 0 if it passes, else -1 with the reason in msg (which
 * may hold further lines, indented, under the first). */
typedef int (*fx_case_fn)(const fx_fixture *fx, char *msg, size_t msglen);

/* The main of a fixture test.  Its files: each path that is a directory
 * gives dir/<prefix>*.txt sorted by name (with sniff only those fx_sniff
 * takes for reference fixtures), any other path is taken as it is; with no
 * paths, default_dir.  Prints "ok <case>" or "FAIL <case>: <msg>" for each,
 * then "<n> passed, <m> failed"; returns the exit code, 1 on any failure or
 * when no fixture ran. */
int fx_main(char *const *paths, int n, const char *default_dir, const char *prefix, int sniff, fx_case_fn run_case);

#endif
