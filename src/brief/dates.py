"""Dates with precision: `2025`, `2025-07` and `2025-07-23` are intervals, not points.

A date written as a year covers that whole year, a month covers the whole month. Filters compare
intervals by overlap, and displays keep the precision the author wrote.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

Precision = Literal["year", "month", "day"]

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _days_in_month(year: int, month: int) -> int:
    """`calendar.monthrange(year, month)[1]`, without importing calendar (and locale with it):
    that is 1.5 ms of a 120 ms warm search, which parses no date that needs it."""
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class PartialDate:
    """A calendar date at year, month or day precision, immutable and ordered by its start."""

    # `_text`, the ISO form, is made once: a loaded brief is encoded for the verdict store, a
    # date at a time (str() was two thirds of encoding a brief of 100 events), and the dates of
    # a library are shared objects (brief.load._shared_dates).
    __slots__ = ("_text", "day", "month", "year")

    year: int
    month: int | None
    day: int | None
    _text: str

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        if not 1 <= year <= 9999:
            raise ValueError(f"year {year} is out of range (1-9999)")
        if month is None and day is not None:
            raise ValueError("a day needs a month")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month:02d} does not exist; use 01 to 12")
        if day is not None:
            assert month is not None
            last = _days_in_month(year, month)
            if not 1 <= day <= last:
                raise ValueError(f"{year}-{month:02d} has no day {day:02d}; it has {last} days")
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "month", month)
        object.__setattr__(self, "day", day)
        if month is None:
            text = f"{year:04d}"
        elif day is None:
            text = f"{year:04d}-{month:02d}"
        else:
            text = f"{year:04d}-{month:02d}-{day:02d}"
        object.__setattr__(self, "_text", text)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("PartialDate is immutable")

    @classmethod
    def parse(cls, text: object) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError with a fix-it message."""
        match = _DATE_RE.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def start(self) -> dt.date:
        """The first day this date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """The last day this date covers."""
        if self.day is not None:
            return self.start
        month = self.month or 12
        return dt.date(self.year, month, _days_in_month(self.year, month))

    def display(self) -> str:
        """Human form at the written precision: "1974", "Jul 2025", "23 Aug 2025"."""
        if self.month is None:
            return str(self.year)
        name = _MONTHS[self.month - 1]
        if self.day is None:
            return f"{name} {self.year}"
        return f"{self.day} {name} {self.year}"

    def __str__(self) -> str:
        """The ISO form as written: "2025", "2025-07", "2025-07-23"."""
        return self._text

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: PartialDate) -> bool:
        # Coarser dates sort before finer ones that start on the same day: "2025" < "2025-01".
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        return self._key() >= other._key()

    def __reduce__(self) -> tuple[type[PartialDate], tuple[int, int | None, int | None]]:
        return (PartialDate, (self.year, self.month, self.day))


class Interval:
    """A closed range of days, from the start of one date to the end of another (or open)."""

    __slots__ = ("first", "last")

    def __init__(self, first: dt.date | None, last: dt.date | None) -> None:
        self.first = first
        self.last = last

    @classmethod
    def of(cls, start: PartialDate, end: PartialDate | None = None) -> Interval:
        return cls(start.start, (end or start).end)

    def overlaps(self, other: Interval) -> bool:
        if self.first is not None and other.last is not None and other.last < self.first:
            return False
        return not (self.last is not None and other.first is not None and other.first > self.last)

    def __repr__(self) -> str:
        return f"Interval({self.first}, {self.last})"


def display_range(start: PartialDate, end: PartialDate | None) -> str:
    """ "23–24 Aug 2025" style ranges, kept simple: both ends at their own precision."""
    if end is None or end == start:
        return start.display()
    return f"{start.display()} – {end.display()}"


APPROX_PREFIX = "c. "
EXPECTED_MARK = "▷ "


def date_label(
    start: PartialDate,
    end: PartialDate | None = None,
    *,
    approx: bool = False,
    expected: bool = False,
) -> str:
    """The label every surface shows for a dated item: "c. Jan 2025", "▷ 2026", "23 Aug 2025".

    "c." marks an approximate (inferred) date and "▷" an expected, future one.
    """
    label = display_range(start, end)
    if approx:
        label = APPROX_PREFIX + label
    if expected:
        label = EXPECTED_MARK + label
    return label
