"""The site built by MkDocs and by Zensical (hooks.zensical_build) is the same site.

The comparison itself is tested on small hand-made sites, so it can be seen to fail; then the real site
built by both engines is compared (Zensical comes from requirements-zensical.txt, which `make test` installs).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hooks.build import NOT_IN_NAV
from tests.conftest import ROOT, build_env
from tests.engines import differences
from tests.fixtures import ABOUT_MD, ARTICLE_MD, NAV, PAGES, line_of, mkdocs_yml, write_project

PAGE = """<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="x"></head><body>
<article class="md-content__inner md-typeset">{body}</article></body></html>"""
GLOSSARY = '<h1 id="glossary">用語集</h1><h2 id="llm">LLM</h2><ul class="backlinks"><li><a href="../">ホーム</a></li></ul>'
HOME = '<h1 id="top">ホーム</h1><p><a class="xref" href="glossary/#llm" title="t" data-ref="term:llm">LLM</a></p><section class="article-text"><p>本文</p></section>'


def _site(folder: Path, home: str = HOME, glossary: str = GLOSSARY) -> Path:
    (folder / "glossary").mkdir(parents=True)
    (folder / "index.html").write_text(PAGE.format(body=home), encoding="utf-8")
    (folder / "glossary" / "index.html").write_text(PAGE.format(body=glossary), encoding="utf-8")
    return folder


def test_same_sites_have_no_differences(tmp_path: Path) -> None:
    assert differences(_site(tmp_path / "a"), _site(tmp_path / "b"), content=True) == []


def test_a_link_to_the_page_itself_is_the_same_link_however_written(tmp_path: Path) -> None:
    """MkDocs writes ./#id for a link from a page to itself, Zensical ../page/#id: they lead to the same place."""
    own = '<h1 id="glossary">用語集</h1><h2 id="llm">LLM</h2><a href="{}" data-ref="term:llm">x</a>'
    one = _site(tmp_path / "a", glossary=own.format("./#llm"))
    two = _site(tmp_path / "b", glossary=own.format("../glossary/#llm"))
    assert differences(one, two) == []


@pytest.mark.parametrize(
    ("home", "glossary", "expected"),
    [
        (HOME.replace('data-ref="term:llm"', 'data-ref="term:gpu"'), GLOSSARY, "/: links to records differ"),
        (HOME, GLOSSARY.replace('<li><a href="../">ホーム</a></li>', ""), "glossary/: backlinks differ"),
        (HOME, GLOSSARY.replace('id="llm"', 'id="llm-2"'), "glossary/: element ids differ"),
        (HOME.replace("本文", "本分"), GLOSSARY, "/: article text differs"),
        (HOME.replace("本文", "[[term:llm]]"), GLOSSARY, "/: 1 raw '[[' in the Zensical build"),
        (HOME.replace('href="glossary/#llm"', 'href="glossary/#nothing"'), GLOSSARY, "Zensical link check: index.html"),
    ],
)
def test_each_difference_is_reported(tmp_path: Path, home: str, glossary: str, expected: str) -> None:
    found = differences(_site(tmp_path / "a"), _site(tmp_path / "b", home, glossary))
    assert any(line.startswith(expected) for line in found), found


def test_share_tags_and_open_data_are_compared(tmp_path: Path) -> None:
    """A page's share tags, and the open data files but the day they were made, must be the same."""
    one, two = _site(tmp_path / "a"), _site(tmp_path / "b")
    page = one / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</head>", '<meta property="og:title" content="ホーム"></head>'))
    for site, day, name in ((one, "2026-01-01", "ホーム"), (two, "2026-01-02", "ホーム")):
        (site / "data").mkdir()
        (site / "data" / "glossary.json").write_text(f'{{"generated": "{day}", "terms": ["{name}"]}}', encoding="utf-8")
    assert differences(one, two) == [
        '/: share tags differ: MkDocs only [\'<meta property="og:title" content="ホーム">\']; Zensical only []'
    ]
    (two / "data" / "glossary.json").write_text('{"generated": "2026-01-02", "terms": ["用語集"]}', encoding="utf-8")
    assert "data/glossary.json: open data file differs" in differences(one, two)


def test_a_page_missing_on_one_side_and_a_missing_policy_are_reported(tmp_path: Path) -> None:
    two = _site(tmp_path / "b")
    (two / "extra").mkdir()
    (two / "extra" / "index.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    found = differences(_site(tmp_path / "a"), two)
    assert "extra/: only in the Zensical build" in found


def test_the_real_site_is_the_same_on_both_engines(built_site: Path, zensical_site: Path) -> None:
    """Same pages, record anchors, links to records, backlinks, article text; no raw [[; both link checks clean."""
    assert not (ROOT / "docs" / "glossary.md").exists(), "prepare must never write into docs/"
    assert differences(built_site, zensical_site, content=True) == []


def test_a_broken_reference_fails_the_zensical_build_at_its_line(zensical, tmp_path: Path) -> None:
    """Both engines fail with the same message at the same file:line; a broken link and a nav entry to a missing page
    are put at their lines by both, in the same words (the build's own checks).

    Zensical also keeps front matter as text, and search.json (which it writes from the defused pages) holds no handler.
    The small project of tests/fixtures.py: the real site takes both engines three times as long and adds nothing here.
    """
    article = ARTICLE_MD.replace("[[term:llm|LLM]]", "[[term:lmm|LLM]]", 1)
    about = ABOUT_MD.replace("description: ", 'description: A "><b>x</b> ', 1)
    about += '\n<span onclick="alert(1)">押す</span> [壊れたリンク](missing.md)\n'
    config = mkdocs_yml(
        nav=NAV.replace("  - 記事: article/one.md\n", "  - 記事: article/one.md\n  - 付録: article/appendix.md\n")
    )
    extra = "---\ndescription: 追加。\n---\n\n# 追加のページ\n"  # not in the nav: said, not a problem
    pages = {**PAGES, "article/one.md": article, "about.md": about, "extra.md": extra}
    project = write_project(tmp_path / "project", pages=pages, config=config)
    line, link_line = line_of(article, "[[term:lmm"), line_of(about, "(missing.md)")
    expected = f'docs/article/one.md:{line}: [[term:lmm|LLM]] の指す用語がない（glossary.yml に id "lmm" がない）。"llm" の書き間違いではないか。'
    result = zensical(project, tmp_path / "out")
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    # Both engines say the same of a link to a missing page and of a nav entry to one, word for word.
    missing = (
        f'docs/about.md:{link_line}: リンク先のページ "missing.md" がない。docs/ にあるページの .md ファイルを'
        "このページからの相対パスで書くか、リンクを外す。"
    )
    nav_line = line_of(config, "article/appendix.md")
    nav = f'mkdocs.yml:{nav_line}: nav に書かれた "article/appendix.md" のページがない。mkdocs.yml の nav のパスを直すか、そのページを作る。'
    omitted = f"INFO    -  docs/extra.md: {NOT_IN_NAV}"
    assert missing in result.stderr and nav in result.stderr and omitted in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    written = (tmp_path / "out" / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<b>x</b>" not in written and 'content="A &#34;&gt;&lt;b&gt;x' in written.replace("&quot;", "&#34;")
    index = (tmp_path / "out" / "site" / "search.json").read_text(encoding="utf-8")
    assert "押す" in index and "onclick" not in index
    mkdocs = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "mkdocs")],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert mkdocs.returncode == 1
    assert expected in mkdocs.stderr, mkdocs.stderr
    assert missing in mkdocs.stderr and nav in mkdocs.stderr and omitted in mkdocs.stderr, mkdocs.stderr
