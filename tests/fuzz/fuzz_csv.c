/* fuzz_csv.c: libFuzzer target for the CSV reader and the windowing after it.
 * Any input must give a table or an error message: no crash, no out-of-bounds
 * access, no leak.  See run.sh for the build; replay.c runs the corpus as a
 * plain test in `meson test`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ur_csv c;
  char err[256];
  if (ur_csv_parse((const char *)data, size, NULL, &c, err, sizeof err) != 0) {
    if (!err[0]) abort(); /* an error always says why */
    return 0;
  }
  for (int col = 0; col < c.n_cols; col++) {
    if (c.cols[col].type != UR_COL_NUMERIC) continue;
    for (int kind = 0; kind < 3; kind++) {
      ur_series_config cfg;
      ur_series_config_default(&cfg);
      cfg.target = col;
      cfg.lookback = 3;
      cfg.horizon = 2;
      cfg.kind = (ur_target_kind)kind;
      cfg.missing = (ur_missing_policy)((col + kind) % 3);
      for (int d = 0; d < c.n_cols; d++)
        if (c.cols[d].type == UR_COL_DATE) cfg.date = d;
      ur_series s;
      if (ur_series_make(&c, &cfg, NULL, 0, &s, err, sizeof err) == 0) ur_series_free(&s);
      else if (!err[0]) abort();
    }
    break;
  }
  ur_csv_free(&c);
  return 0;
}
