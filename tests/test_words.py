"""The shared wording of the messages (hooks/words.py): advice derived from the value a contributor wrote."""

from __future__ import annotations

import datetime as dt

import pytest

from hooks.words import calendar_advice, date_advice, id_advice, q, relayed


@pytest.mark.parametrize(
    ("value", "month_allowed", "year_allowed", "advice"),
    [
        ("2025/01/23", True, False, '"2025-01-23" の形で書く。'),
        ("2025/1/9", True, False, '"2025-01-09" の形で書く。'),
        ("2025.01.23", True, True, '"2025-01-23" の形で書く。'),
        ("2025年1月23日", True, False, '"2025-01-23" の形で書く。'),
        ("2025年2月", True, False, '"2025-02" の形で書く。'),
        ("2015年", True, True, '"2015" の形で書く。'),
        ("2025-01-23 09:30", True, False, '時刻を付けずに "2025-01-23" の形で書く。'),
        (dt.datetime(2025, 1, 23, 9, 30), True, False, '時刻を付けずに "2025-01-23" の形で書く。'),
        # A form the field does not take is not offered: a year alone is no event date.
        ("2025", True, False, '"YYYY-MM-DD" か "YYYY-MM" の形で書く。'),
        ("Jan 2025", True, True, '"YYYY-MM-DD"、"YYYY-MM" か "YYYY" の形で書く。'),
        (True, True, False, '"YYYY-MM-DD" か "YYYY-MM" の形で書く。'),
    ],
)
def test_date_advice_is_the_date_given(value: object, month_allowed: bool, year_allowed: bool, advice: str) -> None:
    """A date written another way is given back in the form the files take; the forms only when it cannot be read."""
    assert date_advice(value, month_allowed, year_allowed) == advice


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("2025-02-30", "日付を確かめる（2025年2月は28日まで）。"),
        ("2024-02-30", "日付を確かめる（2024年2月は29日まで）。"),
        ("2025-04-31", "日付を確かめる（2025年4月は30日まで）。"),
        ("2025-13-01", "月は 01 から 12 で書く。"),
        ("2025-00", "月は 01 から 12 で書く。"),
        ("2025-01-00", "日は 01 から書く。"),
    ],
)
def test_calendar_advice_names_what_is_off(text: str, advice: str) -> None:
    """A date not on the calendar: its month, or the last day of its month."""
    assert calendar_advice(text) == advice


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("stock_drop", '"stock-drop" のように、半角の英小文字・数字と、その間の1つずつのハイフンだけで書く。'),
        ("Reasoning Model", '"reasoning-model" のように、半角の英小文字・数字と、その間の1つずつのハイフンだけで書く。'),
        ("-r1--zero-", '"r1-zero" のように、半角の英小文字・数字と、その間の1つずつのハイフンだけで書く。'),
        ("推論モデル", "半角の英小文字・数字と、その間の1つずつのハイフンだけで書く。"),
    ],
)
def test_id_advice_is_the_id_given_in_the_allowed_letters(text: str, advice: str) -> None:
    """The id written is offered back in the letters ids take; with none of them, only the rule."""
    assert id_advice(text) == advice


def test_values_are_quoted_as_written_and_originals_follow_the_explanation() -> None:
    """A value keeps its spelling inside double quotes; an engine's text follows 原文: without its full stop."""
    assert q("Reasoning_Model") == '"Reasoning_Model"'
    assert relayed("リンク先がない", "the target is not found.") == "リンク先がない（原文: the target is not found）。"
