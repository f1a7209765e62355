import datetime as dt

import pytest

from summarizer.text.dates import article_date, resolve

SAT = dt.date(2018, 4, 28)


def test_article_date_from_dateline(article):
    assert article_date(article) == SAT


def test_article_without_date():
    assert article_date("Some title\n\nNo date here at all.") is None


@pytest.mark.parametrize("phrase,expected", [
    ("early Friday morning", dt.date(2018, 4, 27)),
    ("on Wednesday", dt.date(2018, 4, 25)),
    ("Saturday", SAT),
    ("last Saturday", dt.date(2018, 4, 21)),
    ("yesterday", dt.date(2018, 4, 27)),
    ("on April 10", dt.date(2018, 4, 10)),
    ("27 April 2018", dt.date(2018, 4, 27)),
    ("May 9, 2008", dt.date(2008, 5, 9)),
    ("2016-09-17", dt.date(2016, 9, 17)),
])
def test_resolve(phrase, expected):
    assert resolve(phrase, SAT) == expected


def test_weekday_needs_a_reference_date():
    assert resolve("on Friday", None) is None
    assert resolve("some time ago", SAT) is None
    assert resolve(None, SAT) is None
