"""Serving with a broken file (`make serve`, either engine): every page shows the problems, accessibly; fixing the
file brings the good page back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.fixtures import INDEX_MD, PAGES, REPO, edit, line_of, write, write_project

pytestmark = pytest.mark.browser

BROKEN = edit(INDEX_MD, ("[[event:r1-release]]", "[[event:r1-relase]]"))
# Each engine's serve command for a project and a port, and the folder it runs in.
SERVE = {
    "mkdocs": lambda root, port: ([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"], root),
    "zensical": lambda root, port: (
        [sys.executable, "-m", "hooks.zensical_build", "--serve", f"127.0.0.1:{port}", "--root", str(root)],
        REPO,
    ),
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(condition, timeout: float = 60.0) -> None:
    """Poll until condition() is true, or fail."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture(params=SERVE)
def served(request, tmp_path: Path):
    """The fixture project with one broken reference, served with live reload by each engine."""
    if request.param == "zensical":
        request.getfixturevalue("zensical")  # not installed: skipped, or failed in CI, as the Zensical builds are
    write_project(tmp_path, pages={**PAGES, "index.md": BROKEN})
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
    log = (tmp_path / "serve.log").open("w")
    command, folder = SERVE[request.param](tmp_path, port)
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(lambda: "Serving on" in (tmp_path / "serve.log").read_text(encoding="utf-8"))
        yield tmp_path, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


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
