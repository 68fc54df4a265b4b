"""The site's Python-Markdown extension: one page's Markdown and HTML work, the same under MkDocs and Zensical.

Listed in mkdocs.yml's ``markdown_extensions`` as ``hooks.extension``. Before the page is parsed, its references
``[[kind:id]]`` become Markdown links (``Build.page_markdown``, which checks the page too); once the page is HTML,
``Build.page_html`` adds its quiz and answers, defuses it, checks its heading ids, links its first mentions (with
their tooltips) and adds its print parts, all once. MkDocs' search reads the page between its conversion and its
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
    zensical: bool  # Zensical resolves the links of the HTML after the extension: links lead to Markdown files


class SiteExtension(Extension):
    """References, first mentions, learning blocks and checks of one page."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "build": ["", "the Build (MkDocs: set for each page by the adapter)"],
            "src": ["", "the page's path in docs/ (MkDocs)"],
            "url": ["", "the page's URL (MkDocs)"],
            "meta": [{}, "the page's front matter (MkDocs)"],
            "print": [True, "add the print parts of an article page"],
            "run": ["", "the key of the build in RUNS (Zensical)"],
        }
        super().__init__(**kwargs)

    def page_of(self, md: Markdown) -> PageOf | None:
        """The page being converted; None outside a build (MkDocs' check of its config loads every extension)."""
        build = self.getConfig("build")
        if build:
            return PageOf(
                build, self.getConfig("src"), self.getConfig("url"), self.getConfig("meta"), self.getConfig("print"), False
            )
        build = RUNS.get(self.getConfig("run"))
        if build is None:
            return None
        from zensical.extensions.context import ContextPreprocessor  # only a Zensical run gets here

        context = ContextPreprocessor.from_markdown(md)
        if context is None:
            return None
        return PageOf(
            build, context.page.path.replace("\\", "/"), context.page.url, context.page.meta, self.getConfig("print"), True
        )

    def extendMarkdown(self, md: Markdown) -> None:
        """Before every other preprocessor (the page as written) and after every other treeprocessor and raw HTML."""
        page = _Page(md, self)
        md.preprocessors.register(_References(md, page), "site-references", 35)
        md.treeprocessors.register(_Links(md, page), "site-links", -1000)
        md.postprocessors.register(_Content(md, page), "site-content", 1)


class _Page:
    """What the processors of one Markdown instance share about the page it converts."""

    def __init__(self, md: Markdown, extension: SiteExtension) -> None:
        self.md, self.extension = md, extension
        self.of: PageOf | None = None
        self.links: list[str] | None = None  # the page's Markdown links, once its tree is done


class _References(Preprocessor):
    """The page checked and its references made Markdown links, as written (before whitespace is normalised)."""

    def __init__(self, md: Markdown, page: _Page) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        page = self.page
        page.of, page.links = page.extension.page_of(self.md), None
        if page.of is None:
            return lines
        build, src, meta = page.of.build, page.of.src, page.of.meta
        with build.timed("references and mentions"):
            return build.page_markdown(src, "\n".join(lines), meta=meta).split("\n")


class _Links(Treeprocessor):
    """Runs last on the tree: the page's Markdown links (for an engine that does not check them), and the sign that
    the postprocessors that follow see the whole page (the toc runs them on each heading before)."""

    def __init__(self, md: Markdown, page: _Page) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: Element) -> None:
        if self.page.of is not None:
            found = (el.get("href") if el.tag == "a" else el.get("src") for el in root.iter() if el.tag in ("a", "img"))
            self.page.links = [link for link in found if link]


class _Content(Postprocessor):
    """The page's HTML finished by its build, once."""

    def __init__(self, md: Markdown, page: _Page) -> None:
        super().__init__(md)
        self.page = page

    def run(self, text: str) -> str:
        page = self.page
        if page.of is None or page.links is None:
            return text
        links, page.links = page.links, None
        with page.of.build.timed("references and mentions"):
            of = page.of
            return of.build.page_html(of.src, text, of.url, links, printed=of.printed, to_sources=of.zensical)


def makeExtension(**kwargs: Any) -> SiteExtension:
    """The extension, as Python-Markdown loads it by name."""
    return SiteExtension(**kwargs)
