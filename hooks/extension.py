"""The site's Python-Markdown extension: one page's Markdown and HTML work, the same under MkDocs and Zensical.

Listed in mkdocs.yml's ``markdown_extensions`` as ``hooks.extension``. Before the page is parsed, its references
``[[kind:id]]`` become Markdown links (``Build.page_markdown``, which checks the page too); once the page is HTML,
``Build.page_html`` adds its quiz and answers, defuses it, checks its heading ids, marks its first mentions and
references (the adapters make them links with their tooltips when the page is written: ``Build.fill_links``) and
adds its print parts, all once. MkDocs' search reads the page between its conversion and its
writing, and would index the print parts before the page's h1 as a section of their own: there the adapter adds
them after search has read the page (``print`` off). It needs only the build and the page: under MkDocs the
adapter puts them into its config before each page (hooks.mkdocs_hooks.on_page_markdown); under Zensical the page
comes from Zensical's context extension and the build from ``RUNS``, under the key the adapter wrote into the
config it derives (hooks.zensical_build).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    from .build import Build

NAME = "hooks.extension"
# Zensical makes each page's Markdown instance itself, from the names and values of its config alone, so its runs
# find their Build here, under the key of the run; the adapter removes it when Zensical is done.
RUNS: dict[str, Build] = {}


class PageOf(NamedTuple):
    """The page a Markdown instance converts, and its build."""

    build: Build
    src: str  # docs-relative path
    url: str  # from the site root
    meta: dict
    printed: bool  # whether its print parts are added here
    markdown: str = ""  # the page's Markdown as the engine holds it, when it says (MkDocs)


class SiteExtension(Extension):
    """References, first mentions, learning blocks and checks of one page."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "build": ["", "the Build (MkDocs: set for each page by the adapter)"],
            "src": ["", "the page's path in docs/ (MkDocs)"],
            "url": ["", "the page's URL (MkDocs)"],
            "meta": [{}, "the page's front matter (MkDocs)"],
            "print": [True, "add the print parts of an article page"],
            "markdown": ["", "the page's Markdown as the engine holds it (MkDocs)"],
            "run": ["", "the key of the build in RUNS (Zensical)"],
        }
        super().__init__(**kwargs)

    def page_of(self, md: Markdown) -> PageOf | None:
        """The page being converted; None outside a build (MkDocs' check of its config loads every extension)."""
        get = self.getConfig
        build, printed = get("build"), get("print")
        if build:
            return PageOf(build, get("src"), get("url"), get("meta"), printed, get("markdown"))
        build = RUNS.get(get("run"))
        if build is None:
            return None
        from zensical.extensions.context import ContextPreprocessor  # only a Zensical run gets here

        context = ContextPreprocessor.from_markdown(md)
        page = context.page if context is not None else None
        return PageOf(build, page.path.replace("\\", "/"), page.url, page.meta, printed) if page else None

    def extendMarkdown(self, md: Markdown) -> None:
        """Before every other preprocessor (the page as written); on the tree after the table of contents and before
        MkDocs rewrites the links (its 'relpath', registered after this at the same priority); after raw HTML."""
        state = _State(self)
        md.preprocessors.register(_References(md, state), "site-references", 35)
        md.treeprocessors.register(_Links(md, state), "site-links", 0)
        md.postprocessors.register(_Content(md, state), "site-content", 1)


class _State:
    """What the processors of one Markdown instance share about the page it converts."""

    def __init__(self, extension: SiteExtension) -> None:
        self.extension = extension
        self.page: PageOf | None = None
        self.links: list[str] | None = None  # the page's Markdown links, once its tree is done


class _Step:
    """A processor of the extension, with the state it shares."""

    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(md)  # the processor class that comes after this one
        self.state = state


class _References(_Step, Preprocessor):
    """The page checked and its references made Markdown links, as written (before whitespace is normalised)."""

    def run(self, lines: list[str]) -> list[str]:
        state = self.state
        page = state.page = state.extension.page_of(self.md)
        state.links = None
        if page is None:
            return lines
        text = "\n".join(lines)
        # MkDocs holds every page's Markdown until the build ends: the build keeps that string, not an equal copy
        # (5.5 MiB at 1,000 pages; 5.4 MiB less at the build's peak, measured 2026-12-06).
        text = page.markdown if text == page.markdown else text
        with page.build.timed("references and mentions"):
            return page.build.page_markdown(page.src, text, page.meta).split("\n")


class _Links(_Step, Treeprocessor):
    """The page's Markdown links as written (the build checks them), and the sign that the postprocessors that
    follow see the whole page (the table of contents runs them on each heading before)."""

    def run(self, root: Element) -> None:
        if self.state.page is not None:
            found = (el.get("href") if el.tag == "a" else el.get("src") for el in root.iter() if el.tag in ("a", "img"))
            self.state.links = [link for link in found if link]


class _Content(_Step, Postprocessor):
    """The page's HTML finished by its build, once."""

    def run(self, text: str) -> str:
        page, links = self.state.page, self.state.links
        if page is None or links is None:
            return text
        self.state.links = None
        with page.build.timed("references and mentions"):
            return page.build.page_html(page.src, text, page.url, links, printed=page.printed)


def makeExtension(**kwargs: Any) -> SiteExtension:
    """The extension, as Python-Markdown loads it by name."""
    return SiteExtension(**kwargs)
