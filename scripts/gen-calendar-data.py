#!/usr/bin/env python3
"""Generate crates/calendar/data/YYYY.txt (2004-2026) from the PyPI package
`chinese-calendar` (pip install chinese-calendar).

Output format (parsed by zs_calendar::YearData::parse):
    year 2026
    off 2026-01-01..2026-01-03 元旦
    work 2026-01-04 元旦调休

Usage: python3 scripts/gen-calendar-data.py [--check]
  --check  only compare the generated text with the files on disk (exit 1 on difference).
"""

import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path

import chinese_calendar
from chinese_calendar.constants import Holiday, holidays, workdays

FIRST_YEAR, LAST_YEAR = 2004, 2026
DATA_DIR = Path(__file__).resolve().parent.parent / "crates" / "calendar" / "data"

# chinese-calendar's own Chinese names are short (清明, 端午) or very long (the 2015 one).
NAMES = {
    Holiday.new_years_day: "元旦",
    Holiday.spring_festival: "春节",
    Holiday.tomb_sweeping_day: "清明节",
    Holiday.labour_day: "劳动节",
    Holiday.dragon_boat_festival: "端午节",
    Holiday.mid_autumn_festival: "中秋节",
    Holiday.national_day: "国庆节",
    Holiday.anti_fascist_70th_day: "抗战胜利纪念日",
}

# 国务院办公厅关于2026年部分节假日安排的通知: the authoritative list; it wins over the package.
OFFICIAL_2026_OFF = [
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
]
OFFICIAL_2026_WORK = [
    ("2026-01-04", "元旦"),
    ("2026-02-14", "春节"),
    ("2026-02-28", "春节"),
    ("2026-05-09", "劳动节"),
    ("2026-09-20", "国庆节"),
    ("2026-10-10", "国庆节"),
]

ONE_DAY = dt.timedelta(days=1)


def name_of(value):
    # The dicts map date -> Holiday.value (the English name), not the enum member.
    holiday = Holiday(value)
    if holiday not in NAMES:
        sys.exit(f"unknown holiday in chinese-calendar: {holiday!r}; add it to NAMES")
    return NAMES[holiday]


def bridge_weekend_gaps(days):
    """The package leaves out some weekend days inside a break (2011-06-05, 2012-06-23,
    2015-06-21 端午). Fill a gap of weekend days between two off days of the same holiday so
    the break shows as one range; weekends are off anyway, so working days do not change."""
    result = dict(days)
    dates = sorted(days)
    for a, b in zip(dates, dates[1:]):
        gap = [a + ONE_DAY * i for i in range(1, (b - a).days)]
        if (
            gap
            and len(gap) <= 2
            and days[a] == days[b]
            and all(d.weekday() >= 5 and d not in workdays for d in gap)
        ):
            for d in gap:
                result[d] = days[a]
    return result


def ranges(days):
    """Group {date: name} into [start, end, name] runs of consecutive dates with one name."""
    out = []
    for d in sorted(days):
        if out and out[-1][2] == days[d] and out[-1][1] + ONE_DAY == d:
            out[-1][1] = d
        else:
            out.append([d, d, days[d]])
    return out


def span_text(start, end):
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


def official_2026():
    off = {}
    for a, b, name in OFFICIAL_2026_OFF:
        d, end = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
        while d <= end:
            off[d] = name
            d += ONE_DAY
    work = {dt.date.fromisoformat(d): name for d, name in OFFICIAL_2026_WORK}
    return off, work


def year_text(year, off, work, notes):
    lines = [f"# {year}年内的放假与调休上班日期（依国务院办公厅节假日安排通知）"]
    lines += [f"# {n}" for n in notes]
    lines.append(f"# 由 scripts/gen-calendar-data.py 依 chinese-calendar {chinese_calendar.__version__} 生成")
    lines.append(f"year {year}")
    lines += [f"off {span_text(a, b)} {name}" for a, b, name in ranges(off)]
    lines += [f"work {span_text(a, b)} {name}调休" for a, b, name in ranges(work)]
    return "\n".join(lines) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    off_by_year, work_by_year = defaultdict(dict), defaultdict(dict)
    for d, v in bridge_weekend_gaps({d: name_of(v) for d, v in holidays.items()}).items():
        off_by_year[d.year][d] = v
    for d, v in workdays.items():
        work_by_year[d.year][d] = name_of(v)

    texts = {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        off, work, notes = off_by_year[year], work_by_year[year], []
        if not off:
            sys.exit(f"chinese-calendar has no data for {year}")
        if year == 2026:
            official_off, official_work = official_2026()
            if (off, work) == (official_off, official_work):
                notes.append("已与国务院办公厅2026年通知逐日核对，一致。")
            else:
                print("warning: chinese-calendar disagrees with the official 2026 list; using the official list")
                notes.append("chinese-calendar 与国务院办公厅2026年通知不一致，本文件以通知为准。")
                off, work = official_off, official_work
        texts[year] = year_text(year, off, work, notes)

    stale = []
    for year, text in texts.items():
        path = DATA_DIR / f"{year}.txt"
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        sys.exit(f"out of date: {', '.join(stale)}")
    print(("checked" if check else "wrote"), len(texts), "files in", DATA_DIR)


if __name__ == "__main__":
    main()
