"""Typed records of the site's data, each remembering the file and line it came from."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(slots=True)
class Term:
    """A glossary entry."""

    id: str
    ja: str
    en: str
    reading: str
    short: str
    definition: Markdown
    origin: Origin
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    autolink: bool = True

    kind = "term"

    @property
    def label(self) -> str:
        """Text used when a reference gives none."""
        return self.ja

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every spelling matched in running text."""
        return (self.ja, *self.aliases)


class Named:
    """A record shown on a page of its own under its name: a company or a person."""

    __slots__ = ()
    autolink = True

    @property
    def label(self) -> str:
        """Text used when a reference gives none."""
        return self.name

    @property
    def short(self) -> str:
        """Tooltip text."""
        return self.summary

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every spelling matched in running text."""
        return (self.name, *self.aliases)


@dataclass(slots=True)
class Company(Named):
    """An organisation with a profile page."""

    id: str
    name: str
    name_en: str
    kind_label: str
    summary: str
    headquarters: str
    role: Markdown
    origin: Origin
    name_local: str = ""
    founded: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD, when a source gives it
    announced: str = ""  # the day it was announced, for a company known only from its announcement
    aliases: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    kind = "company"


@dataclass(slots=True)
class Event:
    """A dated event on the timeline; ``date`` is YYYY-MM-DD or YYYY-MM."""

    id: str
    date: str
    title: str
    summary: Markdown
    origin: Origin
    companies: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    kind = "event"

    @property
    def label(self) -> str:
        """Text used when a reference gives none."""
        return self.title

    @property
    def short(self) -> str:
        """Tooltip text: the date and the title."""
        return f"{format_date(self.date)}：{self.title}"


@dataclass(slots=True)
class Person(Named):
    """A person whose words or acts are part of the story."""

    id: str
    name: str
    name_en: str
    reading: str
    position: str
    summary: str
    story: Markdown
    origin: Origin
    aliases: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    reading_confirmed: bool = True  # False: ``reading`` only sorts the index; it is neither shown nor exported

    kind = "person"


Record = Term | Company | Event | Person


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

    def table(self, kind: str) -> dict:
        """The records of one kind ('term', 'company', …); empty for a kind with none."""
        return self.records.setdefault(kind, {})

    @property
    def terms(self) -> dict[str, Term]:
        """The glossary terms."""
        return self.table("term")

    @property
    def companies(self) -> dict[str, Company]:
        """The company profiles."""
        return self.table("company")

    @property
    def events(self) -> dict[str, Event]:
        """The timeline events."""
        return self.table("event")

    @property
    def people(self) -> dict[str, Person]:
        """The people."""
        return self.table("person")


def format_date(iso: str) -> str:
    """Render 2025-01-20 as 2025年1月20日 and 2024-09 as 2024年9月."""
    parts = [int(p) for p in iso.split("-")]
    units = ("年", "月", "日")
    return "".join(f"{value}{unit}" for value, unit in zip(parts, units))
