"""The jobs of one build, each in its own class: records and lookup, references and links, mentions and backlinks."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from .autolink import apply_edits, link_edits, reference_edits
from .kinds import Generated, generated_pages
from .matcher import Matcher
from .model import Problem, Record, SiteData
from .refs import Ref
from .render import md_escape, render_backlink, render_backlinks
from .words import q

_HREF = re.compile(r'href="([^"]*)"')
# A link to a record as a page holds it until it is written (Links.linked): a reference's with its href.
_XREF = re.compile(r'<a data-xref="([a-z]+:[^"]+)"(?: href="([^"]*)")?>')
_MARKER = re.compile(r'<div class="backlinks" data-backlinks="([a-z]+:[^"]+)"></div>')
UrlOf = Callable[[str], str]  # a page (docs-relative path) -> its URL from the site root


def relative_url(to_url: str, from_url: str) -> str:
    """The URL of ``to_url`` relative to the page at ``from_url`` (both relative to the site root).

    Works on the path segments (a page's folders, then the shared ones are dropped): called for every
    link the hooks write (about 100,000 at 1,000 pages), so it avoids posixpath.relpath, which makes both
    paths absolute first: 1.9 against 6.7 µs a call, about 0.5 s a build at that size (measured 2026-12-01).
    """
    base = from_url.split("/")[:-1]  # the folders of the page: 'a/b/' and 'a/b.html' -> ['a', 'b'] and ['a']
    target = to_url.split("/")
    common = 0
    limit = min(len(base), len(target) - 1)
    while common < limit and base[common] == target[common]:
        common += 1
    return "../" * (len(base) - common) + "/".join(target[common:]) or "./"


class Records:
    """The records of one build by key ('term:llm'), where each is shown, and the pages made from them."""

    def __init__(self, data: SiteData, pages: tuple[Generated, ...]) -> None:
        self.data = data
        self.kinds = data.kinds
        made = generated_pages(data, pages)
        self.generated_by = {src: page for src, (page, _) in made.items()}
        self.generated = {src: markdown for src, (_, markdown) in made.items()}

    def record(self, key: str) -> Record:
        """The record behind a key such as 'term:reasoning-model'."""
        kind, ident = key.split(":", 1)
        return self.data.table(kind)[ident]

    def place(self, key: str) -> tuple[str, str]:
        """The page (docs-relative) and '#anchor' ('' for its own page) where the record of a key is shown."""
        kind, ident = key.split(":", 1)
        page, anchor = self.kinds[kind].page_of(ident)
        return page, f"#{anchor}" if anchor else ""

    def in_nav(self, src: str) -> bool:
        """Whether the nav lists a generated page: not a record's page (a term's, a company's) nor one declared out of it."""
        page = self.generated_by.get(src)
        return page is None or (page.in_nav and "{id}" not in page.src)

    def data_file_of(self, src: str) -> str:
        """The data file a generated page is made from."""
        return self.kinds[self.generated_by[src].kind].file

    def indexes_all(self, src: str) -> bool:
        """Whether a page indexes everything (the glossary), so that what it mentions counts for nothing."""
        return src in self.generated_by and not self.generated_by[src].backlinks


class Links:
    """References become Markdown links carrying their key; first mentions and references are marked, then get the record's
    link markup when their page is written."""

    def __init__(self, records: Records) -> None:
        self.records = records
        # Matched in HTML text, where & < > stand escaped.
        self.matcher = Matcher(
            (html.escape(spelling, quote=False), f"{kind.name}:{record.id}", kind.whole_words)
            for kind in records.kinds.values()
            if kind.autolink
            for record in records.data.table(kind.name).values()
            for spelling in record.surfaces
        )

    def markdown_link(self, src: str, ref: Ref) -> str:
        """A reference as a Markdown link to the page (and anchor) that shows the record, with its key as data-ref.

        MkDocs checks and rewrites the link like any other; the class and tooltip are added in the HTML
        (``linked``, ``filled``), found by the data-ref: as a Markdown link title they would need escaping that
        attr_list does not offer.
        """
        if ref.id not in self.records.data.table(ref.kind):
            # Written with a fault, or in a file that cannot be read: that is reported there; the text stays.
            return md_escape(ref.text if ref.text is not None else ref.id)
        key = f"{ref.kind}:{ref.id}"
        page, anchor = self.records.place(key)
        text = md_escape(ref.text if ref.text and ref.text.strip() else self.records.record(key).label)
        return f'[{text}]({relative_url(page, src)}{anchor}){{ data-ref="{key}" }}'

    def linked(self, src: str, content: str, enabled: bool, found: set[str]) -> str:
        """One page's HTML with its first mentions and references marked (``filled`` makes them links to their records);
        what it mentions goes into ``found``."""

        def linkable(key: str) -> bool:
            return enabled and self.records.record(key).autolink and self.records.place(key)[0] != src

        # An index of everything (the glossary) gets only its references marked.
        edits = reference_edits(content) if self.records.indexes_all(src) else link_edits(content, self.matcher, linkable, found)
        return apply_edits(content, [(start, end, self._marked(key, content[start:end])) for start, end, key in edits])

    @staticmethod
    def _marked(key: str, piece: str) -> str:
        """What an edit puts in: a reference's start tag as a marker with its href, or a mention's text in a marker without.

        The engine holds every page's HTML until the last page is written; the class, tooltip and (for a mention) href
        of a link to a record are put in when its page is written: about 27 instead of 110 characters a link (50,000
        links at 1,000 pages), 8.5 MiB less at the build's peak (186.4 -> 177.9 MiB, measured 2026-12-06).
        """
        if piece.startswith("<"):
            return f'<a data-xref="{key}" href="{_HREF.search(piece).group(1)}">'
        return f'<a data-xref="{key}">{piece}</a>'

    def filled(self, page: str, page_url: str, url_of: UrlOf) -> str:
        """A page (its content or the whole written file) with its link markers (``linked``) made links to their records.

        A mention's link gets its record's page and anchor relative to ``page_url``; a reference's keeps the href the
        engine resolved.
        """
        if "data-xref=" not in page:
            return page

        def link(marker: re.Match[str]) -> str:
            key, href = marker.group(1), marker.group(2)
            if href is not None:
                return self._start_tag(key, href)
            target, anchor = self.records.place(key)
            return self._start_tag(key, html.escape(relative_url(url_of(target), page_url) + anchor), " xref-auto")

        return _XREF.sub(link, page)

    def _start_tag(self, key: str, href: str, extra: str = "") -> str:
        """The start tag of every link to a record: its kind's class, the href, its short text as tooltip, its key."""
        title = html.escape(self.records.record(key).short)
        return f'<a class="xref xref-{key.split(":", 1)[0]}{extra}" href="{href}" title="{title}" data-ref="{key}">'


class Backlinks:
    """What each page mentions, and for each record the pages that mention it."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.found: dict[str, set[str] | tuple[str, ...]] = {}  # page -> keys of the records it mentions
        self._index: dict[str, list[str]] = {}
        self._order: tuple[str, ...] | None = None

    def of(self, src: str) -> set[str]:
        """The set of keys a page mentions, to add to."""
        found = self.found.get(src)
        if not isinstance(found, set):
            found = self.found[src] = set(found or ())
        return found

    def keep(self, src: str) -> None:
        """A page is converted: what it mentions is kept as a tuple, which takes a fifth of a set's memory (at 1,000
        pages, about 2 MiB less at the build's peak, measured 2026-12-06)."""
        if src in self.found:
            self.found[src] = tuple(self.found[src])

    def pages_mentioning(self, key: str, order: tuple[str, ...]) -> list[str]:
        """Pages (in the given order) that mention a record, leaving out its own page and the pages that list its kind."""
        kind = key.split(":", 1)[0]
        own = self.records.place(key)[0]

        def counts(src: str) -> bool:
            page = self.records.generated_by.get(src)
            return src != own and (page is None or (page.backlinks and not (page.lists_kind and page.kind == kind)))

        if order != self._order:  # an index of mentions per reading order, not a scan per record
            self._index, self._order = {}, order
            for src in order:
                for found in self.found.get(src, ()):
                    self._index.setdefault(found, []).append(src)
        return [src for src in self._index.get(key, ()) if counts(src)]

    def filled(self, content: str, page_url: str, pages: dict[str, tuple[str, str]]) -> str:
        """The page's HTML with each backlink marker replaced by links to the pages that mention its record.

        ``pages`` maps each page (in reading order) to its title and URL.
        """
        if "data-backlinks" not in content:
            return content
        order = tuple(pages)
        # Each page's list item is made once per page written: the glossary lists most pages under
        # many terms (at 1,000 pages and 2,000 terms, making it per marker cost about 0.3 s).
        items: dict[str, str] = {}

        def item(src: str) -> str:
            if src not in items:
                title, url = pages[src]
                items[src] = render_backlink(title, relative_url(url, page_url))
            return items[src]

        return _MARKER.sub(
            lambda marker: render_backlinks([item(p) for p in self.pages_mentioning(marker.group(1), order)]), content
        )

    def unmentioned(self, order: Iterable[str]) -> list[Problem]:
        """Warnings for the records that no page mentions."""
        order = tuple(order)
        return [
            Problem(
                record.origin,
                f"{kind.noun} {q(record.id)} はどのページにも出てこない。",
                f"ページで触れるか [[{kind.name}:{record.id}]] と書く。要らなければ {kind.file} から消す。",
                warning=True,
            )
            for kind in self.records.kinds.values()
            for record in self.records.data.table(kind.name).values()
            if not self.pages_mentioning(f"{kind.name}:{record.id}", order)
        ]
