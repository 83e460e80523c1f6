"""Dates with precision: each is an interval; displays keep the precision written."""

from __future__ import annotations

import datetime as dt

import pytest

from brief.dates import Interval, PartialDate, date_label, display_range


@pytest.mark.parametrize(
    ("text", "precision", "start", "end", "shown"),
    [
        ("1974", "year", dt.date(1974, 1, 1), dt.date(1974, 12, 31), "1974"),
        ("2025-07", "month", dt.date(2025, 7, 1), dt.date(2025, 7, 31), "Jul 2025"),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Feb 2024"),
        ("2025-08-23", "day", dt.date(2025, 8, 23), dt.date(2025, 8, 23), "23 Aug 2025"),
    ],
)
def test_a_date_is_an_interval_at_its_precision(text, precision, start, end, shown) -> None:
    date = PartialDate.parse(text)
    assert (date.precision, date.start, date.end, date.display(), str(date)) == (
        precision, start, end, shown, text,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", "2025-02 has no day 30; it has 28 days"),
        ("2025-13", "month 13 does not exist; use 01 to 12"),
        ("0000", "year 0 is out of range (1-9999)"),
        ("23 Aug 2025", "is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025-7", "is not a date"),
    ],
)
def test_bad_dates_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        PartialDate.parse(text)


def test_order_and_equality() -> None:
    dates = [PartialDate.parse(t) for t in ("2025-01-02", "2025", "2024-12", "2025-01")]
    assert [str(d) for d in sorted(dates)] == ["2024-12", "2025", "2025-01", "2025-01-02"]
    assert PartialDate.parse("2025") == PartialDate(2025)
    assert len({PartialDate.parse("2025-07"), PartialDate(2025, 7)}) == 1


def test_immutable() -> None:
    with pytest.raises(AttributeError):
        PartialDate(2025).year = 2026  # type: ignore[misc]


def test_intervals_overlap_by_their_whole_extent() -> None:
    july = Interval.of(PartialDate.parse("2025-07"))
    assert july.overlaps(Interval.of(PartialDate.parse("2025")))
    assert july.overlaps(Interval.of(PartialDate.parse("2025-07-31")))
    assert not july.overlaps(Interval.of(PartialDate.parse("2025-08-01")))
    period = Interval.of(PartialDate.parse("2024"), PartialDate.parse("2025-03"))
    assert period.overlaps(Interval.of(PartialDate.parse("2025-03-31")))
    assert not period.overlaps(Interval.of(PartialDate.parse("2025-04")))
    assert Interval(None, None).overlaps(july)


def test_labels() -> None:
    jan = PartialDate.parse("2025-01")
    assert date_label(jan, approx=True) == "c. Jan 2025"
    assert date_label(PartialDate(2026), expected=True) == "▷ 2026"
    assert display_range(PartialDate.parse("2025-08-23"), PartialDate.parse("2025-08-24")) == (
        "23 Aug 2025 – 24 Aug 2025"
    )
    assert display_range(jan, jan) == "Jan 2025"


@pytest.mark.parametrize("year", [1, 1900, 2000, 2023, 2024, 2100, 9999])
def test_a_date_knows_each_month_s_last_day(year) -> None:
    # PartialDate counts a month's days without the calendar module: the same answers.
    import calendar

    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        assert PartialDate(year, month).end == dt.date(year, month, last)
        assert PartialDate(year, month, last).day == last
        with pytest.raises(ValueError, match=f"has no day {last + 1}"):
            PartialDate(year, month, last + 1)
