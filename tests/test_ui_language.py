"""The site's own words are Japanese: every English word a reader sees in the interface of a built page is listed.

The interface is everything of a page but its content: the header, the navigation, the footer, the search box,
the 404 page, and the site's own lines around the content (place in the reading path, dates, share buttons, the
report line, the quiz score), with the accessible names and tooltips of their elements. The content's text
(the article, definitions, quotations, source titles) is the writers' and is checked by the prose linter.
Names of products, companies and the site's own formats are allowed, by an explicit list below.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import site_pages

# Names a Japanese reader sees as they are: products, companies, the repository, the share services, formats.
ALLOWED = {
    "DeepSeek",  # the site's name, nav titles
    "deepseek-shock",  # the repository's name in the header
    "LINE",
    "X",  # share buttons
    "CC",
    "BY",
    "MIT",
    "License",  # the licence line: names of licences
    "Futurism",  # the article's publisher (licence line)
}
# The site's own lines inside the content area: these are interface, not content.
OWN = ("page-position", "page-dates", "page-share", "page-report", "quiz-score", "headerlink")
# Elements whose text is not read as words: scripts, styles, icons, and the table of contents (it repeats the
# content's headings).
_SKIP = ("script", "style", "svg")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z]")


class _Interface(HTMLParser):
    """Collects the English words of a page's interface: its text and its elements' names and tooltips."""

    def __init__(self, whole: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, what it is: "skip", "content", "own" or "")
        self.whole = whole  # the 404 page: its content is the theme's
        self.words: set[str] = set()

    def _state(self) -> str:
        for _, kind in reversed(self.stack):
            if kind in ("skip", "own", "content"):
                return kind
        return ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag in _SKIP or "md-nav--secondary" in classes or (tag == "head"):
            kind = "skip"
        elif any(name in classes for name in OWN):
            kind = "own"
        elif ("md-content__inner" in classes and not self.whole) or values.get("data-md-component") == "header-topic":
            kind = "content"
        elif "md-footer__link" in classes or ("md-ellipsis" in classes and self.stack and self.stack[-1][0] == "div"):
            kind = "content"  # the title of this page or of the previous and next ones: the writers' words
        else:
            kind = ""
        state = kind or self._state()
        if state in ("", "own") and "xref" not in classes:
            for name in ("aria-label", "title", "placeholder", "alt"):
                self.words.update(_WORD.findall(values.get(name) or ""))
        if tag not in _VOID:
            self.stack.append((tag, kind))

    def handle_endtag(self, tag: str) -> None:
        for at in range(len(self.stack) - 1, -1, -1):
            if self.stack[at][0] == tag:
                del self.stack[at:]
                return

    def handle_data(self, data: str) -> None:
        if self._state() in ("", "own"):
            self.words.update(_WORD.findall(data))


def interface_words(page: str, whole: bool = False) -> set[str]:
    """The English words of a page's interface."""
    parser = _Interface(whole)
    parser.feed(page[page.find("<body") :])
    return parser.words


def test_the_collector_finds_english_in_the_interface_only() -> None:
    """English in the footer, a button or an aria-label is found; English in the content is not."""
    page = (
        '<body><header aria-label="Header"><a title="Go home">ホーム</a></header><article class="md-content__inner">'
        '<p>Reasoning model</p><p class="page-dates">Last updated</p></article><footer>Made with Material</footer></body>'
    )
    assert interface_words(page) == {"Header", "Go", "home", "Last", "updated", "Made", "with", "Material"}
    assert "Reasoning" in interface_words(page, whole=True)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_no_english_in_the_interface_of_any_page(engine: str, request) -> None:
    """Every built page's interface words are Japanese or an allowed name."""
    site: Path = request.getfixturevalue("built_site" if engine == "mkdocs" else "zensical_site")
    found: dict[str, set[str]] = {}
    for path in site_pages(site):
        file = site / (path + "index.html" if path.endswith("/") or not path else path)
        for word in interface_words(file.read_text(encoding="utf-8"), whole=path == "404.html") - ALLOWED:
            found.setdefault(word, set()).add(path or "/")
    listed = "\n".join(f"{word}: {', '.join(sorted(pages)[:3])}" for word, pages in sorted(found.items()))
    assert not found, f"English in the interface (translate it, or allow a name in ALLOWED):\n{listed}"
