"""The Lighthouse runner (tests/lighthouse.py): reading reports, medians, targets, the table, the gzip server."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import lighthouse

KIB = 1024


def report(perf=0.97, a11y=1.0, bp=1.0, seo=1.0, lcp=1500.0, tbt=40.0, cls=0.0, weight=120 * KIB) -> dict:
    """A Lighthouse JSON report, cut down to what the runner reads."""
    scores = {"performance": perf, "accessibility": a11y, "best-practices": bp, "seo": seo}
    return {
        "lighthouseVersion": "13.5.0",
        "categories": {name: {"id": name, "score": value} for name, value in scores.items()},
        "audits": {
            "largest-contentful-paint": {"numericValue": lcp},
            "total-blocking-time": {"numericValue": tbt},
            "cumulative-layout-shift": {"numericValue": cls},
            "total-byte-weight": {"numericValue": weight},
        },
    }


def test_read_report_scores_out_of_100_and_metrics() -> None:
    figures = lighthouse.read_report(report(perf=0.946, lcp=2012.4))
    assert figures == {
        "performance": 95,
        "accessibility": 100,
        "best-practices": 100,
        "seo": 100,
        "lcp": 2012.4,
        "tbt": 40.0,
        "cls": 0.0,
        "bytes": 120 * KIB,
    }


def test_read_report_without_a_score_gives_none() -> None:
    broken = report()
    broken["categories"]["performance"]["score"] = None
    del broken["audits"]["largest-contentful-paint"]
    figures = lighthouse.read_report(broken)
    assert figures["performance"] is None and figures["lcp"] is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [([3, 1, 2], 2), ([90, 97, 96], 96), ([1.0, 4.0], 2.5), ([5], 5), ([1, None, 3], None), ([], None)],
)
def test_median(values: list, expected: float | None) -> None:
    assert lighthouse.median(values) == expected


def test_median_figures_takes_each_figure_on_its_own() -> None:
    runs = [
        lighthouse.read_report(report(perf=0.90, tbt=300)),
        lighthouse.read_report(report(perf=0.99, tbt=10)),
        lighthouse.read_report(report(perf=0.96, tbt=100)),
    ]
    figures = lighthouse.median_figures(runs)
    assert figures["performance"] == 96
    assert figures["tbt"] == 100


@pytest.mark.parametrize(
    ("changes", "missed"),
    [
        ({}, []),
        ({"perf": 0.95, "lcp": 2000, "tbt": 150, "weight": 150 * KIB}, []),  # each limit is allowed
        ({"perf": 0.94}, ["Perf 94 (target Perf ≥ 95)"]),
        ({"a11y": 0.99}, ["A11y 99 (target A11y ≥ 100)"]),
        ({"bp": 0.96}, ["BP 96 (target BP ≥ 100)"]),
        ({"seo": 0.92}, ["SEO 92 (target SEO ≥ 100)"]),
        ({"lcp": 2050}, ["LCP 2.05 s (target LCP ≤ 2.00 s)"]),
        ({"tbt": 151}, ["TBT 151 ms (target TBT ≤ 150 ms)"]),
        ({"weight": 150 * KIB + 1}, ["Bytes 150.0 KiB (target Bytes ≤ 150.0 KiB)"]),
        ({"cls": 0.5}, []),  # shown in the table, no target of its own
        ({"perf": None}, ["Perf none (target Perf ≥ 95)"]),
        ({"perf": 0.63, "tbt": 470}, ["Perf 63 (target Perf ≥ 95)", "TBT 470 ms (target TBT ≤ 150 ms)"]),
    ],
)
def test_misses(changes: dict, missed: list[str]) -> None:
    assert lighthouse.misses(lighthouse.read_report(report(**changes))) == missed


def test_table_marks_each_missed_figure() -> None:
    results = {
        "": lighthouse.read_report(report()),
        "glossary/": lighthouse.read_report(report(perf=0.63, tbt=470, weight=133 * KIB)),
    }
    lines = lighthouse.table(results).splitlines()
    assert lines[0] == "| Page | Perf | A11y | BP | SEO | LCP | TBT | CLS | Bytes |"
    assert lines[2] == "| (home) | 97 | 100 | 100 | 100 | 1.50 s | 40 ms | 0.000 | 120.0 KiB |"
    assert lines[3] == "| glossary/ | 63 ✗ | 100 | 100 | 100 | 1.50 s | 470 ms ✗ | 0.000 | 133.0 KiB |"
    assert len(lines) == 4


def test_table_shows_a_missing_figure_as_a_miss() -> None:
    figures = lighthouse.read_report(report(perf=None))
    assert "| – ✗ |" in lighthouse.table({"about/": figures})


def test_site_pages_are_every_html_page(tmp_path: Path) -> None:
    for name in ["index.html", "404.html", "glossary/index.html", "glossary/llm/index.html", "_screenshots/x.html", "a.css"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<p>x</p>", encoding="utf-8")
    assert lighthouse.site_pages(tmp_path) == ["", "404.html", "glossary/", "glossary/llm/"]


def fetch(url: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_server_sends_text_gzipped_and_images_as_they_are(tmp_path: Path) -> None:
    page = "<!doctype html><title>x</title>" + "<p>用語集</p>" * 200
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>404</h1>", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + bytes(200))
    with lighthouse.serve(tmp_path) as base:
        status, headers, body = fetch(base + "glossary/")
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body).decode("utf-8") == page
        assert len(body) < len(page.encode("utf-8")) / 5
        status, headers, body = fetch(base + "glossary/", gzip_ok=False)
        assert "Content-Encoding" not in headers and body.decode("utf-8") == page
        status, headers, body = fetch(base + "logo.png")
        assert "Content-Encoding" not in headers and body.startswith(b"\x89PNG")
        status, _, body = fetch(base + "no/such/page/")
        assert status == 404 and body == b"<h1>404</h1>"


def test_server_keeps_the_connection_open(tmp_path: Path) -> None:
    """Two files over one connection, as a browser fetches from GitHub Pages (HTTP/1.1 keep-alive)."""
    import http.client
    from urllib.parse import urlsplit

    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "site.css").write_text("p{color:red}", encoding="utf-8")
    with lighthouse.serve(tmp_path) as base:
        connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
        try:
            for path, body in (("/", b"<p>home</p>"), ("/site.css", b"p{color:red}")):
                connection.request("GET", path)
                response = connection.getresponse()
                assert response.status == 200 and response.version == 11
                assert response.read() == body
                assert response.getheader("Connection") != "close"
            assert connection.sock is not None  # still the first connection
        finally:
            connection.close()
