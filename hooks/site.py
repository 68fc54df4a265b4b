"""One build of the site, independent of MkDocs: data, references, autolinks, backlinks, problems."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import kinds as registry
from .autolink import Edit, Mentions, apply_edits, link_edits, plain_link_edits
from .data import load_data, markdown_fields
from .kinds import Generated, Kind, generated_pages
from .links import Text
from .matcher import Matcher
from .model import Origin, Problem, Record
from .refs import Ref, check_refs, replace_refs
from .render import md_escape, render_backlink, render_backlinks

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # 'https:', 'mailto:': another site's, or not a page
_MARKER = re.compile(r'<div class="backlinks" data-backlinks="([a-z]+:[^"]+)"></div>')


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


def resolve_url(href: str, page_url: str) -> str | None:
    """The URL relative to the site root (with its #fragment) that a relative href on a page leads to.

    The inverse of relative_url; None for links that leave the site (a scheme, //host, /path) or
    climb above its root.
    """
    if href.startswith("/") or SCHEME.match(href):
        return None
    path, hash_, fragment = href.partition("#")
    folders = page_url.split("/")[:-1]
    segments = path.split("/")
    if not path:  # '#x': this page
        return page_url + hash_ + fragment
    for index, segment in enumerate(segments):
        if segment == "..":
            if not folders:
                return None
            folders.pop()
        elif segment != "." and (segment or index == len(segments) - 1):  # a last '': 'a/' stays a folder
            folders.append(segment)
    if segments[-1] in (".", ".."):
        folders.append("")  # '..' and '.' name a folder
    return "/".join(folders) + hash_ + fragment


def data_edit_url(repo_url: str | None, edit_uri: str | None, docs_dir: str, data_file: str) -> str | None:
    """The edit link for a data file, from the same settings MkDocs uses for pages' edit links.

    ``edit_uri`` (e.g. ``edit/main/docs/``) points into the docs folder; data files are named from
    the project root, so the docs folder is taken off its end.
    """
    if not edit_uri:
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*://", edit_uri):
        base = edit_uri
    elif repo_url:
        base = repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")
    else:
        return None
    base = base if base.endswith("/") else base + "/"
    suffix = docs_dir.strip("/") + "/"
    if base.endswith("/" + suffix):
        base = base[: -len(suffix)]
    return base + data_file


def first_line(raw: str, markdown: str) -> int:
    """The line of the raw file on which the Markdown body (after front matter) starts."""
    at = raw.find(markdown[:200]) if markdown else -1
    return raw.count("\n", 0, at) + 1 if at > 0 else 1


class Site:
    """The data of one build and what its pages mention; made anew for every build (``mkdocs serve`` rebuilds too)."""

    def __init__(
        self,
        root: Path,
        docs_dir: str = "docs",
        kinds: tuple[Kind, ...] | None = None,
        pages: tuple[Generated, ...] | None = None,
    ) -> None:
        """Load the data of every kind under ``root`` and make the generated pages; problems are kept, not raised.

        The kinds and pages are those of the registry (hooks.kinds), read when the build starts.
        """
        kinds = registry.KINDS if kinds is None else kinds
        pages = registry.PAGES if pages is None else pages
        self.root = root
        self.docs_dir = docs_dir
        self.timings: dict[str, float] = {}
        with self.timed("load and validate"):
            self.data, self.problems = load_data(root, kinds)
        self.kinds = self.data.kinds
        with self.timed("generated pages"):
            made = generated_pages(self.data, pages)
        self.generated_by = {src: page for src, (page, _) in made.items()}
        self.generated = {src: markdown for src, (_, markdown) in made.items()}
        self.mentions: dict[str, Mentions] = {}
        self._index: dict[str, list[str]] = {}
        self._index_order: tuple[str, ...] | None = None
        self._targets: dict[str, str] | None = None  # URL (from the site root, with #anchor) -> key
        # Matched in HTML text, where & < > stand escaped.
        self.matcher = Matcher(
            (html.escape(spelling, quote=False), f"{kind.name}:{record.id}", kind.whole_words)
            for kind in self.kinds.values()
            if kind.autolink
            for record in self.data.table(kind.name).values()
            for spelling in record.surfaces
        )

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        """Add the time spent in the block to a phase (reported by the benchmark)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - start

    def texts_of(self, src: str) -> list[Text]:
        """The Markdown texts of the data files that a generated page shows, with where each stands."""
        return [Text(field.origin, field.text) for field in markdown_fields(self.data, src)]

    def data_file_of(self, src: str) -> str:
        """The data file a generated page is made from."""
        return self.kinds[self.generated_by[src].kind].file

    def shown(self, src: str) -> str:
        """How a page is named in messages: its path from the project root."""
        return f"{self.docs_dir}/{src}"

    def record(self, key: str) -> Record:
        """The record behind a key such as 'term:reasoning-model'."""
        kind, ident = key.split(":", 1)
        return self.data.table(kind)[ident]

    def place(self, key: str) -> tuple[str, str]:
        """The page (docs-relative) and '#anchor' ('' for its own page) where the record of a key is shown."""
        kind, ident = key.split(":", 1)
        page, anchor = self.kinds[kind].page_of(ident)
        return page, f"#{anchor}" if anchor else ""

    # Markdown stage: explicit references become ordinary Markdown links that MkDocs validates.

    def page_markdown(self, src: str, markdown: str, line: int = 1, meta: dict | None = None) -> str:
        """Resolve the references of one page; problems are collected for the end of the build."""
        description = meta.get("description") if meta is not None else None
        if meta is not None and src not in self.generated and not (isinstance(description, str) and description.strip()):
            self.problems.append(
                Problem(
                    Origin(self.shown(src), 1),
                    "the page has no 'description' in its front matter.",
                    "Add '---\\ndescription: 一文の説明。\\n---' at the top (used by search engines and link previews).",
                )
            )
        problems, refs = check_refs(markdown, Origin(self.shown(src), line), self.data)
        if src not in self.generated:
            self.problems.extend(problems)  # refs of generated pages were checked where their data stands
        mentions = self.mentions.setdefault(src, Mentions())
        for ref in refs:
            mentions.found.add(f"{ref.kind}:{ref.id}")
        return replace_refs(markdown, refs, lambda ref: self.render_ref(src, ref))

    def render_ref(self, src: str, ref: Ref) -> str:
        """A reference as a plain Markdown link to the page (and anchor) that shows the record.

        MkDocs checks and rewrites the link like any other; its class and tooltip are added in the
        HTML (page_links, put_in_links): as Markdown's link title and attribute syntax they cost
        0.8 ms a page more to convert (7.6 against 6.8 ms, measured on the benchmark's pages).
        """
        if ref.id not in self.data.table(ref.kind):
            # Written with a fault, or in a file that cannot be read: that is reported there; the text stays.
            return md_escape(ref.text if ref.text is not None else ref.id)
        key = f"{ref.kind}:{ref.id}"
        page, anchor = self.place(key)
        text = md_escape(ref.text if ref.text and ref.text.strip() else self.record(key).label)
        return f"[{text}]({relative_url(page, src)}{anchor})"

    # HTML stage: the first mention of each record with spellings is linked, mentions are counted.

    def page_html(self, src: str, content: str, page_url: str, url_of: Callable[[str], str], enabled: bool = True) -> str:
        """Autolink one page's HTML and mark its links to records, in one call (page_links, then put_in_links)."""
        return self.put_in_links(content, self.page_links(src, content, enabled, page_url, url_of), page_url, url_of)

    def page_links(
        self,
        src: str,
        content: str,
        enabled: bool = True,
        page_url: str | None = None,
        url_of: Callable[[str], str] | None = None,
    ) -> list[Edit]:
        """The edits for one page's HTML, as (start, end, key); what it mentions is recorded.

        The edits are the first mentions to link and, when the page's URL is given, the plain links
        to records (references) to mark. Only keys are kept (the markup is made by put_in_links
        when the page is written), so the edits of every page, held until then, stay small.
        """
        target = self._link_target(page_url, url_of) if page_url is not None and url_of is not None else None
        if src in self.generated_by and not self.generated_by[src].backlinks:
            # An index of everything: no mentions to record or link, only its references to mark.
            return plain_link_edits(content, target) if target else []
        # What is linked matters only while this page is read; the build keeps what it mentions.
        mentions = Mentions(found=self.mentions.setdefault(src, Mentions()).found)

        def linkable(key: str, text: str) -> str | None:
            if not enabled or not getattr(self.record(key), "autolink", True) or self.place(key)[0] == src:
                return None
            return key

        return link_edits(content, self.matcher, linkable, mentions, target)

    def _link_target(self, page_url: str, url_of: Callable[[str], str]) -> Callable[[str], str | None]:
        """href (on the page at page_url) -> the key of the record shown where it leads, or None."""
        if self._targets is None:
            self._targets = {}
            for kind in self.kinds.values():
                for ident in self.data.table(kind.name):
                    page, anchor = self.place(f"{kind.name}:{ident}")
                    self._targets[url_of(page) + anchor] = f"{kind.name}:{ident}"
        targets = self._targets

        def target(href: str) -> str | None:
            url = resolve_url(href, page_url)
            return targets.get(url) if url is not None else None

        return target

    def put_in_links(self, content: str, edits: list[Edit], page_url: str, url_of: Callable[[str], str]) -> str:
        """Make the markup of the (start, end, key) edits of page_links, relative to the page's URL."""
        return apply_edits(
            content,
            [
                (
                    start,
                    end,
                    self.mark(key, content[start:end])
                    if content.startswith("<", start)
                    else self.link(key, content[start:end], page_url, url_of),
                )
                for start, end, key in edits
            ],
        )

    def _closing(self, key: str) -> str:
        """What every link to a record has after its href: its tooltip and key."""
        return f'" title="{html.escape(self.record(key).short)}" data-ref="{key}">'

    def link(self, key: str, text: str, page_url: str, url_of: Callable[[str], str]) -> str:
        """One automatic link: to the record's page and anchor, with its short text as tooltip."""
        page, anchor = self.place(key)
        href = html.escape(relative_url(url_of(page), page_url) + anchor)
        return f'<a class="xref xref-{key.split(":", 1)[0]} xref-auto" href="{href}{self._closing(key)}{text}</a>'

    def mark(self, key: str, tag: str) -> str:
        """The start tag of a plain link to a record (<a href="…">), with the record's class and tooltip."""
        return f'<a class="xref xref-{key.split(":", 1)[0]}" {tag[3:-2]}{self._closing(key)}'

    # Late stage: backlinks and records nobody mentions.

    def mentioned_on(self, key: str, order: tuple[str, ...]) -> list[str]:
        """Pages (in the given order) that mention a record, leaving out its own page and the pages that list its kind."""
        kind = key.split(":", 1)[0]
        own = self.place(key)[0]

        def counts(src: str) -> bool:
            page = self.generated_by.get(src)
            return src != own and (page is None or (page.backlinks and not (page.lists_kind and page.kind == kind)))

        return [src for src in self._mention_index(order).get(key, ()) if counts(src)]

    def _mention_index(self, order: tuple[str, ...]) -> dict[str, list[str]]:
        """Key -> pages that mention it, in reading order; built once per order (an index, not a scan)."""
        if order != self._index_order:
            index: dict[str, list[str]] = {}
            for src in order:
                for key in self.mentions.get(src, Mentions()).found:
                    index.setdefault(key, []).append(src)
            self._index, self._index_order = index, order
        return self._index

    def fill_backlinks(self, src: str, content: str, page_url: str, pages: dict[str, tuple[str, str]]) -> str:
        """Replace backlink markers with links to the pages that mention the record.

        ``pages`` maps each page (in reading order) to its title and URL.
        """
        if "data-backlinks" not in content:
            return content
        order = tuple(pages)
        # Each page's list item is made once per page written: the glossary lists most pages under
        # many terms (at 1,000 pages and 2,000 terms, making it per marker cost about 0.3 s).
        items: dict[str, str] = {}

        def item(mentioning: str) -> str:
            if mentioning not in items:
                title, url = pages[mentioning]
                items[mentioning] = render_backlink(title, relative_url(url, page_url))
            return items[mentioning]

        def fill(marker: re.Match) -> str:
            return render_backlinks([item(p) for p in self.mentioned_on(marker.group(1), order)])

        return _MARKER.sub(fill, content)

    def usage_problems(self, order: Iterable[str]) -> list[Problem]:
        """Warnings for records that no page mentions."""
        order = tuple(order)
        problems = []
        for kind in self.kinds.values():
            for record in self.data.table(kind.name).values():
                if not self.mentioned_on(f"{kind.name}:{record.id}", order):
                    problems.append(
                        Problem(
                            record.origin,
                            f"{kind.noun} '{record.id}' is not mentioned on any page.",
                            f"Mention it on a page or write [[{kind.name}:{record.id}]]; remove it from {kind.file} if it is not needed.",
                            warning=True,
                        )
                    )
        return problems

    def report(self, extra: Iterable[Problem] = ()) -> tuple[list[Problem], list[Problem]]:
        """All problems so far, sorted and without repeats, split into (errors, warnings)."""
        unique = sorted(set([*self.problems, *extra]), key=Problem.sort_key)
        return [p for p in unique if not p.warning], [p for p in unique if p.warning]


def format_problems(problems: Iterable[object], title: str) -> str:
    """One message for many problems: a count, then one line each."""
    problems = list(problems)
    lines = [f"{title} ({len(problems)}):"] + [f"  {p}" for p in problems]
    return "\n".join(lines)
