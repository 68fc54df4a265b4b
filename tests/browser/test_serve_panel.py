"""Serving with a broken file (`make serve`, either engine): every page shows the problems, accessibly, the 404 page
included; fixing the file brings the good page back by itself; a broken data file keeps its last good records."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import free_port, wait_for
from tests.fixtures import GLOSSARY, INDEX_MD, PAGES, REPO, edit, line_of, mkdocs_yml, write, write_project

pytestmark = pytest.mark.browser

BROKEN = edit(INDEX_MD, ("[[event:r1-release]]", "[[event:r1-relase]]"))
# A YAML slip in the glossary (a key without its colon): the file gives no terms at all.
BROKEN_GLOSSARY = edit(GLOSSARY, ("    en: large language model", "    en large language model"))
TERM = "glossary/llm/"
# Each engine's serve command for a project and a port, and the folder it runs in.
SERVE = {
    "mkdocs": lambda root, port: ([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"], root),
    "zensical": lambda root, port: (
        [sys.executable, "-m", "hooks.zensical_build", "--serve", f"127.0.0.1:{port}", "--root", str(root)],
        REPO,
    ),
}


READY = "プレビューを http://"  # what both engines' servers say once the site is served


@contextlib.contextmanager
def _serving(engine: str, root: Path) -> Iterator[str]:
    """The project at root served with live reload by an engine; yields its URL (the output goes to serve.log)."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
    log = (root / "serve.log").open("w")
    command, folder = SERVE[engine](root, port)
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: READY in (root / "serve.log").read_text(encoding="utf-8"))
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(params=SERVE)
def engine(request) -> str:
    """Each engine's serve mode (Zensical's: skipped, or failed in CI, when it is not installed, as its builds are)."""
    if request.param == "zensical":
        request.getfixturevalue("zensical")
    return request.param


@pytest.fixture
def served(engine: str, tmp_path: Path):
    """The fixture project with one broken reference, served with live reload by each engine."""
    write_project(tmp_path, pages={**PAGES, "index.md": BROKEN})
    with _serving(engine, tmp_path) as url:
        yield tmp_path, url


def test_serve_shows_problems_on_every_page_until_fixed(browser, served) -> None:
    """The panel names file:line, what and how to fix, passes axe, is on every page; the fix reloads to the good page."""
    root, url = served
    where = f"docs/index.md:{line_of(BROKEN, '[[event:r1-relase]]')}"
    what = '[[event:r1-relase]] の指す出来事がない（docs/data/timeline.yml に id "r1-relase" がない）。'
    how = '"r1-release" の書き間違いではないか。'
    message = f"{where} エラー：{what} {how}"  # the panel shows the advice on a line of its own
    log = (root / "serve.log").read_text(encoding="utf-8")
    assert f"{where}: {what}{how}" in log  # the terminal prints the same list
    page = browser.new_page()
    for path in ("", "about/", "glossary/"):
        page.goto(url + path)
        panel = page.locator(".build-problems")
        assert panel.is_visible()
        assert panel.get_attribute("role") == "alert"
        assert " ".join(panel.locator("li").first.inner_text().split()) == message
    violations = Axe().run(page, context=".build-problems").response["violations"]
    assert [v["id"] for v in violations] == []
    page.goto(url)
    write(root, "docs/index.md", INDEX_MD)
    # Live reload brings the fixed page without the panel.
    page.wait_for_function("() => !document.querySelector('.build-problems')", timeout=60_000)
    assert page.locator("h1").inner_text().startswith("ホーム")
    page.close()


def _term_links(page) -> int:
    """How many links to the term 'llm' the page has (references and first mentions)."""
    return page.locator('a.xref-term[data-ref="term:llm"]').count()


def _panel_names(page, where: str) -> bool:
    """Whether the page shows the problem panel with a problem at ``where``."""
    panel = page.locator(".build-problems")
    return panel.count() == 1 and where in panel.inner_text()


def test_serve_recovers_from_a_broken_glossary(browser, engine: str, tmp_path: Path) -> None:
    """A term page gone with the glossary shows the 404 page with the panel, and comes back by itself once fixed;
    broken again later, the pages keep the last good terms (links, term pages) and show the panel until fixed."""
    config = mkdocs_yml() + "watch:\n  - glossary.yml\n"  # as the real mkdocs.yml: the glossary is outside docs/
    write_project(tmp_path, glossary=BROKEN_GLOSSARY, config=config)
    where = f"glossary.yml:{line_of(BROKEN_GLOSSARY, 'en large')}"
    with _serving(engine, tmp_path) as url:
        term, article = browser.new_page(), browser.new_page()
        response = term.goto(url + TERM)
        assert response is not None and response.status == 404  # nothing good was read yet: no term pages
        assert _panel_names(term, where)
        write(tmp_path, "glossary.yml", GLOSSARY)
        # The 404 tab reloads by itself and shows the term page, without the panel.
        term.wait_for_function("() => document.querySelector('h1')?.textContent.includes('大規模言語モデル')", timeout=60_000)
        assert term.locator(".build-problems").count() == 0
        article.goto(url + "article/one/")
        links = _term_links(article)
        assert links > 0 and article.locator(".build-problems").count() == 0
        write(tmp_path, "glossary.yml", BROKEN_GLOSSARY)
        # Broken again: both tabs reload with the panel; the terms read last time stay.
        for page in (article, term):
            page.wait_for_function("() => document.querySelector('.build-problems')", timeout=60_000)
            assert _panel_names(page, where)
        assert _term_links(article) == links
        assert "大規模言語モデル" in term.locator("h1").inner_text()
        write(tmp_path, "glossary.yml", GLOSSARY)
        for page in (article, term):
            page.wait_for_function("() => !document.querySelector('.build-problems')", timeout=60_000)
        assert _term_links(article) == links
        term.close()
        article.close()
