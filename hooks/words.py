"""Shared wording of the messages: how a written value is quoted, advice derived from the value given, the commands' help.

Every message the project prints reads ``file:line: 何が問題か。どう直すか。`` in Japanese; keys, ids,
values and file names stay as written, in double quotes. A message of MkDocs or Zensical that the
project relays gets a Japanese explanation in front and its original text after 「原文:」.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
import sys
from typing import NoReturn

ORIGINAL = "原文: "  # what follows it is an engine's or a library's own text, relayed as it was written


def q(value: object) -> str:
    """A key, id or value in a message, as written: in double quotes."""
    return f'"{value}"'


def relayed(explanation: str, original: str) -> str:
    """An engine's or library's message: the Japanese explanation, then its original text."""
    return f"{explanation}（{ORIGINAL}{original.strip().rstrip('.')}）。"


def _ymd(text: str) -> list[int] | None:
    """The year, month and day (as many as given) of a date written with other separators: 2025/1/23, 2025.01, 2025年1月23日."""
    found = re.fullmatch(r"\s*(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?\s*", text)
    if not found:
        return None
    return [int(part) for part in found.groups() if part is not None]


def date_advice(value: object, month_allowed: bool, year_allowed: bool) -> str:
    """How to write a date given in a form the data files do not take: the same date in the form they take, when it can be read."""
    if isinstance(value, dt.datetime):
        return f"時刻を付けずに {q(value.date().isoformat())} の形で書く。"
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    timed = re.fullmatch(r"(.*?\d)[ T]+\d{1,2}:\d{2}(?::\d{2})?\s*", text)
    parts = _ymd(timed.group(1) if timed else text)
    if parts and (len(parts) == 3 or (len(parts) == 2 and month_allowed) or (len(parts) == 1 and year_allowed)):
        date = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
        return f"{'時刻を付けずに ' if timed else ''}{q(date)} の形で書く。"
    forms = ['"YYYY-MM-DD"', *(['"YYYY-MM"'] if month_allowed else []), *(['"YYYY"'] if year_allowed else [])]
    if len(forms) == 1:
        return f"{forms[0]} の形で書く。"
    return f"{'、'.join(forms[:-1])} か {forms[-1]} の形で書く。"


def calendar_advice(text: str) -> str:
    """What is wrong with a date of the right form that is not on the calendar: its month, or the last day of its month."""
    year, month, *day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return "月は 01 から 12 で書く。"
    if day and day[0] < 1:
        return "日は 01 から書く。"
    return f"日付を確かめる（{year}年{month}月は{calendar.monthrange(year, month)[1]}日まで）。"


def id_advice(text: str) -> str:
    """How to write an id: the given one in the allowed letters when it can be, else the rule alone."""
    made = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]", "", re.sub(r"[\s_.]+", "-", text.strip().lower()))).strip("-")
    rule = "半角の英小文字・数字と、その間の1つずつのハイフンだけで書く"
    return f"{q(made)} のように、{rule}。" if made and made != text else f"{rule}。"


class _Parser(argparse.ArgumentParser):
    """A command's parser that says in Japanese what it cannot read."""

    def error(self, message: str) -> NoReturn:
        """Exit 2 with the usage and the reason, as argparse does, in Japanese."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {relayed('コマンドの引数を読めない', message)}使い方は -h で見る。\n")


def command_parser(prog: str, description: str) -> tuple[argparse.ArgumentParser, argparse._ArgumentGroup]:
    """A command's parser whose help and errors are Japanese (but argparse's own "usage:"), and the group its options go in."""
    parser = _Parser(prog=prog, description=description, add_help=False)
    options = parser.add_argument_group("オプション")
    options.add_argument("-h", "--help", action="help", help="この説明を出して終わる")
    return parser, options
