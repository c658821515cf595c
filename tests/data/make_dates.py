#!/usr/bin/env python3
"""Writes dates.txt: expected values for tests/test_dates.c, from python3's datetime.

Three kinds of line, tab-separated:
  parse   FORMAT  CELL  SECONDS        a cell and the instant ur_date_parse must give
                                       (seconds since 1970-01-01 UTC, whole, then the
                                       fraction's digits or "-"), or "invalid"
  format  SECONDS FORMAT TEXT          what ur_date_format must write
  add     T0 MONTHS MONTH_END K RESULT ur_step_add on a calendar-month step

Dates are drawn over the whole range 0001..9999 and densely around 1900-2100;
days up to 31 in every month, so that datetime itself says which are not real
(31 April, 29 February 2023).  Standard library only; the seed is fixed, so the
file is the same on every run.
"""
import calendar
import datetime
import os
import random

random.seed(20261207)
EPOCH = datetime.date(1970, 1, 1).toordinal()
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def seconds(y, mo, d, h=0, mi=0, s=0, offset=0):
    """Whole seconds since 1970 UTC, or None when datetime refuses the date."""
    try:
        dt = datetime.datetime(y, mo, d, h, mi, min(s, 59))
    except ValueError:
        return None
    days = dt.date().toordinal() - EPOCH
    return days * 86400 + h * 3600 + mi * 60 + s - offset


def random_date():
    y = random.randint(1900, 2100) if random.random() < 0.7 else random.randint(1, 9999)
    d = random.randint(28, 31) if random.random() < 0.3 else random.randint(1, 31)  # month ends, real or not
    return y, random.randint(1, 12), d


def num(v, width, loose):
    """A 1-or-2-digit field: sometimes without its leading zero where the format allows it."""
    return str(v) if loose and random.random() < 0.3 else "%0*d" % (width, v)


def month_name(mo):
    name = MONTHS[mo - 1]
    word = random.choice([name, name[:3], "Sept" if mo == 9 else name[:3]])
    return random.choice([word, word.upper(), word.lower()])


def zone():
    """A zone as written and its offset in seconds east of UTC."""
    kind = random.randrange(5)
    if kind == 0:
        return "", 0
    if kind == 1:
        return "Z", 0
    sign = random.choice([1, -1])
    hh, mm = random.randint(0, 14), random.choice([0, 0, 30, 45])
    text = "%s%02d" % ("+" if sign > 0 else "-", hh)
    text += [":%02d" % mm, "%02d" % mm, ""][kind - 2] if kind < 4 or mm == 0 else ":%02d" % mm
    return text, sign * (hh * 3600 + mm * 60)


def parse_lines():
    out = []
    layouts = [
        # (format, builder(y, mo, d, h, mi, s) -> (cell, offset, fraction digits))
        ("%Y-%m-%d", lambda y, mo, d, h, mi, s: ("%04d-%s-%s" % (y, num(mo, 2, 1), num(d, 2, 1)), 0, "")),
        ("%d/%m/%Y", lambda y, mo, d, h, mi, s: ("%s/%s/%04d" % (num(d, 2, 1), num(mo, 2, 1), y), 0, "")),
        ("%m/%d/%Y", lambda y, mo, d, h, mi, s: ("%s/%s/%04d" % (num(mo, 2, 1), num(d, 2, 1), y), 0, "")),
        ("%d.%m.%Y %H:%M", lambda y, mo, d, h, mi, s: ("%02d.%02d.%04d %s:%02d" % (d, mo, y, num(h, 2, 1), mi), 0, "")),
        ("%Y/%m/%d %H:%M:%S", lambda y, mo, d, h, mi, s: ("%04d/%02d/%02d %02d:%02d:%02d" % (y, mo, d, h, mi, s), 0, "")),
        ("%Y%m%d", lambda y, mo, d, h, mi, s: ("%04d%02d%02d" % (y, mo, d), 0, "")),
        ("%b %d %Y", lambda y, mo, d, h, mi, s: ("%s %s %04d" % (month_name(mo), num(d, 2, 1), y), 0, "")),
        ("%B %d, %Y", lambda y, mo, d, h, mi, s: ("%s %d, %04d" % (month_name(mo), d, y), 0, "")),
        ("%d-%b-%Y", lambda y, mo, d, h, mi, s: ("%02d-%s-%04d" % (d, month_name(mo), y), 0, "")),
        ("%Y-%b-%d", lambda y, mo, d, h, mi, s: ("%04d-%s-%02d" % (y, month_name(mo), d), 0, "")),
    ]
    for _ in range(800):
        fmt, build = random.choice(layouts)
        y, mo, d = random_date()
        h, mi, s = random.randint(0, 23), random.randint(0, 59), random.randint(0, 59)
        uses_time = "%H" in fmt
        if not uses_time:
            h = mi = s = 0
        if "%S" not in fmt:
            s = 0
        cell, offset, frac = build(y, mo, d, h, mi, s)
        want = seconds(y, mo, d, h, mi, s, offset)
        out.append("parse\t%s\t%s\t%s" % (fmt, cell, "invalid" if want is None else "%d\t-" % want))
    # ISO 8601 with zones and fractions
    for _ in range(300):
        y, mo, d = random_date()
        h, mi, s = random.randint(0, 23), random.randint(0, 59), random.randint(0, 59)
        z, offset = zone()
        frac = "".join(random.choice("0123456789") for _ in range(random.choice([0, 0, 1, 3, 6])))
        sep = random.choice("T ")
        cell = "%04d-%02d-%02d%s%02d:%02d:%02d%s%s" % (y, mo, d, sep, h, mi, s, "." + frac if frac else "", z)
        want = seconds(y, mo, d, h, mi, s, offset)
        fmt = "%Y-%m-%d" + sep + "%H:%M:%S%z"
        out.append("parse\t%s\t%s\t%s" % (fmt, cell, "invalid" if want is None else "%d\t%s" % (want, frac or "-")))
    # 12-hour clock
    for _ in range(100):
        y, mo, d = random_date()
        h, mi = random.randint(0, 23), random.randint(0, 59)
        h12 = h % 12 or 12
        cell = "%d/%d/%04d %d:%02d %s" % (mo, d, y, h12, mi, random.choice(["AM", "am"] if h < 12 else ["PM", "pm"]))
        want = seconds(y, mo, d, h, mi)
        out.append("parse\t%%m/%%d/%%Y %%I:%%M %%p\t%s\t%s" % (cell, "invalid" if want is None else "%d\t-" % want))
    return out


def format_lines():
    out = []
    for _ in range(150):
        y, mo, d = random_date()
        d = min(d, calendar.monthrange(y, mo)[1])
        h, mi, s = random.randint(0, 23), random.randint(0, 59), random.randint(0, 59)
        t = seconds(y, mo, d, h, mi, s)
        texts = [
            ("%Y-%m-%dT%H:%M:%SZ", "%04d-%02d-%02dT%02d:%02d:%02dZ" % (y, mo, d, h, mi, s)),
            ("%d %B %Y", "%02d %s %04d" % (d, MONTHS[mo - 1], y)),
            ("%b %d %Y %I:%M %p", "%s %02d %04d %02d:%02d %s" % (MONTHS[mo - 1][:3], d, y, h % 12 or 12, mi,
                                                                "AM" if h < 12 else "PM")),
            ("%Y%m%d", "%04d%02d%02d" % (y, mo, d)),
        ]
        fmt, text = random.choice(texts)
        out.append("format\t%d\t%s\t%s" % (t, fmt, text))
    return out


def add_lines():
    out = []
    for _ in range(200):
        y, mo, d = random_date()
        y = max(3, min(y, 9990))
        d = min(d, calendar.monthrange(y, mo)[1])
        h, mi = random.choice([(0, 0), (random.randint(0, 23), random.randint(0, 59))])
        months = random.choice([1, 1, 2, 3, 6, 12])
        month_end = 1 if random.random() < 0.3 else 0
        if month_end:
            d = calendar.monthrange(y, mo)[1]
        k = random.randint(-2, 40)
        total = y * 12 + mo - 1 + k * months
        y2, m2 = divmod(total, 12)
        m2 += 1
        length = calendar.monthrange(y2, m2)[1]
        d2 = length if month_end else min(d, length)
        out.append("add\t%d\t%d\t%d\t%d\t%d" % (seconds(y, mo, d, h, mi), months, month_end, k,
                                                seconds(y2, m2, d2, h, mi)))
    return out


path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dates.txt")
with open(path, "w") as f:
    f.write("# made by make_dates.py from python3's datetime; do not edit\n")
    for line in parse_lines() + format_lines() + add_lines():
        f.write(line + "\n")
