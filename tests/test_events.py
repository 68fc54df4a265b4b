"""The MkDocs adapter's event functions, called directly with a real config, real files and real pages."""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from tests.fixtures import (
    GLOSSARY,
    HOOKS_FILE,
    INDEX_MD,
    PAGES,
    UNUSED_TERM,
    edit,
    files_under,
    line_of,
    write,
    write_project,
)


def _load_adapter() -> ModuleType:
    """Import hooks/mkdocs_hooks.py by its path, the way MkDocs does."""
    spec = importlib.util.spec_from_file_location("adapter_under_test", HOOKS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOOKS = _load_adapter()
GENERATED = {
    "glossary.md",
    "glossary/reasoning-model.md",
    "glossary/llm.md",
    "glossary/open-weights.md",
    "timeline.md",
    "companies/index.md",
    "companies/deepseek.md",
    "companies/openai.md",
    "people/index.md",
    "wordlist.md",
}


def configure(root: Path) -> MkDocsConfig:
    """Load the fixture's mkdocs.yml and run on_config."""
    config = load_config(config_file=str(root / "mkdocs.yml"))
    # MkDocs names the running plugin while it runs an event; File.generated records that name.
    config.plugins._current_plugin = "hooks"
    return HOOKS.on_config(config)


def prepare(root: Path) -> tuple[MkDocsConfig, Files, list[Page]]:
    """on_config, on_files and on_nav, as a build runs them; returns every documentation page."""
    config = configure(root)
    files = HOOKS.on_files(get_files(config), config)
    nav = HOOKS.on_nav(get_navigation(files, config), config, files)
    pages = [f.page for f in files.documentation_pages()]
    assert nav.pages
    return config, files, pages


def render(root: Path) -> tuple[MkDocsConfig, Files, dict[str, Page]]:
    """Run every event up to (not including) on_env, rendering each page like MkDocs does."""
    config, files, pages = prepare(root)
    for page in pages:
        page.read_source(config)
        page.markdown = HOOKS.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = HOOKS.on_page_content(page.content, page=page, config=config, files=files)
    return config, files, {p.file.src_uri: p for p in pages}


def complete(root: Path) -> tuple[MkDocsConfig, Files, dict[str, Page]]:
    """render(), then on_env and on_page_context for each page: the page contents as they are written."""
    config, files, pages = render(root)
    HOOKS.on_env(None, config=config, files=files)
    for page in pages.values():
        HOOKS.on_page_context({}, page=page, config=config, nav=None)
    return config, files, pages


def test_on_config_makes_a_new_site_each_build(tmp_path: Path) -> None:
    """Every build (mkdocs serve rebuilds too) starts from freshly loaded data."""
    write_project(tmp_path)
    first = HOOKS.build_of(configure(tmp_path))
    second = HOOKS.build_of(configure(tmp_path))
    assert first is not second
    assert second.docs_dir == "docs"
    assert list(second.records.data.terms) == ["reasoning-model", "llm", "open-weights"]
    assert second.problems == []


def test_on_files_adds_generated_pages_without_writing_docs(tmp_path: Path) -> None:
    """The glossary, term, timeline and company pages (and the open data files) are File.generated, in memory, never written into docs/."""
    write_project(tmp_path)
    before = files_under(tmp_path / "docs")
    config, files, _ = prepare(tmp_path)
    generated = {f.src_uri: f for f in files if f.generated_by is not None and f.is_documentation_page()}
    assert set(generated) == GENERATED
    data = {f.src_uri for f in files if f.generated_by is not None and not f.is_documentation_page()}
    assert data == {
        f"data/{name}"
        for name in ("glossary.json", "timeline.json", "timeline.ics", "companies.json", "people.json", "wordlist.csv")
    }
    for src, file in generated.items():
        assert file.abs_src_path is None
        assert file.content_string == HOOKS.build_of(config).records.generated[src]
        assert file.is_documentation_page()
    assert files.get_file_from_path("glossary.md").url == "glossary/"
    assert files.get_file_from_path("glossary/llm.md").url == "glossary/llm/"
    assert files.get_file_from_path("companies/openai.md").url == "companies/openai/"
    assert files_under(tmp_path / "docs") == before


def test_on_files_reports_a_hand_written_generated_page(tmp_path: Path) -> None:
    """A real docs/timeline.md would clash with the generated one: it is reported, and the generated page is built."""
    write_project(tmp_path)
    write(tmp_path, "docs/timeline.md", "---\ndescription: x\n---\n\n# 年表\n")
    config = configure(tmp_path)
    files = HOOKS.on_files(get_files(config), config)
    assert files.get_file_from_path("timeline.md").generated_by is not None
    assert [str(p) for p in HOOKS.build_of(config).problems] == [
        "docs/timeline.md:1: このページは docs/data/timeline.yml から作られるため、同じ名前のこのファイルは使われない。このファイルを消すか、名前を変える。"
    ]


def test_rendering_resolves_refs_and_reports_with_source_lines(tmp_path: Path) -> None:
    """References become links as the page is converted (the page's Markdown is left as written); an unknown one is
    reported at its line in the source file (after front matter)."""
    index = edit(INDEX_MD, ("[[event:r1-release]]", "[[event:r1-release]]と[[term:reasoning]]"))
    write_project(tmp_path, pages={**PAGES, "index.md": index})
    config, _, pages = render(tmp_path)
    assert [str(p) for p in HOOKS.build_of(config).problems] == [
        f"docs/index.md:{line_of(index, '[[term:reasoning]]')}: "
        '[[term:reasoning]] の指す用語がない（glossary.yml に id "reasoning" がない）。"reasoning-model" の書き間違いではないか。'
    ]
    assert pages["index.md"].markdown.startswith("# ホーム {#top}") and "[[event:r1-release]]" in pages["index.md"].markdown
    # Until the page is written, the link holds its key and the href MkDocs resolved; on_page_context fills it.
    assert '<a data-xref="event:r1-release" href="timeline/#r1-release">' in pages["index.md"].content
    assert "DeepSeekがR1を公開</a>と[[term:reasoning]]" in pages["index.md"].content
    _, _, written = complete(tmp_path)
    assert (
        '<a class="xref xref-event" href="timeline/#r1-release" title="2025年1月20日：DeepSeekがR1を公開" data-ref="event:r1-release">'
        in written["index.md"].content
    )


def test_rendering_autolinks_once_with_page_relative_urls(tmp_path: Path) -> None:
    """First mentions are marked as the page is converted (search reads their text so) and become links to the record's
    page relative to the page URL when it is written; the own page and headings are left alone."""
    write_project(tmp_path)
    _, _, rendered = render(tmp_path)
    _, _, pages = complete(tmp_path)
    index = pages["index.md"].content
    held = rendered["index.md"].content
    assert '<a data-xref="term:reasoning-model">推論モデル</a>' in held and "xref-auto" not in held
    # The home page has no backlinks or print parts: filling its links is all that changes when it is written.
    assert re.sub(r"<[^>]*>", "", index) == re.sub(r"<[^>]*>", "", held)
    assert (
        '<a class="xref xref-term xref-auto" href="glossary/reasoning-model/" '
        'title="答えを出す前に推論の過程を生成するよう訓練されたモデルである。" data-ref="term:reasoning-model">推論モデル</a>'
    ) in index
    assert index.count('data-ref="term:reasoning-model"') == 1
    article = pages["article/one.md"].content
    assert 'href="../../companies/openai/"' in article
    assert '<h2 id="what">推論モデルとは' in article
    assert 'data-ref="company:openai"' not in pages["companies/openai.md"].content.split("<h2")[0]


def test_page_meta_autolink_false_turns_autolinks_off(tmp_path: Path) -> None:
    """A page with 'autolink: false' in its front matter gets no automatic links, but keeps its references."""
    index = INDEX_MD.replace("description:", "autolink: false\ndescription:")
    write_project(tmp_path, pages={**PAGES, "index.md": index})
    _, _, pages = complete(tmp_path)
    assert "xref-auto" not in pages["index.md"].content
    assert 'data-ref="event:r1-release"' in pages["index.md"].content


def test_backlinks_are_filled_in_reading_order(tmp_path: Path) -> None:
    """After all pages are rendered, backlink markers list the mentioning pages (nav order, relative URLs)."""
    write_project(tmp_path)
    config, files, pages = render(tmp_path)
    assert HOOKS.on_env("env", config=config, files=files) == "env"
    assert HOOKS.build_of(config).ids == {} == HOOKS.build_of(config).page_links  # read by the checks only: let go
    for page in pages.values():
        HOOKS.on_page_context({}, page=page, config=config, nav=None)
    assert "data-backlinks" not in pages["glossary.md"].content
    reasoning = pages["glossary/reasoning-model.md"].content
    assert "data-backlinks" not in reasoning
    assert '<ul class="backlinks"><li><a href="../../">ホーム</a></li><li><a href="../../timeline/">年表</a></li>' in reasoning
    deepseek = pages["companies/deepseek.md"].content
    assert (
        '<ul class="backlinks"><li><a href="../../">ホーム</a></li><li><a href="../../timeline/">年表</a></li></ul>' in deepseek
    )


def test_problems_end_the_build_together_after_the_link_check(tmp_path: Path) -> None:
    """Data and page problems end the build together, in one PluginError after the link check, sorted."""
    glossary = edit(GLOSSARY, ("related: [llm]", "related: [lml]"))
    index = edit(INDEX_MD, ("[[event:r1-release]]", "[[event:r1-relase]]"))
    article = PAGES["article/one.md"].replace("[[term:llm|LLM]]", "[[term:lm|LLM]]")
    write_project(tmp_path, glossary=glossary, pages={**PAGES, "index.md": index, "article/one.md": article})
    config, files, _ = render(tmp_path)
    HOOKS.on_env(None, config=config, files=files)  # keeps the errors: MkDocs still checks anchors
    with pytest.raises(PluginError) as caught:
        HOOKS.on_post_build(config=config)
    assert str(caught.value) == "\n".join(
        [
            "サイトに直すべき問題がある（3 件）：",
            f"  docs/article/one.md:{line_of(article, '[[term:lm|')}: "
            '[[term:lm|LLM]] の指す用語がない（glossary.yml に id "lm" がない）。"llm" の書き間違いではないか。',
            f"  docs/index.md:{line_of(index, '[[event:r1-relase]]')}: "
            '[[event:r1-relase]] の指す出来事がない（docs/data/timeline.yml に id "r1-relase" がない）。"r1-release" の書き間違いではないか。',
            f"  glossary.yml:{line_of(glossary, 'related: [lml]')}: "
            '用語 "reasoning-model"："related" の "lml" という用語の id はない。"llm" の書き間違いではないか。',
        ]
    )


def test_on_env_logs_warnings_without_failing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Unmentioned records are logged as warnings (which --strict turns into a failure), not raised."""
    write_project(tmp_path, glossary=GLOSSARY + UNUSED_TERM)
    config, files, _ = render(tmp_path)
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.deepseek"):
        HOOKS.on_env(None, config=config, files=files)
    assert [r.getMessage() for r in caplog.records if r.name == "mkdocs.hooks.deepseek"] == [
        'glossary.yml:45: 用語 "distillation" はどのページにも出てこない。ページで触れるか [[term:distillation]] と書く。要らなければ glossary.yml から消す。'
    ]


def test_raw_html_links_are_checked_at_their_line(tmp_path: Path) -> None:
    """A raw HTML link to no page, or to an id its page does not have, is reported at its line; good ones pass."""
    about = (
        PAGES["about.md"]
        + '\n<p><a href="../glossary/#llm">ok</a> <a href="../">home</a></p>\n<p><a href="../missing/">x</a></p>\n'
    )
    about += '<p><a href="../glossary/#nope">y</a></p>\n'
    write_project(tmp_path, pages={**PAGES, "about.md": about})
    config, files, _ = render(tmp_path)
    HOOKS.on_env(None, config=config, files=files)
    assert [str(p) for p in HOOKS.build_of(config).errors] == [
        f"docs/about.md:{line_of(about, 'missing/')}: "
        'HTML のリンク "../missing/" の行き先がサイトにない。このページから見た相対 URL（../glossary/#id の形）か、'
        "Markdown のリンク [文字](page.md#id) で書く。",
        f"docs/about.md:{line_of(about, '#nope')}: "
        'HTML のリンク "../glossary/#nope" の "#nope" は、docs/glossary.md にない id である。そのページにある id（見出しの {#id}）を使う。',
    ]


def test_on_post_page_adds_only_phrase_breaks_and_lets_the_content_go(tmp_path: Path) -> None:
    """The written output is the linked content with line-break markup; the Page no longer holds the content (search has
    read it at on_page_context), so a build does not keep every page's HTML to its end."""
    write_project(tmp_path)
    config, files, pages = render(tmp_path)
    HOOKS.on_env(None, config=config, files=files)
    HOOKS.on_page_context({}, page=pages["index.md"], config=config, nav=None)
    linked = pages["index.md"].content
    assert "xref-auto" in linked
    written = HOOKS.on_post_page(linked, page=pages["index.md"], config=config)
    # The written page gains only line-break markup (hooks.phrases) over the linked content.
    assert re.sub(r'<wbr>|<span class="nobr">|</span>', "", written) == re.sub(r'<span class="nobr">|</span>', "", linked)
    assert pages["index.md"].content is None


def test_the_print_parts_follow_search(tmp_path: Path) -> None:
    """An article page's print parts come after search has read it (on_page_context), not in its conversion: Material's
    search would index the head before the h1 as a section of its own."""
    question = '<details class="question">\n<summary>問1：なぜか？</summary>\n<p>模範解答：こうである。</p>\n</details>\n'
    article = PAGES["article/one.md"] + "\n" + question
    write_project(tmp_path, pages={**PAGES, "article/one.md": article})
    config, files, pages = render(tmp_path)
    assert '<section class="print-answers' in pages["article/one.md"].content
    assert 'class="print-head"' not in pages["article/one.md"].content
    HOOKS.on_env(None, config=config, files=files)
    HOOKS.on_page_context({}, page=pages["article/one.md"], config=config, nav=None)
    assert pages["article/one.md"].content.index('class="print-head"') < pages["article/one.md"].content.index("<h1")


@pytest.mark.parametrize(("level", "quieted"), [(logging.INFO, True), (logging.DEBUG, False), (logging.ERROR, False)])
def test_on_startup_quiets_mkdocs_progress_lines_unless_asked_for_more_or_less(level: int, quieted: bool) -> None:
    """Without -v or -q, MkDocs' progress loggers are set to warnings (the build says its own lines); with either,
    they are left as MkDocs set them."""
    root, progress = logging.getLogger("mkdocs"), [logging.getLogger(name) for name in HOOKS._PROGRESS_LOGGERS]
    saved = root.level, [logger.level for logger in progress]
    try:
        root.setLevel(level)
        for logger in progress:
            logger.setLevel(logging.NOTSET)
        HOOKS.on_startup(command="build", dirty=False)
        assert [logger.level for logger in progress] == [logging.WARNING if quieted else logging.NOTSET] * 3
    finally:
        root.setLevel(saved[0])
        for logger, was in zip(progress, saved[1], strict=True):
            logger.setLevel(was)
