"""The site's Markdown extension (hooks.extension) on a build without an engine, and the link check it feeds."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import markdown
import pytest

from hooks.build import Build
from hooks.extension import SiteExtension
from hooks.links import link_problem, nav_problem
from hooks.zensical_build import page_url
from tests.conftest import ROOT, cannot_run, without_breaks
from tests.fixtures import write_data, write_project

PAGES = ["index.md", "about.md", "article/one.md"]
PAGE = """# 推論モデルの話 {#top}

## DeepSeekとは {#what}

DeepSeekは[[term:reasoning-model]]を公開した。推論モデルはもう一度出てくる。[記事](article/one.md#what)と[外](https://example.org/)。
"""


@pytest.fixture
def build(tmp_path: Path) -> Build:
    """A build over the shared fixture data, its pages' URLs known."""
    write_data(tmp_path)
    made = Build(tmp_path)
    pages = [*PAGES, *made.records.generated]
    made.set_pages(pages, {src: page_url(src) for src in pages})
    return made


def convert(build: Build, src: str, text: str, **options: object) -> tuple[str, markdown.Markdown]:
    """One page converted as an engine does it, with the site's extension handed the build and the page."""
    page = SiteExtension(build=build, src=src, url=page_url(src), meta={"description": "説明。"}, **options)
    md = markdown.Markdown(extensions=["attr_list", "toc", page])
    return md.convert(text), md


def test_without_a_build_the_extension_changes_nothing() -> None:
    """MkDocs loads every extension once to check its config: without a build or a run the page is left as it is."""
    text = "[[term:llm]]と推論モデル"
    assert markdown.markdown(text, extensions=[SiteExtension()]) == markdown.markdown(text)


def test_a_page_gets_its_references_and_first_mentions_once(build: Build) -> None:
    """References become links with the record's class and tooltip, a first mention is linked once, headings (which
    the toc runs the postprocessors on) are not; the page's Markdown links and ids are kept for the link check."""
    held, md = convert(build, "index.md", PAGE)
    html = build.fill_links(held, "")
    assert held.count("data-xref=") == 2 and "title=" not in held  # until written: markers
    assert '<h1 id="top">推論モデルの話</h1>' in html and '<h2 id="what">DeepSeekとは</h2>' in html
    assert (
        '<a class="xref xref-term" href="glossary/reasoning-model.md" '
        'title="答えを出す前に推論の過程を生成するよう訓練されたモデルである。" data-ref="term:reasoning-model">推論モデル</a>'
    ) in html
    assert html.count("xref-auto") == 1 and 'data-ref="company:deepseek">DeepSeek</a>は' in html
    assert [token["name"] for token in md.toc_tokens] == ["推論モデルの話"]
    assert md.toc_tokens[0]["children"][0]["name"] == "DeepSeekとは"
    assert build.page_links["index.md"] == ["glossary/reasoning-model.md", "article/one.md#what", "https://example.org/"]
    assert build.ids["index.md"] == {"top", "what"} and build.headings["index.md"] == "推論モデルの話"
    assert set(build.backlinks.found["index.md"]) == {"term:reasoning-model", "company:deepseek"}


def test_first_mentions_lead_to_the_url_of_their_records_page(build: Build) -> None:
    """A first mention is a marker without href as the page is converted (an engine resolves nothing in it); filled
    when the page is written (Zensical's: over the written file), it leads to its record's URL from the page's."""
    held, _ = convert(build, "article/one.md", "DeepSeekの話。")
    assert held == '<p><a data-xref="company:deepseek">DeepSeek</a>の話。</p>'
    assert 'href="../../companies/deepseek/"' in build.fill_links(held, "article/one/")
    assert 'href="companies/deepseek/"' in build.fill_links(held, "")


def test_the_build_keeps_the_engines_markdown_and_lets_the_file_go(build: Build) -> None:
    """MkDocs holds every page's Markdown until the build ends: the build keeps that same string, not an equal copy,
    and lets go of the page's file once the page is converted."""
    raw = "---\ndescription: 説明。\n---\n\n# 題\n\n本文。\n"
    build.check_page_file("about.md", raw.encode("utf-8"))
    text = raw.split("---\n\n", 1)[1]
    convert(build, "about.md", text, markdown=text)
    assert build.sources["about.md"].texts[0].text is text
    assert build.sources["about.md"].raw == ""
    convert(build, "index.md", text, markdown=text + "（別の版）")
    assert build.sources["index.md"].texts[0].text == text


def test_a_reference_to_nothing_is_reported_at_its_line(build: Build) -> None:
    """The page is checked as it is converted: an unknown reference is reported at its line of the file."""
    raw = "---\ndescription: 説明。\n---\n\n一行目\n\n[[term:nope]]\n"
    build.check_page_file("about.md", raw.encode("utf-8"))
    html, _ = convert(build, "about.md", raw.split("---\n\n", 1)[1])
    assert "[[term:nope]]" in html
    assert [str(p) for p in build.problems] == [
        'docs/about.md:7: [[term:nope]] の指す用語がない（glossary.yml に id "nope" がない）。glossary.yml に書き足すか、id を直す。'
    ]


NOT_FOUND_HINT = "docs/ にあるページの .md ファイルをこのページからの相対パスで書くか、リンクを外す。"
RELATIVE_HINT = "ページへの相対パス（other.md の形）で書く。"


@pytest.mark.parametrize(
    ("link", "said"),
    [
        ("article/one.md#what", None),
        ("https://example.org/x.md", None),
        ("#top", None),
        ("data/glossary.json", None),
        ("missing.md", ('リンク先のページ "missing.md" がない。', NOT_FOUND_HINT)),
        (
            "./article/two.md",
            ('リンク先のページ "./article/two.md" がない。', '名前の近いページ "article/one.md" へのリンクに直す。'),
        ),
        ("about/", ('リンク "about/" の行き先がわからない。', RELATIVE_HINT)),
        ("/about.md", ('リンク "/about.md" が「/」で始まる絶対パスのため、確かめられない。', RELATIVE_HINT)),
        (
            "article/one.md#nope",
            (
                'リンク "article/one.md#nope" の "#nope" は、行き先のページにない見出し（id）である。',
                "行き先のページにある見出しの id を使う。",
            ),
        ),
        ("#nope", ('リンク "#nope" の "#nope" は、このページにない見出し（id）である。', "このページにある見出しの id を使う。")),
    ],
)
def test_link_problem_says_what_is_wrong_in_japanese(link: str, said: tuple[str, str] | None) -> None:
    """Each kind of link that leads nowhere gets its own message and advice; good links and other sites' get none."""
    pages = {"index.md": {"top"}, "about.md": set(), "article/one.md": {"what"}}
    assert link_problem("index.md", link, pages, {"data/glossary.json"}) == said


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ("about.md", None),
        ("missing.md", ('nav に書かれた "missing.md" のページがない。', "mkdocs.yml の nav のパスを直すか、そのページを作る。")),
        ("/about.md", ('nav に書かれた "/about.md" は「/」で始まる絶対パスである。', "docs/ から見た相対パスで書く。")),
    ],
)
def test_nav_problem_says_what_is_wrong_in_japanese(entry: str, said: tuple[str, str] | None) -> None:
    """A nav entry to a page that does not exist, or written as an absolute path, is named with what to do."""
    assert nav_problem(entry, {"index.md", "about.md"}) == said


def test_link_problems_are_reported_at_the_links_line(build: Build) -> None:
    """A missing page and a missing anchor are reported at the line of the link, in Japanese only."""
    raw = "---\ndescription: 説明。\n---\n\n[ない](missing.md)\n\n[見出し](article/one.md#nope)\n"
    build.check_page_file("about.md", raw.encode("utf-8"))
    convert(build, "about.md", raw.split("---\n\n", 1)[1])
    convert(build, "article/one.md", "# 記事 {#article}\n")
    assert [str(p) for p in build.link_problems(set())] == [
        f'docs/about.md:5: リンク先のページ "missing.md" がない。{NOT_FOUND_HINT}',
        'docs/about.md:7: リンク "article/one.md#nope" の "#nope" は、行き先のページにない見出し（id）である。'
        "行き先のページにある見出しの id を使う。",
    ]


def test_zensical_converts_the_pages_in_this_process_with_the_builds_extension(tmp_path: Path) -> None:
    """Zensical runs here and calls the extension for each page: no problem, the backlinks filled over the written
    files, the first mentions linked once, no run left behind (a config that does not list the extension gets it)."""
    if importlib.util.find_spec("zensical") is None:
        cannot_run("zensical is not installed (make test installs requirements-zensical.txt)")
    from hooks import extension, zensical_build

    root = write_project(tmp_path / "project")
    assert extension.NAME not in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert zensical_build.build_site(root, "mkdocs.yml", tmp_path / "out") == ([], [])
    assert extension.RUNS == {}
    site = tmp_path / "out" / "site"
    term = without_breaks((site / "glossary" / "reasoning-model" / "index.html").read_text(encoding="utf-8"))
    assert '<ul class="backlinks"><li><a href="../../">ホーム</a></li><li><a href="../../timeline/">年表</a></li>' in term
    home = without_breaks((site / "index.html").read_text(encoding="utf-8"))
    assert home.count("xref-auto") == 2 and 'href="glossary/reasoning-model/"' in home
    assert not re.search(r'<a class="xref[^>]*href="[^"]*\.md', home)  # Zensical resolved the links that lead to files


def test_a_zensical_that_stops_is_one_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What stops Zensical (here: an error raised in a page's conversion) is one error at the config, and the run goes."""
    if importlib.util.find_spec("zensical") is None:
        cannot_run("zensical is not installed (make test installs requirements-zensical.txt)")
    import zensical

    from hooks import extension, zensical_build

    def stops(config_file: str, options: dict) -> None:
        raise RuntimeError("Python error: ZeroDivisionError: division by zero")

    monkeypatch.setattr(zensical, "build", stops)
    errors, _ = zensical_build.build_site(write_project(tmp_path / "project"), "mkdocs.yml", tmp_path / "out")
    assert [str(p) for p in errors] == [
        "mkdocs.yml: Zensical が途中で止まったため、サイトを仕上げられなかった：Python error: ZeroDivisionError: division by zero"
        "この問題を直してからビルドし直す。"
    ]
    assert extension.RUNS == {}


def test_mkdocs_yml_lists_the_extension_and_zensical_gets_its_run(tmp_path: Path) -> None:
    """Both engines load the extension from mkdocs.yml; Zensical's derived config names this run and checks no link."""
    from hooks import extension, zensical_build

    config = zensical_build.load_config(ROOT / "mkdocs.yml")
    assert extension.NAME in config["markdown_extensions"]
    made = zensical_build.zensical_config(config, ROOT, tmp_path, "run-1")
    assert extension.NAME not in made["markdown_extensions"]
    assert made["markdown_extensions"].count({extension.NAME: {"run": "run-1"}}) == 1
    assert made["validation"] is False and "hooks" not in made


def test_the_nearest_pages_of_a_missing_page_leave_out_the_page_that_links() -> None:
    """A slip in a link names the pages it may have meant, never the page that holds the link."""
    from hooks.links import missing_page_text

    _, hint = missing_page_text("article/bad.md", "bed.md", ["article/bad.md", "article/bed-time.md", "index.md"])
    assert '"bed-time.md"' in hint and '"bad.md"' not in hint
