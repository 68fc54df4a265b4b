"""Shared fixtures: one strict build of the real site by each engine, local web servers, a headless Chromium."""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import http.server
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
# One cache of share cards for every build of the session (fixture sites share most titles); removed at exit.
if not os.environ.get("SITE_CARDS_CACHE"):
    os.environ["SITE_CARDS_CACHE"] = tempfile.mkdtemp(prefix="site-cards-")
    atexit.register(shutil.rmtree, os.environ["SITE_CARDS_CACHE"], True)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Debian's chromium here and in CI; Google Chrome on GitHub's runners; BROWSER_PATH overrides.
CHROMIUM = (
    os.environ.get("BROWSER_PATH")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
    or shutil.which("google-chrome")
)
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def cannot_run(message: str) -> None:
    """A test that cannot run here: skipped locally, failed in CI (where everything it needs is installed)."""
    if IN_CI:
        pytest.fail(message + " - in CI this is a failure.")
    pytest.skip(message)


def build_env() -> dict[str, str]:
    """Environment for running mkdocs: no Material banner, a fixed site_url."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SITE_URL", None)
    return env


def sources_digest() -> str:
    """A digest of the path and bytes of every source a build reads: docs/ and the glossary."""
    digest = hashlib.sha256()
    for file in sorted([*(p for p in (ROOT / "docs").rglob("*") if p.is_file()), ROOT / "glossary.yml"]):
        digest.update(file.relative_to(ROOT).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def real_build() -> tuple[Path, str, str]:
    """Build the real site once, strictly, into site/: the site, and the digest of its sources before and after."""
    before = sources_digest()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(SITE)],
        cwd=ROOT,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return SITE, before, sources_digest()


@pytest.fixture(scope="session")
def built_site(real_build: tuple[Path, str, str]) -> Path:
    """The real site built once, strictly, into site/ (the build output; screenshots go inside it)."""
    return real_build[0]


@pytest.fixture(scope="session")
def zensical():
    """Runs the Zensical build (python -m hooks.zensical_build --strict) of a project into a staging folder."""
    if importlib.util.find_spec("zensical") is None:
        cannot_run("zensical is not installed (make test installs requirements-zensical.txt)")

    def run(root: Path, out: Path) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "hooks.zensical_build", "--strict", "--root", str(root), "--out", str(out)]
        return subprocess.run(command, cwd=root, env=build_env(), capture_output=True, text=True, timeout=600)

    return run


@pytest.fixture(scope="session")
def zensical_site(zensical, tmp_path_factory) -> Path:
    """The real site built once by Zensical, strictly (its staging folder is a temporary one)."""
    out = tmp_path_factory.mktemp("zensical")
    result = zensical(ROOT, out)
    assert result.returncode == 0, f"strict Zensical build failed:\n{result.stdout}\n{result.stderr}"
    return out / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from the built site; unknown paths get the site's 404 page, as on GitHub Pages."""

    def log_message(self, *args: object) -> None:
        """Keep test output clean."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Serve 404.html for missing files."""
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """A built site served on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """The MkDocs build served; yields the base URL."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def zensical_server(zensical_site: Path) -> Iterator[str]:
    """The Zensical build served; yields the base URL."""
    with serving(zensical_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright. Missing browser: skip locally, fail in CI."""
    if CHROMIUM is None:
        cannot_run("Chromium not found (apt-get install chromium); browser tests cannot run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site as a URL path ('' for home, 'glossary/', '404.html')."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("_screenshots/"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def templates(site: Path) -> dict[str, list[str]]:
    """Every written page by what makes it: each generated-page declaration of hooks.kinds.PAGES (by its src,
    'glossary/{id}.md' holding every term's page) and every other page (hand-written, 404) on its own."""
    from hooks.kinds import PAGES, load
    from hooks.zensical_build import page_url

    data, _ = load(ROOT)
    written = site_pages(site)
    made: dict[str, list[str]] = {}
    for page in PAGES:
        if "{id}" in page.src:
            made[page.src] = [page_url(page.src.format(id=record.id)) for record in data.table(page.kind).values()]
        else:
            made[page.src] = [page_url(page.src)]
    generated = {path for paths in made.values() for path in paths}
    return {**made, **{path: [path] for path in written if path not in generated}}


def representative_pages(site: Path) -> list[str]:
    """One page per template and the pages that differ: every page but the pages made one per record, and of
    each of those declarations the largest page (the most text and links, where a layout breaks first)."""
    chosen = []
    for paths in templates(site).values():
        sizes = {path: (site / path / "index.html").stat().st_size for path in paths if (site / path / "index.html").is_file()}
        if len(paths) == 1:
            chosen += paths
        elif sizes:
            chosen.append(max(sizes, key=lambda path: (sizes[path], path)))
    return chosen


def without_breaks(markup: str) -> str:
    """A written page without the line-break markup the build adds to its text (hooks.phrases): as it was rendered."""
    return re.sub(r'<span class="nobr">([^<]*)</span>', r"\1", markup.replace("<wbr>", ""))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a dev server a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 120.0) -> None:
    """Poll until condition() is true, or fail after timeout seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")
