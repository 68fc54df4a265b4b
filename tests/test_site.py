"""hooks.site: one build's references, autolinks, backlinks and usage warnings, without MkDocs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.autolink import Mentions
from hooks.model import Origin, Problem
from hooks.site import Site, first_line, format_problems, relative_url, resolve_url
from tests.fixtures import COMPANIES, GLOSSARY, TIMELINE, line_of, write_data


def url_of(src: str) -> str:
    """The URL MkDocs gives a Markdown file with directory URLs: a/b.md -> a/b/, a/index.md -> a/."""
    return src.removesuffix(".md").removesuffix("index") + ("/" if not src.endswith("index.md") else "")


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A Site over the shared fixture data (3 terms, 2 events, 2 companies)."""
    write_data(tmp_path)
    return Site(tmp_path)


@pytest.mark.parametrize(
    ("to_url", "from_url", "expected"),
    [
        ("", "", "./"),
        ("glossary/", "", "glossary/"),
        ("", "glossary/", "../"),
        ("glossary/", "article/lead/", "../../glossary/"),
        ("", "article/lead/", "../../"),
        ("article/lead/", "article/lead/", "./"),
        ("article/us-response/", "article/lead/", "../us-response/"),
        ("companies/openai/", "companies/", "openai/"),
        ("404.html", "article/lead/", "../../404.html"),
        ("glossary/", "404.html", "glossary/"),
        ("assets/site.css", "", "assets/site.css"),
        ("glossary.html", "article/lead.html", "../glossary.html"),
        ("index.html", "article/lead.html", "../index.html"),
    ],
)
def test_relative_url(to_url: str, from_url: str, expected: str) -> None:
    """URLs relative to the site root become relative to the page that links them."""
    assert relative_url(to_url, from_url) == expected
    assert resolve_url(expected, from_url) == to_url  # and back again


@pytest.mark.parametrize(
    ("href", "page_url", "expected"),
    [
        ("../../glossary/#llm", "article/lead/", "glossary/#llm"),
        ("../glossary/#llm", "article/lead/", "article/glossary/#llm"),
        ("glossary/#llm", "", "glossary/#llm"),
        ("#r1-release", "timeline/", "timeline/#r1-release"),
        ("openai/", "companies/", "companies/openai/"),
        ("./", "companies/", "companies/"),
        (".", "companies/", "companies/"),
        ("..", "companies/openai/", "companies/"),
        ("../glossary.html#llm", "article/lead.html", "glossary.html#llm"),
        ("a//b/", "", "a/b/"),
        ("../../../x/", "article/lead/", None),
        ("https://example.org/glossary/", "", None),
        ("mailto:someone@example.org", "", None),
        ("//example.org/", "", None),
        ("/glossary/", "article/lead/", None),
    ],
)
def test_resolve_url(href: str, page_url: str, expected: str | None) -> None:
    """A relative href on a page leads to a URL from the site root; links off the site lead to None."""
    assert resolve_url(href, page_url) == expected


@pytest.mark.parametrize(
    ("raw", "markdown", "line"),
    [
        ("# T\n本文\n", "# T\n本文\n", 1),
        ("---\ndescription: x\n---\n\n# T\n本文\n", "# T\n本文\n", 5),
        ("---\ndescription: x\ntitle: y\n---\n# T\n", "# T\n", 5),
        ("---\ndescription: x\n---\n", "", 1),
    ],
)
def test_first_line(raw: str, markdown: str, line: int) -> None:
    """The body's first line in the raw file is found after the front matter."""
    assert first_line(raw, markdown) == line


def test_page_markdown_turns_refs_into_links(site: Site) -> None:
    """[[kind:id]] becomes a plain Markdown link with a relative href (MkDocs checks and rewrites it)."""
    markdown = "[[term:reasoning-model]]と[[company:openai|オープンAI]]と[[event:r1-release]]\n"
    out = site.page_markdown("article/one.md", markdown, 5, {"description": "説明。"})
    assert out == (
        "[推論モデル](../glossary/reasoning-model.md)と[オープンAI](../companies/openai.md)と"
        "[DeepSeekがR1を公開](../timeline.md#r1-release)\n"
    )
    assert site.problems == []
    assert site.mentions["article/one.md"].found == {"term:reasoning-model", "company:openai", "event:r1-release"}


def test_page_markdown_escapes_link_text(site: Site) -> None:
    """Custom text is Markdown-escaped, so it reads as written."""
    out = site.page_markdown("index.md", "[[term:llm|*LLM*]]", 1, None)
    assert out == "[\\*LLM\\*](glossary/llm.md)"


def test_page_html_marks_plain_links_to_records(site: Site) -> None:
    """A plain link to a record (what a reference becomes) gets the record's class, tooltip and data-ref."""
    site.data.terms["llm"].short = 'いわゆる"LLM"である。'
    html = (
        '<p><a href="../../glossary/llm/">大規模言語モデル</a>と'
        '<a href="../../timeline/#r1-release">1月</a>と'
        '<a href="../../companies/openai/">OpenAI社</a>と'
        '<a href="../../glossary/">用語集</a>と'
        '<a href="https://example.org/glossary/llm/">外部</a></p>'
    )
    out = site.page_html("article/one.md", html, "article/one/", url_of)
    assert out == (
        '<p><a class="xref xref-term" href="../../glossary/llm/" title="いわゆる&quot;LLM&quot;である。" '
        'data-ref="term:llm">大規模言語モデル</a>と'
        '<a class="xref xref-event" href="../../timeline/#r1-release" title="2025年1月20日：DeepSeekがR1を公開" '
        'data-ref="event:r1-release">1月</a>と'
        '<a class="xref xref-company" href="../../companies/openai/" title="ChatGPTを開発する米国の企業である。" '
        'data-ref="company:openai">OpenAI社</a>と'
        '<a href="../../glossary/">用語集</a>と'
        '<a href="https://example.org/glossary/llm/">外部</a></p>'
    )
    assert site.mentions["article/one.md"].found == {"term:llm", "event:r1-release", "company:openai"}


def test_page_html_links_to_records_count_as_linked(site: Site) -> None:
    """After any link to a record (plain or with attributes of its own), its mentions are not linked again."""
    html = '<p><a class="own" href="../../glossary/llm/">LLM</a>とLLM。<a href="../../companies/openai/">同社</a>とOpenAI。</p>'
    out = site.page_html("article/one.md", html, "article/one/", url_of)
    assert '<a class="own" href="../../glossary/llm/">LLM</a>とLLM。' in out  # not marked: it has attributes of its own
    assert 'data-ref="company:openai">同社</a>とOpenAI。' in out
    assert "xref-auto" not in out


def test_page_html_marks_only_links_on_the_glossary(site: Site) -> None:
    """The glossary lists every term: its links to records are marked, its text is not linked or counted."""
    html = '<p>LLMとOpenAI。<a href="llm/">LLM</a></p>'
    out = site.page_html("glossary.md", html, "glossary/", url_of)
    assert out == (
        '<p>LLMとOpenAI。<a class="xref xref-term" href="llm/" '
        'title="大量の文章で学習した、文章を生成する大きなモデルである。" data-ref="term:llm">LLM</a></p>'
    )
    assert "glossary.md" not in site.mentions


def test_page_markdown_reports_unknown_ids_with_page_and_line(site: Site) -> None:
    """Unknown references are left as written and reported as docs/<page>:<line>."""
    markdown = "一行目\n\n[[term:reasoning]]と[[event:r1-relase|1月]]\n`[[term:nope]]`\n"
    out = site.page_markdown("article/one.md", markdown, 7, {"description": "説明。"})
    assert out == markdown
    assert [str(p) for p in site.problems] == [
        "docs/article/one.md:9: [[term:reasoning]] points at no glossary term: there is no id 'reasoning' in glossary.yml. "
        "Did you mean 'reasoning-model'?",
        "docs/article/one.md:9: [[event:r1-relase|1月]] points at no timeline event: there is no id 'r1-relase' "
        "in docs/data/timeline.yml. Did you mean 'r1-release'?",
    ]


@pytest.mark.parametrize("meta", [{}, {"description": "  "}, {"title": "題"}])
def test_page_markdown_reports_missing_description(site: Site, meta: dict) -> None:
    """A page without a description in its front matter is an error at its first line."""
    site.page_markdown("about.md", "# About\n", 5, meta)
    assert [str(p) for p in site.problems] == [
        "docs/about.md:1: the page has no 'description' in its front matter. "
        "Add '---\\ndescription: 一文の説明。\\n---' at the top (used by search engines and link previews)."
    ]


def test_generated_pages_are_not_checked_again(site: Site) -> None:
    """Generated pages need no description, and their bad references were reported where the data stands."""
    site.page_markdown("glossary.md", "[[term:nope]]", 1, {})
    assert site.problems == []


def test_page_html_links_first_mentions_with_tooltips(site: Site) -> None:
    """Autolinks point at the record's page relative to this page, with the short text as title."""
    html = "<h1>推論モデル</h1><p>DeepSeekの推論モデルとLLM。DeepSeekの推論モデル。</p>"
    out = site.page_html("article/one.md", html, "article/one/", url_of)
    assert out == (
        "<h1>推論モデル</h1><p>"
        '<a class="xref xref-company xref-auto" href="../../companies/deepseek/" title="中国・杭州のAI企業である。" '
        'data-ref="company:deepseek">DeepSeek</a>の'
        '<a class="xref xref-term xref-auto" href="../../glossary/reasoning-model/" '
        'title="答えを出す前に推論の過程を生成するよう訓練されたモデルである。" data-ref="term:reasoning-model">推論モデル</a>と'
        '<a class="xref xref-term xref-auto" href="../../glossary/llm/" '
        'title="大量の文章で学習した、文章を生成する大きなモデルである。" data-ref="term:llm">LLM</a>。'
        "DeepSeekの推論モデル。</p>"
    )


def test_page_html_skips_own_page_disabled_pages_and_autolink_false(site: Site) -> None:
    """No autolink to the page itself, none when disabled, none for autolink: false; mentions still count."""
    urls = url_of
    html = "<p>OpenAIとDeepSeekとオープンウェイト</p>"
    site.data.terms["open-weights"].autolink = False
    own = site.page_html("companies/openai.md", html, "companies/openai/", urls)
    assert 'data-ref="company:openai"' not in own
    assert 'data-ref="company:deepseek"' in own
    assert 'data-ref="term:open-weights"' not in own
    assert site.page_html("about.md", html, "about/", urls, enabled=False) == html
    assert site.mentions["about.md"].found == {"company:openai", "company:deepseek", "term:open-weights"}
    assert site.page_html("glossary.md", html, "glossary/", urls) == html
    assert "glossary.md" not in site.mentions


def _mention(site: Site, src: str, *keys: str) -> None:
    """Record that a page mentions the given keys."""
    site.mentions.setdefault(src, Mentions()).found.update(keys)


def test_usage_problems_warn_for_unmentioned_records(site: Site) -> None:
    """Every term, company and event no page mentions is a warning at its entry; generated pages do not count."""
    _mention(site, "index.md", "term:reasoning-model", "company:deepseek", "event:r1-release")
    _mention(site, "glossary.md", "term:llm")  # the glossary lists every term: not a mention
    _mention(site, "timeline.md", "event:openai-response")  # the timeline lists every event: not a mention
    _mention(site, "companies/openai.md", "company:openai")  # its own page: not a mention
    warnings = site.usage_problems(["index.md", "glossary.md", "timeline.md", "companies/openai.md"])
    assert all(p.warning for p in warnings)
    assert [str(p) for p in warnings] == [
        f"glossary.yml:{line_of(GLOSSARY, '- id: llm')}: glossary term 'llm' is not mentioned on any page. "
        "Mention it on a page or write [[term:llm]]; remove it from glossary.yml if it is not needed.",
        f"glossary.yml:{line_of(GLOSSARY, '- id: open-weights')}: glossary term 'open-weights' is not mentioned on any page. "
        "Mention it on a page or write [[term:open-weights]]; remove it from glossary.yml if it is not needed.",
        f"docs/data/companies.yml:{line_of(COMPANIES, '- id: openai')}: company 'openai' is not mentioned on any page. "
        "Mention it on a page or write [[company:openai]]; remove it from docs/data/companies.yml if it is not needed.",
        f"docs/data/timeline.yml:{line_of(TIMELINE, '- id: openai-response')}: timeline event 'openai-response' "
        "is not mentioned on any page. Mention it on a page or write [[event:openai-response]]; "
        "remove it from docs/data/timeline.yml if it is not needed.",
    ]


def test_terms_on_the_timeline_count_as_mentioned(site: Site) -> None:
    """The timeline page is a real mention for terms and companies (only events are listed there anyway)."""
    _mention(site, "timeline.md", "term:llm", "company:openai")
    keys = {p.message.split("'")[1] for p in site.usage_problems(["timeline.md"])}
    assert "llm" not in keys
    assert "openai" not in keys
    assert {"reasoning-model", "open-weights", "deepseek", "r1-release", "openai-response"} <= keys


def test_fill_backlinks_lists_pages_in_the_given_order(site: Site) -> None:
    """The marker lists mentioning pages in reading order, relative to the page, skipping the record's own page."""
    _mention(site, "index.md", "company:openai")
    _mention(site, "about.md", "company:openai")
    _mention(site, "companies/openai.md", "company:openai")
    _mention(site, "article/one.md", "company:openai", "term:llm")
    pages = {
        "index.md": ("ホーム", ""),
        "article/one.md": ("記事", "article/one/"),
        "companies/openai.md": ("OpenAI", "companies/openai/"),
        "about.md": ("このサイトについて", "about/"),
    }
    content = '<h2>登場</h2>\n<div class="backlinks" data-backlinks="company:openai"></div>\n'
    out = site.fill_backlinks("companies/openai.md", content, "companies/openai/", pages)
    assert out == (
        '<h2>登場</h2>\n<ul class="backlinks"><li><a href="../../">ホーム</a></li>'
        '<li><a href="../../article/one/">記事</a></li>'
        '<li><a href="../../about/">このサイトについて</a></li></ul>\n'
    )


def test_fill_backlinks_empty_and_untouched(site: Site) -> None:
    """A record no page mentions gets the empty note; content without markers is returned as it is."""
    pages = {"index.md": ("ホーム", "")}
    content = '<div class="backlinks" data-backlinks="term:open-weights"></div>'
    assert site.fill_backlinks("glossary.md", content, "glossary/", pages) == (
        '<p class="backlinks backlinks-empty">まだどのページにも登場しない。</p>'
    )
    assert site.fill_backlinks("index.md", "<p>本文</p>", "", pages) == "<p>本文</p>"


def test_report_sorts_splits_and_removes_repeats(site: Site) -> None:
    """report() gives (errors, warnings), each sorted by file, line and message, without repeats."""
    b = Problem(Origin("b.md", 2), "second")
    a9 = Problem(Origin("a.md", 9), "nine")
    a10 = Problem(Origin("a.md", 10), "ten")
    warn = Problem(Origin("a.md", 1), "warn", warning=True)
    site.problems.extend([b, a10, a9, b])
    errors, warnings = site.report([warn, a9])
    assert errors == [a9, a10, b]
    assert warnings == [warn]


def test_format_problems() -> None:
    """Many problems read as a count and one indented line each."""
    problems = [Problem(Origin("a.md", 3), "bad.", "Fix it."), Problem(Origin("b.yml"), "missing.")]
    assert format_problems(problems, "Problems") == "Problems (2):\n  a.md:3: bad. Fix it.\n  b.yml: missing."


def test_spelling_with_ampersand_is_found_in_html(tmp_path: Path) -> None:
    """A company named with '&' is found in page HTML, where the name is written AT&amp;T."""
    att = (
        "\n  - id: att\n    name: AT&T\n    name_en: AT&T Inc.\n    kind: 企業\n    summary: 米国の通信会社である。\n"
        '    founded: "1983"\n    headquarters: 米国\n    leaders: [代表者]\n    role: |\n      通信会社である。\n'
        "    sources:\n      - publisher: AT&T\n        title: About\n"
    )
    write_data(tmp_path, companies=COMPANIES + att)
    site = Site(tmp_path)
    assert site.problems == []
    out = site.page_html("index.md", "<p>AT&amp;Tの発表</p>", "", url_of)
    assert site.mentions["index.md"].found == {"company:att"}
    assert 'href="companies/att/"' in out


def test_unreadable_data_file_does_not_flood_page_references(tmp_path: Path) -> None:
    """A glossary.yml with a syntax error is reported once; term references in pages are not each reported."""
    write_data(tmp_path, glossary="terms:\n  - id: llm\n    ja: [unclosed\n")
    site = Site(tmp_path)
    site.page_markdown(
        "index.md", "本文で[[term:llm]]と[[term:other]]を参照し、[[company:nobody]]も書く。\n", 1, {"description": "説明。"}
    )
    errors, _ = site.report()
    messages = [str(p) for p in errors]
    assert sum("glossary.yml" in m and "YAML syntax error" in m for m in messages) == 1
    assert not any("[[term:" in m for m in messages)
    assert any("[[company:nobody]]" in m for m in messages)
