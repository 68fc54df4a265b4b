"""hooks.site and hooks.build: one build's references, autolinks, backlinks and usage warnings, without MkDocs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.build import Build, first_line, format_problems, split
from hooks.model import Origin, Problem
from hooks.site import relative_url
from hooks.zensical_build import page_url
from tests.fixtures import COMPANIES, GLOSSARY, TIMELINE, line_of, write_data

FRONT = "---\ndescription: 説明。\n---\n\n"  # the body starts on line 5


@pytest.fixture
def site(tmp_path: Path) -> Build:
    """A build over the shared fixture data (3 terms, 2 events, 2 companies), its pages' URLs known."""
    write_data(tmp_path)
    build = Build(tmp_path)
    pages = ["index.md", "about.md", "article/one.md", *build.records.generated]
    build.set_pages(pages, {src: page_url(src) for src in pages})
    return build


def page_html(build: Build, src: str, content: str) -> str:
    """One page's HTML as it is written: through the HTML stage (as hooks.extension runs it), made safe, its mentions
    found, then its links filled (as the adapters do when the page is written)."""
    return build.fill_links(build.page_html(src, content, page_url(src)), page_url(src))


def page_markdown(build: Build, src: str, body: str, meta: dict, front: str = FRONT) -> str:
    """One hand-written page's Markdown through the reference stage, its file (``front`` and body) read first as the
    adapters read it."""
    build.check_page_file(src, (front + body).encode("utf-8"))
    return build.page_markdown(src, body, meta)


def mentions(build: Build, src: str) -> set[str]:
    """What a page mentions, as the build recorded it."""
    return set(build.backlinks.found.get(src, ()))


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


def test_page_markdown_turns_refs_into_links(site: Build) -> None:
    """[[kind:id]] becomes a Markdown link with a relative href (MkDocs checks and rewrites it) carrying its key."""
    markdown = "[[term:reasoning-model]]と[[company:openai|オープンAI]]と[[event:r1-release]]\n"
    out = page_markdown(site, "article/one.md", markdown, {"description": "説明。"})
    assert out == (
        '[推論モデル](../glossary/reasoning-model.md){ data-ref="term:reasoning-model" }と'
        '[オープンAI](../companies/openai.md){ data-ref="company:openai" }と'
        '[DeepSeekがR1を公開](../timeline.md#r1-release){ data-ref="event:r1-release" }\n'
    )
    assert site.problems == []
    assert mentions(site, "article/one.md") == {"term:reasoning-model", "company:openai", "event:r1-release"}


def test_page_markdown_escapes_link_text(site: Build) -> None:
    """Custom text is Markdown-escaped, so it reads as written."""
    out = page_markdown(site, "index.md", "[[term:llm|*LLM*]]", {"description": "説明。"}, front="")
    assert out == '[\\*LLM\\*](glossary/llm.md){ data-ref="term:llm" }'


def test_references_get_the_records_class_and_tooltip(site: Build) -> None:
    """A reference's link (href and data-ref) gets the record's class and tooltip; other links stay as written."""
    site.records.data.terms["llm"].short = 'いわゆる"LLM"である。'
    html = (
        '<p><a data-ref="term:llm" href="../../glossary/llm/">大規模言語モデル</a>と'
        '<a data-ref="event:r1-release" href="../../timeline/#r1-release">1月</a>と'
        '<a href="../../companies/openai/">OpenAI社</a>と'
        '<a href="https://example.org/glossary/llm/">外部</a></p>'
    )
    assert page_html(site, "article/one.md", html) == (
        '<p><a class="xref xref-term" href="../../glossary/llm/" title="いわゆる&quot;LLM&quot;である。" '
        'data-ref="term:llm">大規模言語モデル</a>と'
        '<a class="xref xref-event" href="../../timeline/#r1-release" title="2025年1月20日：DeepSeekがR1を公開" '
        'data-ref="event:r1-release">1月</a>と'
        '<a href="../../companies/openai/">OpenAI社</a>と'
        '<a href="https://example.org/glossary/llm/">外部</a></p>'
    )
    assert mentions(site, "article/one.md") == {"term:llm", "event:r1-release"}  # text inside a link is no mention


def test_links_with_a_key_count_as_linked(site: Build) -> None:
    """After any link carrying a record's key (a reference, or one with attributes of its own), its mentions are not linked again."""
    html = '<p><a class="own" data-ref="term:llm" href="x">LLM</a>とLLM。<a data-ref="company:openai" href="y">同社</a>とOpenAI。</p>'
    out = page_html(site, "article/one.md", html)
    assert '<a class="own" data-ref="term:llm" href="x">LLM</a>とLLM。' in out  # not marked: it has attributes of its own
    assert 'data-ref="company:openai">同社</a>とOpenAI。' in out
    assert "xref-auto" not in out


def test_the_glossary_gets_only_its_references_marked(site: Build) -> None:
    """The glossary lists every term: its references are marked, its text is not linked or counted."""
    html = '<p>LLMとOpenAI。<a data-ref="term:llm" href="#llm">LLM</a></p>'
    assert page_html(site, "glossary.md", html) == (
        '<p>LLMとOpenAI。<a class="xref xref-term" href="#llm" title="大量の文章で学習した、文章を生成する大きなモデルである。" '
        'data-ref="term:llm">LLM</a></p>'
    )
    assert "glossary.md" not in site.backlinks.found


def test_page_markdown_reports_unknown_ids_with_page_and_line(site: Build) -> None:
    """Unknown references are left as written and reported as docs/<page>:<line>."""
    markdown = "一行目\n\n[[term:reasoning]]と[[event:r1-relase|1月]]\n`[[term:nope]]`\n"
    out = page_markdown(site, "article/one.md", markdown, {"description": "説明。"}, front=FRONT + "\n\n")
    assert out == markdown
    assert [str(p) for p in site.problems] == [
        'docs/article/one.md:9: [[term:reasoning]] の指す用語がない（glossary.yml に id "reasoning" がない）。"reasoning-model" の書き間違いではないか。',
        'docs/article/one.md:9: [[event:r1-relase|1月]] の指す出来事がない（docs/data/timeline.yml に id "r1-relase" がない）。"r1-release" の書き間違いではないか。',
    ]


@pytest.mark.parametrize("meta", [{}, {"description": "  "}, {"title": "題"}])
def test_page_markdown_reports_missing_description(site: Build, meta: dict) -> None:
    """A page without a description in its front matter is an error at its first line."""
    page_markdown(site, "about.md", "# About\n", meta, front="")
    assert [str(p) for p in site.problems] == [
        "docs/about.md:1: フロントマターに description（ページの説明）がない。ページの先頭に「---」「description: 一文の説明。」「---」の3行を書く（検索エンジンとリンクのプレビューが使う）。"
    ]


def test_generated_pages_are_not_checked_again(site: Build) -> None:
    """Generated pages need no description, and their bad references were reported where the data stands."""
    site.page_markdown("glossary.md", "[[term:nope]]", {})
    assert site.problems == []


def test_first_mentions_are_linked_with_tooltips(site: Build) -> None:
    """Autolinks point at the record's page relative to this page, with the short text as title."""
    html = "<h1>推論モデル</h1><p>DeepSeekの推論モデルとLLM。DeepSeekの推論モデル。</p>"
    assert page_html(site, "article/one.md", html) == (
        "<h1>推論モデル</h1><p>"
        '<a class="xref xref-company xref-auto" href="../../companies/deepseek/" title="中国・杭州のAI企業である。" '
        'data-ref="company:deepseek">DeepSeek</a>の'
        '<a class="xref xref-term xref-auto" href="../../glossary/reasoning-model/" '
        'title="答えを出す前に推論の過程を生成するよう訓練されたモデルである。" data-ref="term:reasoning-model">推論モデル</a>と'
        '<a class="xref xref-term xref-auto" href="../../glossary/llm/" '
        'title="大量の文章で学習した、文章を生成する大きなモデルである。" data-ref="term:llm">LLM</a>。'
        "DeepSeekの推論モデル。</p>"
    )


def test_until_written_a_page_holds_its_links_to_records_as_small_markers(site: Build) -> None:
    """The engine holds every page until the last is written: a link to a record is a marker with its key (and a
    reference's href) until then, and fill_links makes it the link, the mention's href relative to the page written."""
    html = '<p>DeepSeekと<a data-ref="term:llm" href="../../glossary/llm/">大規模言語モデル</a></p>'
    held = site.page_html("article/one.md", html, "article/one/")
    assert held == (
        '<p><a data-xref="company:deepseek">DeepSeek</a>と'
        '<a data-xref="term:llm" href="../../glossary/llm/">大規模言語モデル</a></p>'
    )
    assert site.fill_links(held, "article/one/") == (
        '<p><a class="xref xref-company xref-auto" href="../../companies/deepseek/" title="中国・杭州のAI企業である。" '
        'data-ref="company:deepseek">DeepSeek</a>と'
        '<a class="xref xref-term" href="../../glossary/llm/" title="大量の文章で学習した、文章を生成する大きなモデルである。" '
        'data-ref="term:llm">大規模言語モデル</a></p>'
    )
    assert site.fill_links("<p>本文</p>", "") == "<p>本文</p>"
    # What a converted page mentions is kept compact, and can still be added to.
    assert sorted(site.backlinks.found["article/one.md"]) == ["company:deepseek", "term:llm"]
    assert isinstance(site.backlinks.found["article/one.md"], tuple)
    site.backlinks.of("article/one.md").add("term:reasoning-model")
    assert mentions(site, "article/one.md") == {"company:deepseek", "term:llm", "term:reasoning-model"}


def test_no_autolinks_to_the_own_page_on_disabled_pages_or_for_autolink_false(site: Build) -> None:
    """No autolink to the page itself, none when disabled, none for autolink: false; mentions still count."""
    html = "<p>OpenAIとDeepSeekとオープンウェイト</p>"
    site.records.data.terms["open-weights"].autolink = False
    own = page_html(site, "companies/openai.md", html)
    assert 'data-ref="company:openai"' not in own
    assert 'data-ref="company:deepseek"' in own
    assert 'data-ref="term:open-weights"' not in own
    page_markdown(site, "about.md", "", {"description": "説明。", "autolink": False})
    assert page_html(site, "about.md", html) == html
    assert mentions(site, "about.md") == {"company:openai", "company:deepseek", "term:open-weights"}
    assert page_html(site, "glossary.md", html) == html
    assert "glossary.md" not in site.backlinks.found


def _mention(site: Build, src: str, *keys: str) -> None:
    """Record that a page mentions the given keys."""
    site.backlinks.of(src).update(keys)


def test_usage_problems_warn_for_unmentioned_records(site: Build) -> None:
    """Every term, company and event no page mentions is a warning at its entry; generated pages do not count."""
    _mention(site, "index.md", "term:reasoning-model", "company:deepseek", "event:r1-release")
    _mention(site, "glossary.md", "term:llm")  # the glossary lists every term: not a mention
    _mention(site, "timeline.md", "event:openai-response")  # the timeline lists every event: not a mention
    _mention(site, "companies/openai.md", "company:openai")  # its own page: not a mention
    warnings = site.backlinks.unmentioned(["index.md", "glossary.md", "timeline.md", "companies/openai.md"])
    assert all(p.warning for p in warnings)
    assert [str(p) for p in warnings] == [
        f'glossary.yml:{line_of(GLOSSARY, "- id: llm")}: 用語 "llm" はどのページにも出てこない。ページで触れるか [[term:llm]] と書く。要らなければ glossary.yml から消す。',
        f'glossary.yml:{line_of(GLOSSARY, "- id: open-weights")}: 用語 "open-weights" はどのページにも出てこない。ページで触れるか [[term:open-weights]] と書く。要らなければ glossary.yml から消す。',
        f'docs/data/companies.yml:{line_of(COMPANIES, "- id: openai")}: 企業 "openai" はどのページにも出てこない。ページで触れるか [[company:openai]] と書く。要らなければ docs/data/companies.yml から消す。',
        f'docs/data/timeline.yml:{line_of(TIMELINE, "- id: openai-response")}: 出来事 "openai-response" はどのページにも出てこない。ページで触れるか [[event:openai-response]] と書く。要らなければ docs/data/timeline.yml から消す。',
    ]


def test_terms_on_the_timeline_count_as_mentioned(site: Build) -> None:
    """The timeline page is a real mention for terms and companies (only events are listed there anyway)."""
    _mention(site, "timeline.md", "term:llm", "company:openai")
    keys = {p.message.split('"')[1] for p in site.backlinks.unmentioned(["timeline.md"])}
    assert "llm" not in keys
    assert "openai" not in keys
    assert {"reasoning-model", "open-weights", "deepseek", "r1-release", "openai-response"} <= keys


def test_backlinks_list_pages_in_the_given_order(site: Build) -> None:
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
    assert site.backlinks.filled(content, "companies/openai/", pages) == (
        '<h2>登場</h2>\n<ul class="backlinks"><li><a href="../../">ホーム</a></li>'
        '<li><a href="../../article/one/">記事</a></li>'
        '<li><a href="../../about/">このサイトについて</a></li></ul>\n'
    )


def test_backlinks_empty_and_untouched(site: Build) -> None:
    """A record no page mentions gets the empty note; content without markers is returned as it is."""
    pages = {"index.md": ("ホーム", "")}
    content = '<div class="backlinks" data-backlinks="term:open-weights"></div>'
    assert site.backlinks.filled(content, "glossary/", pages) == (
        '<p class="backlinks backlinks-empty">まだどのページにも登場しない。</p>'
    )
    assert site.backlinks.filled("<p>本文</p>", "", pages) == "<p>本文</p>"


def test_split_sorts_and_removes_repeats() -> None:
    """split() gives (errors, warnings), each sorted by file, line and message, without repeats."""
    b = Problem(Origin("b.md", 2), "second")
    a9 = Problem(Origin("a.md", 9), "nine")
    a10 = Problem(Origin("a.md", 10), "ten")
    warn = Problem(Origin("a.md", 1), "warn", warning=True)
    assert split([b, a10, a9, b, warn, a9]) == ([a9, a10, b], [warn])


def test_format_problems() -> None:
    """Many problems read as a count and one indented line each."""
    problems = [Problem(Origin("a.md", 3), "誤りがある。"), Problem(Origin("b.yml"), "項目がない。", "項目を書き足す。")]
    assert (
        format_problems(problems, "問題がある")
        == "問題がある（2 件）：\n  a.md:3: 誤りがある。\n  b.yml: 項目がない。項目を書き足す。"
    )


def test_spelling_with_ampersand_is_found_in_html(tmp_path: Path) -> None:
    """A company named with '&' is found in page HTML, where the name is written AT&amp;T."""
    att = (
        "\n  - id: att\n    name: AT&T\n    name_en: AT&T Inc.\n    kind: 企業\n    summary: 米国の通信会社である。\n"
        '    founded: "1983"\n    headquarters: 米国\n    leaders: [代表者]\n    role: |\n      通信会社である。\n'
        "    sources:\n      - publisher: AT&T\n        title: About\n"
    )
    write_data(tmp_path, companies=COMPANIES + att)
    build = Build(tmp_path)
    build.set_pages(["index.md"], {"index.md": "", "companies/att.md": "companies/att/"})
    assert build.problems == []
    out = page_html(build, "index.md", "<p>AT&amp;Tの発表</p>")
    assert mentions(build, "index.md") == {"company:att"}
    assert 'href="companies/att/"' in out


def test_unreadable_data_file_does_not_flood_page_references(tmp_path: Path) -> None:
    """A glossary.yml with a syntax error is reported once; term references in pages are not each reported."""
    write_data(tmp_path, glossary="terms:\n  - id: llm\n    ja: [unclosed\n")
    build = Build(tmp_path)
    text = "本文で[[term:llm]]と[[term:other]]を参照し、[[company:nobody]]も書く。\n"
    page_markdown(build, "index.md", text, {"description": "説明。"}, front="")
    messages = [str(p) for p in split(build.problems)[0]]
    assert sum("glossary.yml" in m and "YAML の書き方の誤り" in m for m in messages) == 1
    assert not any("[[term:" in m for m in messages)
    assert any("[[company:nobody]]" in m for m in messages)
