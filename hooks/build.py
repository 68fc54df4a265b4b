"""The state of one build and its stages, independent of MkDocs: the adapter calls one method per event.

A build collects every problem instead of stopping at the first: the adapter raises them together
at the end (``mkdocs build``), or shows them on every page (``mkdocs serve``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .autolink import Edit
from .links import Locator, Text, check_raw_links, ids_in, raw_links
from .model import Origin, Problem
from .pages import duplicate_ids, front_matter_problem
from .render import render_problem_panel
from .safety import UNSAFE_LINK, defuse_html, markdown_problems
from .site import Site, data_edit_url, first_line
from .yamlsrc import decode

# Where the theme writes its inline scripts, which the Content-Security-Policy allows by their hash.
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_CHARSET = '<meta charset="utf-8">'


@dataclass
class PageSource:
    """What the build knows of a page before MkDocs renders it."""

    shown: str  # how messages name it: its path from the project root, or its data file
    generated: bool
    texts: list[Text] = field(default_factory=list)  # the Markdown shown on it, with where each text starts
    unreadable: bool = False  # not UTF-8: that is its one problem, nothing else of it is checked


class Build:
    """One build: the data, the pages' sources, and every problem found so far."""

    def __init__(self, root: Path, docs_dir: str, config_file: str, serving: bool = False) -> None:
        """Load and check the data under ``root``; nothing is raised."""
        self.site = Site(root, docs_dir)
        self.serving = serving
        self.sources: dict[str, PageSource] = {}
        self.engine_problems: list[Problem] = []  # what MkDocs itself reported, with the file and line
        self.edits: dict[str, list[Edit]] = {}
        self.unlinked: dict[str, str] = {}
        self.titles: dict[str, tuple[str, str]] = {}
        self.order: list[str] = []
        self.urls: dict[str, str] = {}
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        config_path = root / config_file
        config_text = config_path.read_text(encoding="utf-8-sig") if config_path.is_file() else ""
        self.locator = Locator({}, config_file, config_text)
        for src in self.site.generated:
            self.sources[src] = PageSource(self.site.shown(src), True, self.site.texts_of(src))
        self.locator.texts = {src: source.texts for src, source in self.sources.items()}

    @property
    def problems(self) -> list[Problem]:
        """The problems found by the hooks (MkDocs' own are in engine_problems)."""
        return self.site.problems

    # Files: the generated pages join the documentation files; unreadable pages are reported.

    def page_file(self, src: str, raw: bytes) -> tuple[bool, str | None]:
        """Whether to keep a hand-written page's file, and its text when it must be read with replacements.

        A file named like a generated page is not kept (the generated page takes its place); one
        that is not UTF-8 is reported and read with replacement characters, so the build goes on.
        """
        shown = self.site.shown(src)
        if src in self.site.generated:
            self.problems.append(
                Problem(Origin(shown, 1), "this page is generated from the data files.", "Remove or rename the file.")
            )
            return False, None
        text, problem = decode(raw, shown)
        self.sources[src] = PageSource(shown, False, unreadable=problem is not None)
        if problem is None:
            return True, None
        self.problems.append(problem)
        return True, text

    def set_pages(self, order: list[str], urls: dict[str, str]) -> None:
        """The reading order of the pages (the nav's) and each page's URL."""
        self.order = order
        self.urls = urls

    def url_of(self, src: str) -> str:
        """The URL of a page of this build."""
        return self.urls[src]

    # Markdown stage.

    def page_markdown(self, src: str, markdown: str, raw: str, meta: dict) -> str:
        """Check one page's Markdown and resolve its references."""
        source = self.sources.get(src) or PageSource(self.site.shown(src), False)
        if source.generated:
            return self.site.page_markdown(src, markdown, 1, None)
        if source.unreadable:
            return markdown  # its encoding is reported; what was read of it would only give false problems
        line = first_line(raw, markdown)
        source.texts = [Text(Origin(source.shown, line), markdown)]
        self.locator.texts[src] = source.texts
        problem = front_matter_problem(raw, source.shown)
        if problem is not None:
            self.problems.append(problem)
            meta = None  # a broken front matter is reported as such, not as a missing description
        self.problems.extend(markdown_problems(markdown, Origin(source.shown, line), raw_html=True))
        return self.site.page_markdown(src, markdown, line, meta)

    # HTML stage: the page's HTML is made safe, its mentions found, its links to put in kept.

    def page_content(self, src: str, content: str, enabled: bool, page_url: str) -> str:
        """The page's HTML made safe; its links and mentions are kept for page_context."""
        content, defused = defuse_html(content)
        source = self.sources.get(src)
        if defused and source is not None and not any(p.origin.file == _file_of(source) for p in self.problems):
            self.problems.append(
                Problem(
                    source.texts[0].origin if source.texts else Origin(source.shown),
                    "the page's HTML held a script, an event handler or an unsafe link; it was removed.",
                    "Write Markdown, with links to pages or https: addresses only.",
                )
            )
        if source is not None and not source.generated:
            self.problems.extend(duplicate_ids(content, source.texts[0] if source.texts else Text(Origin(source.shown), "")))
        self.edits[src] = self.site.page_links(src, content, enabled, page_url, self.url_of)
        return content

    # Late stage: every page is rendered.

    def all_rendered(self, pages: dict[str, tuple[str | None, str]], static: set[str]) -> None:
        """Usage warnings and the raw HTML link check, once every page is rendered; ``pages`` maps src to (title, HTML)."""
        order = [src for src in self.order if src in pages] + sorted(set(pages) - set(self.order))
        self.titles = {src: (pages[src][0] or src, self.urls[src]) for src in order}
        links = {
            src: [link for text in self.sources[src].texts for link in raw_links(text)]
            for src in order
            if src in self.sources and not self.sources[src].generated
        }
        if any(links.values()):  # the ids of every page are read only when some page has raw HTML links
            shown = {self.urls[src]: self.sources[src].shown if src in self.sources else src for src in order}
            ids = {self.urls[src]: ids_in(pages[src][1]) for src in order}
            for src, found in links.items():
                self.problems.extend(check_raw_links(found, self.urls[src], shown, ids, static))
        self.errors, self.warnings = self.site.report(self.site.usage_problems(self.titles))

    def page_context(self, src: str, content: str, page_url: str) -> str:
        """The page's HTML with its links and backlinks put in; the HTML search read is kept to give back after."""
        linked = self.site.put_in_links(content, self.edits.pop(src, []), page_url, self.url_of)
        self.unlinked[src] = content
        return self.site.fill_backlinks(src, linked, page_url, self.titles)

    def after_page(self, src: str, content: str) -> str:
        """The page's content as search read it (without links), kept by MkDocs until the build ends."""
        return self.unlinked.pop(src, content)

    def edit_url(self, src: str, repo_url: str | None, edit_uri: str | None) -> str | None:
        """The edit link of a generated page: the data file it comes from."""
        return data_edit_url(repo_url, edit_uri, self.site.docs_dir, self.site.data_file_of(src))

    def finish_html(self, output: str) -> str:
        """The written page, with a Content-Security-Policy for its scripts (not while serving: live reload injects one)."""
        return output if self.serving else output.replace(_CHARSET, _CHARSET + csp_meta(output), 1)

    def show_problems(self, site_dir: Path) -> None:
        """While serving: put a panel listing every problem, MkDocs' own included, at the top of every written page."""
        problems = sorted({*self.errors, *self.warnings, *self.engine_problems}, key=Problem.sort_key)
        if not problems:
            return
        panel = render_problem_panel(problems)
        for path in site_dir.rglob("*.html"):
            page = path.read_text(encoding="utf-8")
            path.write_text(_insert_after_body(page, panel), encoding="utf-8")

    def engine_message(self, message: str) -> str | None:
        """A MkDocs message with the file and line it is about in front (the data file's for a generated page).

        None when the hooks already reported an unsafe link on that line: the same mistake once.
        """
        origin = self.locator.origin(message)
        if origin is None:
            return message
        if any(p.origin == origin and p.message.startswith(UNSAFE_LINK) for p in self.problems):
            return None
        self.engine_problems.append(Problem(origin, message, warning=True))
        return f"{origin}: {message}"


def _file_of(source: PageSource) -> str:
    """The file a page's problems are reported in."""
    return source.texts[0].origin.file if source.texts else source.shown


def csp_meta(page: str) -> str:
    """A Content-Security-Policy that lets the page run the site's own scripts and its inline scripts, by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _INLINE_SCRIPT.findall(page)
    )
    policy = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, quote=False)}">'


def _insert_after_body(output: str, panel: str) -> str:
    """The page with the panel as the first thing in its body."""
    found = re.search(r"<body[^>]*>", output)
    return output[: found.end()] + panel + output[found.end() :] if found else panel + output
