"""The site's data as records, each remembering the file and line it came from; their fields are declared in hooks.kinds."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import ClassVar


@dataclass(frozen=True, order=True, slots=True)
class Origin:
    """Where something was written: a path relative to the project and a 1-based line."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class Item(str):
    """A text from a list in a data file that remembers its line, so a message can point at the item."""

    line: int = 0

    def __new__(cls, text: str, line: int = 0) -> Item:
        item = super().__new__(cls, text)
        item.line = line
        return item


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where, what, and how to fix it."""

    origin: Origin
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}{self.hint}"

    def sort_key(self) -> tuple[str, int, str]:
        """Order problems by file, line, then message."""
        return (self.origin.file, self.origin.line, self.message)


@dataclass(frozen=True, slots=True)
class Source:
    """A cited source: publisher, title or description, and optional https URL and date."""

    publisher: str
    title: str
    url: str = ""
    date: str = ""
    origin: Origin = Origin("")


@dataclass(frozen=True, slots=True)
class Markdown:
    """A Markdown text from a data file, with the line its first line of text stands on."""

    text: str
    origin: Origin


class Record:
    """What every record has beside the fields its kind declares: its kind's name, its label, tooltip and spellings.

    Each kind's record class is made on this one (hooks.kinds.Kind.record), with one attribute per declared field
    and ``origin``; a kind whose records compute something more makes them on a subclass of it (Dated).
    """

    __slots__ = ()
    kind: ClassVar[str]  # 'term', 'company', …
    label_as: ClassVar[str]  # the label, from the record's attributes: "{ja}"
    short_as: ClassVar[str]  # the tooltip, likewise: "{summary}"
    autolink = True  # a kind whose records may opt out of autolinking declares an 'autolink' field

    @property
    def label(self) -> str:
        """Text used when a reference gives none."""
        return self.label_as.format_map(self.attributes())

    @property
    def short(self) -> str:
        """Tooltip text (a field named 'short' is the tooltip itself)."""
        return self.short_as.format_map(self.attributes())

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every spelling matched in running text: the label, then the aliases."""
        return (self.label, *getattr(self, "aliases", ()))

    def attributes(self) -> dict[str, object]:
        """The record's attributes by name, as its kind declares them."""
        return {attribute.name: getattr(self, attribute.name) for attribute in fields(self)}


class Dated(Record):
    """A record of the timeline: its tooltip is its date and its title."""

    __slots__ = ()

    @property
    def short(self) -> str:
        """Tooltip text: the date and the title."""
        return f"{format_date(self.date)}：{self.title}"


@dataclass(slots=True)
class SiteData:
    """Everything loaded from the data files: each kind's records, keyed by id, in file order."""

    kinds: dict = field(default_factory=dict)  # name -> hooks.kinds.Kind
    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    # Kinds whose file could not be read at all: references to them are not checked one by one,
    # since the file's own error already says what is wrong.
    unavailable: set[str] = field(default_factory=set)
    # Ids of records written with a fault (reported at the field): they still count as ids, so
    # nothing that names them is reported too.
    failed: dict[str, set[str]] = field(default_factory=dict)

    def known(self, kind: str, ident: str) -> bool:
        """Whether an id of a kind is written in its file (read whole, or with a reported fault), or the file is unreadable."""
        return kind in self.unavailable or ident in self.table(kind) or ident in self.failed.get(kind, ())

    def ids(self, kind: str) -> list[str]:
        """Every id written in a kind's file: the records read whole, then those with a fault."""
        return [*self.table(kind), *sorted(self.failed.get(kind, ()))]

    def table(self, kind: str) -> dict[str, Record]:
        """The records of one kind ('term', 'company', …); empty for a kind with none."""
        return self.records.setdefault(kind, {})

    @property
    def terms(self) -> dict[str, Record]:
        """The glossary terms."""
        return self.table("term")

    @property
    def companies(self) -> dict[str, Record]:
        """The company profiles."""
        return self.table("company")

    @property
    def events(self) -> dict[str, Record]:
        """The timeline events."""
        return self.table("event")

    @property
    def people(self) -> dict[str, Record]:
        """The people."""
        return self.table("person")


def format_date(iso: str) -> str:
    """Render 2025-01-20 as 2025年1月20日 and 2024-09 as 2024年9月."""
    parts = [int(p) for p in iso.split("-")]
    units = ("年", "月", "日")
    return "".join(f"{value}{unit}" for value, unit in zip(parts, units))
