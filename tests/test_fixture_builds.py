"""Real `mkdocs build` runs of small fixture sites: a good one, a broken one, and one with only a warning."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import without_breaks
from tests.fixtures import (
    ABOUT_MD,
    ARTICLE_MD,
    GLOSSARY,
    INDEX_MD,
    PAGES,
    TIMELINE,
    UNUSED_TERM,
    edit,
    files_under,
    line_of,
    run_build,
    write,
    write_project,
)
from tests.sitecheck import broken_links


@dataclass
class Build:
    """A fixture project and the result of building it."""

    root: Path
    result: subprocess.CompletedProcess[str]

    @property
    def site(self) -> Path:
        """The folder the site was written to."""
        return self.root / "site"

    def html(self, rel: str) -> str:
        """One written page's HTML, without the line-break markup of its text."""
        return without_breaks((self.site / rel).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The clean fixture site, built with --strict."""
    root = write_project(tmp_path_factory.mktemp("good"))
    return Build(root, run_build(root))


def test_good_build_passes(good: Build) -> None:
    """The clean fixture builds with --strict, without warnings or errors."""
    assert good.result.returncode == 0, good.result.stdout
    assert "WARNING" not in good.result.stdout
    assert "ERROR" not in good.result.stdout


def test_good_build_writes_generated_pages(good: Build) -> None:
    """Glossary index and term pages, timeline, company index and company pages are in site/."""
    written = files_under(good.site)
    assert {
        "index.html",
        "article/one/index.html",
        "about/index.html",
        "glossary/index.html",
        "glossary/reasoning-model/index.html",
        "glossary/llm/index.html",
        "glossary/open-weights/index.html",
        "timeline/index.html",
        "companies/index.html",
        "companies/deepseek/index.html",
        "companies/openai/index.html",
    } <= written
    assert not any(name.startswith("data/") and name.endswith(".yml") for name in written)  # the YAML sources stay out


def test_good_build_writes_nothing_into_docs(good: Build) -> None:
    """The generated pages live in memory only: docs/ holds exactly what the fixture wrote."""
    assert files_under(good.root / "docs") == set(PAGES) | {"data/timeline.yml", "data/companies.yml"}


def test_good_build_autolinks_first_mention_with_tooltip(good: Build) -> None:
    """The first 推論モデル on the home page links to its term page with the short text as title, once."""
    index = good.html("index.html")
    link = (
        '<a class="xref xref-term xref-auto" href="glossary/reasoning-model/" '
        'title="答えを出す前に推論の過程を生成するよう訓練されたモデルである。" data-ref="term:reasoning-model">推論モデル</a>'
    )
    assert index.count(link) == 1
    assert index.count('data-ref="term:reasoning-model"') == 1
    assert "推論モデルはもう一度出てくる" in index
    assert "<code>推論モデル</code>" in good.html("about/index.html")


def test_good_build_resolves_references(good: Build) -> None:
    """[[event:…]] and [[term:…|text]] become links with their tooltip and data-ref."""
    article = good.html("article/one/index.html")
    assert re.search(
        r'<a class="xref xref-term" href="\.\./\.\./glossary/llm/" title="[^"]+" data-ref="term:llm">LLM</a>', article
    )
    assert (
        '<a class="xref xref-event" href="../../timeline/#openai-response" title="2025年2月：OpenAIが対応を発表" '
        'data-ref="event:openai-response">2月の対応</a>'
    ) in article


def test_good_build_fills_backlinks(good: Build) -> None:
    """Term pages and company pages list the pages that mention them; the glossary index lists none."""
    assert "backlinks" not in good.html("glossary/index.html")
    entry = good.html("glossary/open-weights/index.html")
    assert "data-backlinks" not in entry
    assert '<ul class="backlinks"><li><a href="../../article/one/">記事</a></li></ul>' in entry
    deepseek = good.html("companies/deepseek/index.html")
    assert (
        '<ul class="backlinks"><li><a href="../../">ホーム</a></li><li><a href="../../timeline/">年表</a></li></ul>' in deepseek
    )


def test_good_build_glossary_index_keeps_the_old_anchors(good: Build) -> None:
    """Links made to glossary/#id before terms had pages of their own land on the term in the index: its name,
    linked to its page without a tooltip, and its short definition."""
    glossary = good.html("glossary/index.html")
    for term in ("reasoning-model", "llm", "open-weights"):
        entry = re.search(rf'<dt id="{term}"><a href="{term}/">[^<]+</a></dt>\s*<dd>([^<]+)</dd>', glossary)
        assert entry is not None, term
        assert entry.group(1).endswith("である。")
    assert "xref" not in glossary.split('<dl class="glossary-terms">', 1)[1].split("</article>")[0]


def test_good_build_timeline(good: Build) -> None:
    """The timeline has month headings, <time datetime> and an id on each event."""
    timeline = good.html("timeline/index.html")
    assert '<li class="timeline-event" id="r1-release">' in timeline
    assert '<time datetime="2025-01-20">2025年1月20日</time>' in timeline
    assert '<time datetime="2025-02">2025年2月</time>' in timeline
    assert '<h2 id="m-2025-01">2025年1月' in timeline


# One broken reference of each kind, all in one project.
BROKEN_GLOSSARY = (
    edit(GLOSSARY, ("related: [llm]", "related: [lmm]"))
    + """
  - id: llm
    ja: LLM（重複）
    en: LLM duplicate
    reading: えるえるえむ
    short: 重複した項目である。
    definition: |
      重複した項目である。
    sources:
      - publisher: Example
        title: Duplicate
"""
)
BROKEN_TIMELINE = edit(TIMELINE, ("companies: [openai]", "companies: [opneai]"))
BROKEN_INDEX = edit(INDEX_MD, ("推論モデルはもう一度", "[[term:reasoning]]はもう一度"))
BROKEN_ARTICLE = edit(ARTICLE_MD, ("[[event:openai-response|2月の対応]]", "[[event:openai-responce|2月の対応]]"))
BROKEN_ABOUT = ABOUT_MD + "\n[ホームの節](index.md#nowhere)も読む。\n"

BROKEN_MESSAGES = [
    pytest.param(
        f"docs/index.md:{line_of(BROKEN_INDEX, '[[term:reasoning]]')}: "
        '[[term:reasoning]] の指す用語がない（glossary.yml に id "reasoning" がない）。"reasoning-model" の書き間違いではないか。',
        id="unknown-term-in-page",
    ),
    pytest.param(
        f"docs/data/timeline.yml:{line_of(BROKEN_TIMELINE, '[opneai]')}: "
        '出来事 "openai-response"："companies" の "opneai" という企業の id はない。"openai" の書き間違いではないか。',
        id="unknown-company-in-event",
    ),
    pytest.param(
        f"docs/article/one.md:{line_of(BROKEN_ARTICLE, '[[event:openai-responce')}: [[event:openai-responce|2月の対応]] "
        'の指す出来事がない（docs/data/timeline.yml に id "openai-responce" がない）。"openai-response" の書き間違いではないか。',
        id="unknown-event-in-page",
    ),
    pytest.param(
        f"glossary.yml:{line_of(BROKEN_GLOSSARY, '[lmm]')}: "
        '用語 "reasoning-model"："related" の "lmm" という用語の id はない。"llm" の書き間違いではないか。',
        id="unknown-related-term",
    ),
    pytest.param(
        f'glossary.yml:{line_of(BROKEN_GLOSSARY, "- id: llm", 2)}: 用語の id "llm" が2回使われている'
        f"（1回目は glossary.yml:{line_of(BROKEN_GLOSSARY, '- id: llm')}）。項目ごとに別の id を付ける。",
        id="duplicate-id",
    ),
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fixture with one broken reference of each kind, built with --strict."""
    root = write_project(
        tmp_path_factory.mktemp("broken"),
        glossary=BROKEN_GLOSSARY,
        timeline=BROKEN_TIMELINE,
        pages={**PAGES, "index.md": BROKEN_INDEX, "article/one.md": BROKEN_ARTICLE, "about.md": BROKEN_ABOUT},
    )
    return Build(root, run_build(root))


def test_broken_build_fails_cleanly(broken: Build) -> None:
    """The broken fixture fails with a non-zero exit code and no Python traceback."""
    assert broken.result.returncode != 0
    assert "Traceback" not in broken.result.stdout
    assert "サイトに直すべき問題がある（5 件）：" in broken.result.stdout


@pytest.mark.parametrize("message", BROKEN_MESSAGES)
def test_broken_build_reports_each_problem_with_file_and_line(broken: Build, message: str) -> None:
    """Each broken reference is printed once, as file:line: message hint, in the same run."""
    assert broken.result.stdout.count(message) == 1, broken.result.stdout


def test_broken_build_reports_the_missing_anchor_in_the_same_run(broken: Build) -> None:
    """The Markdown link to a missing #anchor is reported, with a file:line, alongside the data problems."""
    lines = [line for line in broken.result.stdout.splitlines() if "#nowhere" in line]
    expected = (
        f"docs/about.md:{line_of(BROKEN_ABOUT, '#nowhere')}: "
        'リンク "index.md#nowhere" の "#nowhere" は、行き先のページにない見出し（id）である。'
        "行き先のページにある見出しの id を使う。"
    )
    assert [line.split("-  ", 1)[1][: len(expected)] for line in lines] == [expected], broken.result.stdout


@pytest.fixture(scope="module")
def unreferenced(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    """A fixture with one term that no page mentions, built without and with --strict."""
    root = write_project(tmp_path_factory.mktemp("unreferenced"), glossary=GLOSSARY + UNUSED_TERM)
    return Build(root, run_build(root, strict=False)), Build(root, run_build(root, strict=True))


UNUSED_WARNING = (
    f"WARNING -  glossary.yml:{line_of(GLOSSARY + UNUSED_TERM, '- id: distillation')}: "
    '用語 "distillation" はどのページにも出てこない。ページで触れるか [[term:distillation]] と書く。要らなければ glossary.yml から消す。'
)


def test_unreferenced_term_is_a_warning(unreferenced: tuple[Build, Build]) -> None:
    """Without --strict the build passes and prints the warning."""
    lenient, _ = unreferenced
    assert lenient.result.returncode == 0, lenient.result.stdout
    assert UNUSED_WARNING in lenient.result.stdout.splitlines()
    assert (lenient.site / "glossary" / "index.html").is_file()


def test_unreferenced_term_fails_with_strict(unreferenced: tuple[Build, Build]) -> None:
    """With --strict the same warning fails the build, without a traceback."""
    _, strict = unreferenced
    assert strict.result.returncode != 0
    assert UNUSED_WARNING in strict.result.stdout.splitlines()
    assert "Traceback" not in strict.result.stdout


def test_every_link_of_the_good_build_resolves(good: Build) -> None:
    """The whole-site check finds nothing broken in the fixture site: the hooks' links, the theme's, the data's."""
    assert broken_links(good.site) == []


def test_the_whole_site_check_finds_broken_links(tmp_path: Path) -> None:
    """The whole-site check reports a missing file and a missing id, and passes links to other sites."""
    write(tmp_path, "index.html", '<a href="a/">ok</a> <a href="a/#x">ok</a> <a href="https://example.org/">ok</a>')
    write(tmp_path, "a/index.html", '<h2 id="x">x</h2><a href="../b/">no</a><img src="../i.png"><a href="../#y">no</a>')
    assert broken_links(tmp_path) == [
        "a/index.html: ../b/ (no such file)",
        "a/index.html: ../i.png (no such file)",
        "a/index.html: ../#y (no id 'y')",
    ]
