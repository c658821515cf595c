#!/usr/bin/env python3
"""make_series_csv.py [DIR]: the users' series the tests train on, made the
way users' files come, each with a known answer.

  trend.csv       weekly, "2012/01/01" dates, 2300 weeks of drift, a rising
                  trend and a yearly (52-week) season, 59 weeks missing
                  (their rows absent: gaps in time, not empty cells)
  stocks.csv      long format: symbol,date,price, three symbols, monthly
                  "Jan 2000" dates, the rows shuffled by symbol
  wide.csv        one date column ("19580329" integers) and three series
  sunspots.csv    YEAR,SUNACTIVITY: 100 bare years, an 11-year cycle
  hourly.csv      "2010/01/01 00:00" hourly readings with a daily season
  short.csv       40 days of a series, to check defaults that fit

Deterministic (random.Random(7)); needs nothing beyond python3."""
import datetime
import math
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rng = random.Random(7)


def write(name, header, rows):
    with open(os.path.join(out, name), "w", newline="\n") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


# weekly: level 100, trend 0.05 a week, season 8·sin(2πt/52), a random walk's drift
rows, level, gaps = [], 0.0, set(rng.sample(range(200, 2300), 59))
start = datetime.date(1980, 1, 6)
for t in range(2300):
    level += rng.gauss(0, 0.4)
    v = 100 + 0.05 * t + 8 * math.sin(2 * math.pi * t / 52) + level + rng.gauss(0, 1.0)
    if t not in gaps:
        rows.append([(start + datetime.timedelta(weeks=t)).strftime("%Y/%m/%d"), "%.3f" % v])
write("trend.csv", "week,visits", rows)

# long format: three symbols, monthly, shuffled
rows = []
for sym, base, drift in (("AAA", 20, 0.004), ("BBB", 150, 0.002), ("CCC", 60, -0.001)):
    p = base
    for m in range(240):
        p *= math.exp(drift + rng.gauss(0, 0.04))
        d = datetime.date(2000 + m // 12, m % 12 + 1, 1)
        rows.append([sym, d.strftime("%b %Y"), "%.2f" % p])
rng.shuffle(rows)
write("stocks.csv", "symbol,date,price", rows)

# wide: YYYYMMDD integers, three daily series
rows = []
for t in range(900):
    d = datetime.date(1958, 3, 29) + datetime.timedelta(days=t)
    rows.append([d.strftime("%Y%m%d")] + ["%.3f" % (k * 10 + 3 * math.sin(2 * math.pi * t / 7 + k) + rng.gauss(0, 0.5))
                                        for k in (1, 2, 3)])
write("wide.csv", "day,north,south,east", rows)

# yearly: an 11-year cycle
rows = [[str(1700 + y), "%.1f" % max(0.0, 60 + 50 * math.sin(2 * math.pi * y / 11) + rng.gauss(0, 10))]
        for y in range(100)]
write("sunspots.csv", "YEAR,SUNACTIVITY", rows)

# hourly with a daily season
rows = []
t0 = datetime.datetime(2010, 1, 1)
for h in range(24 * 120):
    v = 10 + 5 * math.sin(2 * math.pi * (h % 24) / 24) + rng.gauss(0, 0.7)
    rows.append([(t0 + datetime.timedelta(hours=h)).strftime("%Y/%m/%d %H:%M"), "%.2f" % v])
write("hourly.csv", "time,temp", rows)

# short: 40 days
rows = [[(datetime.date(2024, 1, 1) + datetime.timedelta(days=d)).isoformat(), "%.2f" % (5 + 0.1 * d + rng.gauss(0, 1))]
        for d in range(40)]
write("short.csv", "date,value", rows)
