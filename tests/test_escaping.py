"""Data and front matter that try to break out of where they are written: one poisoned fixture, built once.

Every text field a contributor writes (term, company, event and source fields, a page's description and title, code
on a page) holds a payload that would run if it were written as markup. The strict build passes without a problem
(these are valid texts), no payload runs anywhere in the written HTML, and each one stands on its page as text.
"""

from __future__ import annotations

import html
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.fixtures import ABOUT_MD, COMPANIES, GLOSSARY, TIMELINE, edit, run_build, write, write_project

PAYLOAD = "alert(1337)"

# Each field with its payload, as written in the data file or page (YAML quoting included).
POISONED = {
    "glossary.yml": edit(
        GLOSSARY,
        ("short: 大量の文章で学習した、", 'short: 大量の" onmouseover="alert(1337)" x="文章で学習した、'),
        ("title: Learning to reason with LLMs", "title: Learning to reason <script>alert(1337)</script>"),
        ("ja: オープンウェイト", "ja: オープンウェイト<script>alert(1337)</script>"),
    ),
    "docs/data/timeline.yml": edit(
        TIMELINE,
        ("title: OpenAIが対応を発表", "title: OpenAIが対応を発表<script>alert(1337)</script>"),
        ("title: DeepSeekがR1を公開", "title: 'DeepSeekがR1を公開\"><img src=x onerror=alert(1337)>'"),
    ),
    "docs/data/companies.yml": edit(
        COMPANIES,
        ("summary: 中国・杭州のAI企業である。", "summary: '中国・杭州のAI企業\"><script>alert(1337)</script>である。'"),
        ("publisher: OpenAI\n        title: About", "publisher: OpenAI<svg onload=alert(1337)>\n        title: About"),
        ("name: OpenAI\n", "name: OpenAI</title><script>alert(1337)</script>\n"),
        ("aliases: [ディープシーク]", 'aliases: [ディープシーク, "<script>alert(1337)</script>"]'),
        ('leaders: ["梁文锋（創業者・CEO）"]', 'leaders: ["梁文锋<img src=x onerror=alert(1337)>"]'),
        ("products: [DeepSeek-R1]", 'products: ["<script>alert(1337)</script>"]'),
        ("name_local: 深度求索", "name_local: 深度求索</title><script>alert(1337)</script>"),
        ("kind: 企業", "kind: 企業<b onclick=alert(1337)>"),
    ),
    "docs/about.md": edit(
        ABOUT_MD,
        (
            "description: このサイトについて。",
            "description: '\"><script>alert(1337)</script>'\ntitle: '</title><script>alert(1337)</script>'",
        ),
    )
    + "\n埋め込みは `<script>alert(1337)</script>` と書かない。\n\n```html\n<script>alert(1337)</script>\n```\n",
}

# Where each payload must stand as text that a reader sees: (page, the text as the field gives it).
SHOWN = [
    ("glossary/open-weights/", "オープンウェイト<script>alert(1337)</script>"),
    ("glossary/reasoning-model/", "Learning to reason <script>alert(1337)</script>"),
    ("glossary/", '大量の" onmouseover="alert(1337)" x="文章で学習した、'),
    ("timeline/", "OpenAIが対応を発表<script>alert(1337)</script>"),
    ("timeline/", 'DeepSeekがR1を公開"><img src=x onerror=alert(1337)>'),
    ("companies/deepseek/", '中国・杭州のAI企業"><script>alert(1337)</script>である。'),
    ("companies/deepseek/", "梁文锋<img src=x onerror=alert(1337)>"),
    ("companies/deepseek/", "深度求索</title><script>alert(1337)</script>"),
    ("companies/openai/", "OpenAI<svg onload=alert(1337)>"),
    ("companies/openai/", "OpenAI</title><script>alert(1337)</script>"),
    ("companies/openai/", "企業<b onclick=alert(1337)>"),
    ("about/", "埋め込みは <script>alert(1337)</script> と書かない。"),
]

# Attributes a browser only shows as text: an escaped payload there is harmless (a <meta>'s content included).
_INERT = {"title", "alt", "aria-label", "content"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "srcset"}


class _Faults(HTMLParser):
    """What in one written page could run: a handler, an unsafe URL, a payload in a script or in a live attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False
        self._rcdata: str | None = None  # inside <title> or <textarea> a browser reads tags as text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._rcdata is not None:
            return
        if tag in ("title", "textarea"):
            self._rcdata = tag
        for name, value in ((name, value or "") for name, value in attrs):
            if name.startswith("on"):
                self.found.append(f"<{tag}> has the handler {name}={value!r}")
            if name in _URL_ATTRS and re.sub(r"[\x00-\x20]+", "", value).lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"<{tag}> has {name}={value!r}")
            if PAYLOAD in value and (name not in _INERT or (name == "content" and tag != "meta")):
                self.found.append(f"<{tag}> has the payload in {name}={value!r}")
        self._script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._script and PAYLOAD in data:
            self.found.append(f"the payload runs in a <script>: {data[:80]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._rcdata:
            self._rcdata = None
        if tag == "script":
            self._script = False


def faults_of(markup: str) -> list[str]:
    """Everything in a page's HTML that could run code from the input."""
    parser = _Faults()
    parser.feed(markup)
    parser.close()
    return parser.found


def text_of(markup: str) -> str:
    """What a reader sees of a page: the text of its <article>, its tags removed and entities decoded (code included)."""
    article = markup.split("<article", 1)[-1].split("</article>", 1)[0]
    article = re.sub(r"<(script|style)\b.*?</\1>", "", article, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", article))


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The fixture project with every payload, built strictly once; (its site, the build's output)."""
    root = write_project(tmp_path_factory.mktemp("poisoned"))
    for rel, text in POISONED.items():
        write(root, rel, text)
    return root / "site", run_build(root)


def test_the_payloads_are_real() -> None:
    """The checker finds each payload written as markup (in text or in an attribute), so a clean result means something."""
    for _, shown in SHOWN:
        assert faults_of(f"<p>{shown}</p>") or faults_of(f'<a title="{shown}">'), shown
    assert faults_of('<p title="x" onmouseover="alert(1337)">') and faults_of('<a href="javascript:alert(1337)">')


def test_the_poisoned_build_passes_without_a_problem(poisoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """Markup characters in text fields are text: the strict build passes, prints no problem and no traceback."""
    _, result = poisoned
    assert result.returncode == 0, result.stdout
    assert not re.search(r"^(WARNING|ERROR)", result.stdout, re.M) and "Traceback" not in result.stdout, result.stdout


def test_no_payload_runs_on_any_page(poisoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """No written page holds a handler, an unsafe URL or a payload in a script or a live attribute."""
    site, _ = poisoned
    pages = sorted(site.rglob("*.html"))
    faults = [f"{page.relative_to(site)}: {fault}" for page in pages for fault in faults_of(page.read_text(encoding="utf-8"))]
    assert len(pages) > 10 and faults == [], faults


@pytest.mark.parametrize(("page", "shown"), SHOWN, ids=[f"{page}{n}" for n, (page, _) in enumerate(SHOWN)])
def test_each_payload_stands_as_text(poisoned: tuple[Path, subprocess.CompletedProcess[str]], page: str, shown: str) -> None:
    """Each field is written escaped, so the reader sees exactly what the contributor wrote."""
    site, _ = poisoned
    assert shown in text_of((site / page / "index.html").read_text(encoding="utf-8"))


def test_front_matter_title_and_description_are_text(poisoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """A page's title and description from its front matter stand escaped in its <title> and description."""
    site, _ = poisoned
    head = (site / "about" / "index.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    title = re.search(r"<title>(.*?)</title>", head, re.S).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', head).group(1)
    assert html.unescape(title).startswith("</title><script>alert(1337)</script>")
    assert html.unescape(description) == '"><script>alert(1337)</script>'
