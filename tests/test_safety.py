"""hooks.safety: the last guard on every page's HTML, against a table of ways to put script into a page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from hooks.model import Origin
from hooks.safety import bad_scheme, defuse_html, markdown_problems


class _Live(HTMLParser):
    """What a browser would run from some HTML: script elements, handlers, unsafe URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "form", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}=")
            elif name in ("href", "src", "action", "formaction", "data") and value and bad_scheme(value):
                self.found.append(f"{name}={value}")


def live(markup: str) -> list[str]:
    """The live parts of some HTML, as a browser's parser reads it."""
    parser = _Live()
    parser.feed(markup)
    return parser.found


PAYLOADS = [
    "<script>alert(1337)</script>",
    "<SCRIPT>alert(1337)</SCRIPT>",
    "<script/x>alert(1337)</script>",
    '<script src="https://evil.example/x.js"></script>',
    "<img src=x onerror=alert(1337)>",
    "<img/onerror=alert(1337) src=x>",
    '<img src="x"onerror="alert(1337)">',
    "<IMG SRC=x ONERROR=alert(1337)>",
    "<svg onload=alert(1337)>",
    '<a href="javascript:alert(1337)">x</a>',
    '<a href="JaVaScRiPt:alert(1337)">x</a>',
    '<a href="java&#115;cript:alert(1337)">x</a>',
    '<a href="javascript&colon;alert(1337)">x</a>',
    '<a href="&#x6A;avascript:alert(1337)">x</a>',
    '<a href="java&#9;script:alert(1337)">x</a>',
    '<a href=" javascript:alert(1337)">x</a>',
    "<a href=javascript:alert(1337)>x</a>",
    '<a href="data:text/html,<script>alert(1337)</script>">x</a>',
    '<a href="vbscript:msgbox(1337)">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<form action="https://evil.example/"><input></form>',
    '<base href="https://evil.example/">',
    '<a title="x" href="javascript:alert(1337)" class="y">x</a>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_live_survives_the_last_guard(payload: str) -> None:
    """Whatever the payload, the defused HTML holds no script, handler or unsafe URL, and says it changed something."""
    assert live(payload), "the payload is live before the guard (the table must hold real attacks)"
    defused, changed = defuse_html(f"<p>前 {payload} 後</p>")
    assert live(defused) == []
    assert changed


@pytest.mark.parametrize(
    "markup",
    [
        '<p><a class="xref" href="../glossary/#llm" title="説明">LLM</a></p>',
        '<div class="admonition note"><p class="admonition-title">注</p></div>',
        '<details class="question"><summary>問1</summary><p>答え</p></details>',
        '<p><a href="https://example.org/a?b=c&amp;d=e">外部</a> <a href="mailto:a@example.org">メール</a></p>',
        '<p>1 &lt; 2 と <span class="no-autolink">OpenAI</span></p>',
        '<img alt="図" src="../assets/a.png"><br/>',
    ],
)
def test_the_site_own_markup_is_left_as_it_is(markup: str) -> None:
    """Layout HTML, relative and https/mailto links, entities: unchanged, and not counted as a change."""
    assert defuse_html(markup) == (markup, False)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_is_reported_in_data_markdown(payload: str) -> None:
    """In a data file's Markdown field every payload is an error at its line (raw HTML is not allowed there)."""
    problems = markdown_problems(f"一行目。\n\n{payload}\n", Origin("glossary.yml", 10), raw_html=False)
    assert problems and {p.origin.line for p in problems} == {12}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_is_reported_in_a_page(payload: str) -> None:
    """In a page, where layout HTML is allowed, every payload is still an error at its line."""
    problems = markdown_problems(f"一行目。\n\n{payload}\n", Origin("docs/a.md", 5), raw_html=True)
    assert problems and {p.origin.line for p in problems} == {7}, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("https://a.example/", None),
        ("other.md#x", None),
        ("#top", None),
        ("mailto:a@example.org", None),
        ("java\u0000script:x", "javascript"),
        ("javascript&colon;x", "javascript"),
        ("Data:text/plain,x", "data"),
    ],
)
def test_bad_scheme(url: str, scheme: str | None) -> None:
    """Only relative URLs, https:, http: and mailto: pass; noise and entities do not hide a scheme."""
    assert bad_scheme(url) == scheme
