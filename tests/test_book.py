#!/usr/bin/env python3
"""test_book.py UNROLL: `unroll table` under the book's full protocol.

The naive baselines must equal the book's figures; every trained model must
come within 1.3x of the worst of the book's three runs (the README says which
rows meet the book itself: with one seed the figures are draws, and four rows
land between 1.0x and 1.3x).  A broken layer or optimiser lands far outside."""
import json
import subprocess
import sys

out = subprocess.run([sys.argv[1], "table", "--json"], check=True, capture_output=True, text=True).stdout
rows = json.loads(out)
passed = failed = 0
for r in rows:
    if r["book_row"] is None:
        continue
    if r["preset"].startswith("naive"):
        ok = r["meets_book"] is True
        bound = "equal to the book's %.4f" % r["book_worst"]
    else:
        ok = r["reported"] <= 1.3 * r["book_worst"]
        bound = "within 1.3x of the book's worst %.5f (%s)" % (
            r["book_worst"], "meets the book" if r["meets_book"] else "above the book")
    print("%s %s: %.5f, %s" % ("ok" if ok else "FAIL", r["preset"], r["reported"], bound))
    passed += ok
    failed += not ok
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
