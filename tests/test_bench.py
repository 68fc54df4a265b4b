"""tests.bench: the synthetic sites it builds are valid projects in our format, and both builds get the same pages."""

from __future__ import annotations

import re
from pathlib import Path

from hooks.check import check
from hooks.kinds import generated_pages
from hooks.kinds import load as load_data
from tests.bench import Size, generate, phase_growth

TINY = Size("tiny", pages=6, terms=12, events=6, companies=3, runs=2, people=2)


def test_generated_site_has_no_errors_and_references_of_every_kind(tmp_path: Path) -> None:
    """The generated project passes the check, and each page makes references of every kind."""
    generate(TINY, tmp_path)
    errors, _ = check(tmp_path)
    assert errors == []
    for page in sorted((tmp_path / "docs" / "pages").glob("*.md")):
        kinds = set(re.findall(r"\[\[(term|company|event):", page.read_text(encoding="utf-8")))
        assert kinds == {"term", "company", "event"}, page.name


def test_plain_build_gets_the_generated_pages_as_files(tmp_path: Path) -> None:
    """The plain build's docs hold every page of the hooked build, the generated ones written out."""
    generate(TINY, tmp_path)
    data, problems = load_data(tmp_path)
    assert problems == []
    hooked = {p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs").rglob("*.md")}
    plain = {p.relative_to(tmp_path / "docs-plain").as_posix() for p in (tmp_path / "docs-plain").rglob("*.md")}
    assert plain == hooked | set(generated_pages(data))
    config = (tmp_path / "mkdocs-plain.yml").read_text(encoding="utf-8")
    assert "docs_dir: docs-plain" in config and "hooks:" not in config
    assert "mkdocs_hooks.py" in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")


def test_phase_growth_lists_each_phase_per_page_at_both_sizes() -> None:
    """Each phase's time is divided by the page count of its site, and the growth is their quotient."""
    small = {"size": Size("small", 100, 1, 1, 1, 1), "phases": {"load": 0.1, "check": 0.2}}
    large = {"size": Size("large", 1000, 1, 1, 1, 1), "phases": {"load": 1.0, "check": 3.0, "new": 0.5}}
    assert phase_growth(small, large) == [
        "  load                          1.000 ->  1.000 ms/page  (1.00x)",
        "  check                         2.000 ->  3.000 ms/page  (1.50x)",
        "  new                           0.000 ->  0.500 ms/page  (-)",
    ]
