from datetime import date

import pytest

from cypp_desktop.models.periods import (
    PeriodKind,
    academic_year,
    calendar_year,
    canonical_label,
    financial_year,
    month,
    parse_period,
    quarter,
    quarter_containing,
    sort_labels,
)


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2012/13 Q1", "2012/13 Q1", date(2012, 4, 1), date(2012, 6, 30)),
        ("2012/13 Q2", "2012/13 Q2", date(2012, 7, 1), date(2012, 9, 30)),
        ("2012/13 Q3", "2012/13 Q3", date(2012, 10, 1), date(2012, 12, 31)),
        ("2012/13 Q4", "2012/13 Q4", date(2013, 1, 1), date(2013, 3, 31)),
        ("2012-13 q2", "2012/13 Q2", date(2012, 7, 1), date(2012, 9, 30)),
        ("Q2 2012/2013", "2012/13 Q2", date(2012, 7, 1), date(2012, 9, 30)),
        ("  2012/13   Q2 ", "2012/13 Q2", date(2012, 7, 1), date(2012, 9, 30)),
        ("1999/00 Q4", "1999/00 Q4", date(2000, 1, 1), date(2000, 3, 31)),
        ("2005/06", "2005/06", date(2005, 4, 1), date(2006, 3, 31)),
        ("2008-09", "2008/09", date(2008, 4, 1), date(2009, 3, 31)),
        ("AY 2011/12", "AY 2011/12", date(2011, 9, 1), date(2012, 8, 31)),
        ("academic year 2011-12", "AY 2011/12", date(2011, 9, 1), date(2012, 8, 31)),
        ("Sep 2012", "Sep 2012", date(2012, 9, 1), date(2012, 9, 30)),
        ("September 2012", "Sep 2012", date(2012, 9, 1), date(2012, 9, 30)),
        ("Feb 2012", "Feb 2012", date(2012, 2, 1), date(2012, 2, 29)),
        ("2012-09", "Sep 2012", date(2012, 9, 1), date(2012, 9, 30)),
        ("2005", "2005", date(2005, 1, 1), date(2005, 12, 31)),
    ],
)
def test_parse_gives_canonical_label_and_dates(
    text: str, label: str, start: date, end: date
) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert parse_period(period.label) == period


@pytest.mark.parametrize(
    "text", ["", "Q5 2012/13", "2012/14", "2012/13 Q0", "Smarch 2012", "12/13"]
)
def test_rejects_what_is_not_a_period_and_names_the_forms(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected 2012/13 Q2, 2012/13, AY 2012/13"):
        parse_period(text)


@pytest.mark.parametrize(
    ("label", "previous", "following"),
    [
        ("2012/13 Q1", "2011/12 Q4", "2012/13 Q2"),
        ("2012/13 Q4", "2012/13 Q3", "2013/14 Q1"),
        ("2005/06", "2004/05", "2006/07"),
        ("AY 2011/12", "AY 2010/11", "AY 2012/13"),
        ("Jan 2012", "Dec 2011", "Feb 2012"),
        ("2005", "2004", "2006"),
    ],
)
def test_previous_and_next_stay_in_kind(label: str, previous: str, following: str) -> None:
    period = parse_period(label)
    assert period.previous().label == previous
    assert period.next().label == following
    assert period.previous().kind is period.kind


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2012, 3, 31), "2011/12 Q4"),
        (date(2012, 4, 1), "2012/13 Q1"),
        (date(2012, 9, 30), "2012/13 Q2"),
        (date(2012, 12, 25), "2012/13 Q3"),
        (date(2013, 2, 1), "2012/13 Q4"),
    ],
)
def test_quarter_containing_a_day(day: date, label: str) -> None:
    assert quarter_containing(day).label == label


def test_constructors_and_kinds() -> None:
    assert quarter(2012, 2).kind is PeriodKind.QUARTER
    assert financial_year(2012).label == "2012/13"
    assert academic_year(2012).label == "AY 2012/13"
    assert month(2012, 12).label == "Dec 2012"
    assert calendar_year(2012).label == "2012"
    assert quarter(2012, 2).slug == "2012-13 Q2"
    with pytest.raises(ValueError, match="quarter must be 1-4"):
        quarter(2012, 5)


def test_sorting_is_by_dates_not_by_text() -> None:
    labels = ["2012/13 Q1", "2011/12", "2011/12 Q4", "2005/06", "AY 2011/12", "Mar 2012", "2011"]
    assert sort_labels(labels) == [
        "2005/06",
        "2011",
        "2011/12",
        "2011/12 Q4",
        "Mar 2012",
        "2012/13 Q1",
        "AY 2011/12",
    ]


def test_canonical_label() -> None:
    assert canonical_label("2012-13 q2") == "2012/13 Q2"
