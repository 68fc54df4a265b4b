"""The registry: every kind of record and every generated page, each declared once.

References, validation, autolinks, backlinks, usage warnings, edit links and `make check` all read
these declarations; adding a kind is one ``Kind`` here and its pages' renderers: its records' class is made from
the ``Kind``'s fields, on a class of its own only when its records compute something (hooks.model.Dated).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, make_dataclass
from functools import cached_property
from pathlib import Path

from . import render, teaching
from .data import Field, Reader, load_data
from .model import Dated, Origin, Problem, Record, SiteData


@dataclass(frozen=True)
class Kind:
    """One kind of record: what it is called, where it is written, how it is read and where it is shown."""

    name: str  # as written in references: [[term:id]]
    noun: str  # in messages: "用語"
    file: str  # the data file, from the project root
    top: str  # the file's one top-level key
    fields: tuple[Field, ...]
    page: str  # where a record is shown: "timeline.md#{id}" (an anchor) or "companies/{id}.md" (a page)
    label: str = "{name}"  # what a reference shows when it gives no text, from the record's attributes (str.format)
    short: str = "{summary}"  # its tooltip, likewise (a field named 'short' is the tooltip itself)
    computes: type[Record] = Record  # the class its records are made on: Record, or a subclass computing a property
    autolink: bool = False  # first mentions of its spellings in running text are linked
    whole_words: bool = False  # its spellings are not found inside a longer katakana word (names: ファン, not ファンド)
    chronological: bool = False  # the file keeps its records in order of their 'date'
    optional: bool = False  # a site may leave its file out (it then has no records of this kind)

    @cached_property
    def record(self) -> type[Record]:
        """The class of its records: an attribute per field (with its default, when it may be left out) and ``origin``."""
        attributes = [(f.attribute, object, field(default=MISSING if f.required else f.default)) for f in self.fields]
        return make_dataclass(
            self.name.title(),
            [*attributes, ("origin", Origin)],
            bases=(self.computes,),
            namespace={"kind": self.name, "label_as": self.label, "short_as": self.short},
            kw_only=True,
            slots=True,
        )

    def page_of(self, ident: str) -> tuple[str, str]:
        """The page (docs-relative) and anchor ('' for a page of its own) where a record is shown."""
        page, _, anchor = self.page.format(id=ident).partition("#")
        return page, anchor


@dataclass(frozen=True)
class Generated:
    """A page made from a kind's data: one page, or one per record when ``src`` holds '{id}'."""

    src: str
    kind: str  # whose records it shows: its edit link is that kind's data file
    render: Callable  # (data) -> Markdown, or (record, data) -> Markdown for a page per record
    lists_kind: bool = False  # it lists every record of its kind: no backlink for them
    backlinks: bool = True  # False: it indexes everything, so what it mentions is no backlink at all
    in_nav: bool = True  # False: reached from other pages (a record's page from its index), not from the nav


KINDS = (
    Kind(
        "term",
        "用語",
        "glossary.yml",
        "terms",
        (
            Field("id", Reader.ident),
            Field("ja", Reader.text),
            Field("en", Reader.text),
            Field("reading", Reader.reading),
            Field("aliases", Reader.texts, default=()),
            Field("short", Reader.sentence),
            Field("definition", Reader.markdown),
            Field("related", Reader.idents, default=(), refers_to="term"),
            Field("autolink", Reader.flag, default=True),
            Field("sources", Reader.sources),
        ),
        "glossary/{id}.md",
        label="{ja}",
        autolink=True,
    ),
    Kind(
        "company",
        "企業",
        "docs/data/companies.yml",
        "companies",
        (
            Field("id", Reader.ident),
            Field("name", Reader.text),
            Field("name_en", Reader.text),
            Field("name_local", Reader.text, default=""),
            Field("kind", Reader.text, attr="kind_label"),
            Field("aliases", Reader.texts, default=()),
            Field("summary", Reader.sentence),
            Field("founded", Reader.any_date, default=""),  # when a source gives it
            Field("announced", Reader.any_date, default=""),  # for a company known only from its announcement
            Field("headquarters", Reader.text),
            Field("leaders", Reader.texts),
            Field("products", Reader.texts, default=()),
            Field("role", Reader.markdown),
            Field("sources", Reader.sources),
        ),
        "companies/{id}.md",
        autolink=True,
    ),
    Kind(
        "event",
        "出来事",
        "docs/data/timeline.yml",
        "events",
        (
            Field("id", Reader.ident),
            Field("date", Reader.event_date),
            Field("title", Reader.text),
            Field("summary", Reader.markdown),
            Field("companies", Reader.idents, default=(), refers_to="company"),
            Field("terms", Reader.idents, default=(), refers_to="term"),
            Field("sources", Reader.sources),
        ),
        "timeline.md#{id}",
        label="{title}",
        computes=Dated,
        chronological=True,
    ),
    Kind(
        "person",
        "人物",
        "docs/data/people.yml",
        "people",
        (
            Field("id", Reader.ident),
            Field("name", Reader.text),
            Field("name_en", Reader.text),
            Field("reading", Reader.reading),
            Field("reading_confirmed", Reader.flag, default=True),  # false: the reading only sorts the index
            Field("aliases", Reader.texts, default=()),
            Field("position", Reader.text),
            Field("companies", Reader.idents, default=(), refers_to="company"),
            Field("summary", Reader.sentence),
            Field("story", Reader.markdown),
            Field("events", Reader.idents, default=(), refers_to="event"),
            Field("sources", Reader.sources),
        ),
        "people/{id}.md",
        autolink=True,
        whole_words=True,
        optional=True,
    ),
)

PAGES = (
    # The glossary goes first: MkDocs converts pages in this order, and converting the largest pages
    # while few pages are held keeps the build's peak memory down (the adapter keeps this order).
    # A term's page, like the index, records no mentions and links none (the glossary explains, it does not use).
    Generated("glossary.md", "term", render.render_glossary, lists_kind=True, backlinks=False),
    Generated("glossary/{id}.md", "term", render.render_term, backlinks=False),
    Generated("timeline.md", "event", render.render_timeline, lists_kind=True),
    Generated("companies/index.md", "company", render.render_companies_index, lists_kind=True, backlinks=False),
    Generated("companies/{id}.md", "company", render.render_company),
    Generated("people/index.md", "person", render.render_people_index, lists_kind=True, backlinks=False),
    Generated("people/{id}.md", "person", render.render_person),
    # The word list: the terms in 五十音 order on one printable page (hooks/teaching.py).
    Generated(teaching.WORDLIST_PAGE, "term", teaching.render_wordlist, lists_kind=True, backlinks=False, in_nav=False),
)


def load(root: Path, kinds: tuple[Kind, ...] = KINDS) -> tuple[SiteData, list[Problem]]:
    """Load and check the data files of every kind under ``root``."""
    return load_data(root, kinds)


def generated_pages(data: SiteData, pages: tuple[Generated, ...] = PAGES) -> dict[str, tuple[Generated, str]]:
    """Every generated page, in declaration order: docs-relative path -> (its declaration, its Markdown)."""
    made: dict[str, tuple[Generated, str]] = {}
    for page in pages:
        if "{id}" in page.src:
            for record in data.table(page.kind).values():
                made[page.src.format(id=record.id)] = (page, page.render(record, data))
        else:
            made[page.src] = (page, page.render(data))
    return made
