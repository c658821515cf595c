#!/usr/bin/env python3
"""Writes weather.csv: 3000 days of a made-up station log, for the CSV tests.

A date column (ISO 8601), a text column (the station), a temperature with a
yearly cycle, a weekly ripple and AR(1) weather noise, a humidity that follows
it, and some missing cells ("", "NA") and one typo.  Standard library only;
the seed is fixed, so the file is the same on every run."""
import datetime
import math
import os
import random

random.seed(15)
rows = []
day = datetime.date(2015, 1, 1)
weather = 0.0
for i in range(3000):
    weather = 0.8 * weather + random.gauss(0, 1.2)
    temp = 11 + 9 * math.sin(2 * math.pi * (i - 100) / 365.25) + 1.5 * math.sin(2 * math.pi * i / 7) + weather
    hum = 70 - 1.2 * (temp - 11) + random.gauss(0, 3)
    t, h = "%.2f" % temp, "%.1f" % hum
    if i % 97 == 13:
        t = ""
    if i % 131 == 7:
        h = "NA"
    if i == 1234:
        t = "12..5"  # a typo: counted as not a number, never read as zero
    rows.append("%s,%s,%s,%s" % (day.isoformat(), "Lyon-Bron" if i % 2 else "\"Lyon, Bron\"", t, h))
    day += datetime.timedelta(days=1)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weather.csv")
with open(path, "w") as f:
    f.write("date,station,temperature,humidity\n" + "\n".join(rows) + "\n")
