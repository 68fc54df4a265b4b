"""The starters in .github/starters/: a data starter pasted as it is fails the check at each sample value left, and
loads without an error once those values are written."""

from __future__ import annotations

import shutil
from pathlib import Path

from hooks.build import Build, split
from tests.fixtures import REPO, edit, line_of

PERSON = (REPO / ".github" / "starters" / "person.yml").read_text(encoding="utf-8")
# The sample values the starter says `make check` reports when they are left as they are, and what a writer puts in.
PERSON_FILLED = (
    ("reading: （かなの読み）", "reading: れい"),
    ("companies: [company-id]", "companies: [openai]"),
    ("events: [event-id]", "events: [deepseek-r1-release]"),
    ("url: https://…", "url: https://example.org/person"),
    ('date: "YYYY-MM-DD"', 'date: "2025-01-20"'),
)


def _with_person(root: Path, entry: str) -> tuple[str, int]:
    """The real data files under root, with the entry pasted at the end of people.yml; that file and the entry's first line."""
    shutil.copy(REPO / "glossary.yml", root / "glossary.yml")
    shutil.copytree(REPO / "docs" / "data", root / "docs" / "data")
    people = root / "docs" / "data" / "people.yml"
    before = people.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    people.write_text(before + entry, encoding="utf-8")
    return "docs/data/people.yml", before.count("\n")


def _error_lines(root: Path, file: str) -> set[int]:
    """The lines of a file at which the build reports an error."""
    errors, _ = split(Build(root).problems)
    return {p.origin.line for p in errors if p.origin.file == file}


def test_person_starter_as_pasted_fails_at_its_sample_values(tmp_path: Path) -> None:
    """Each sample value left in the person starter is an error at its line (the reading first: the record fails with it)."""
    entry = PERSON.split("people:\n", 1)[1]
    file, start = _with_person(tmp_path, entry)
    expected = {start + line_of(entry, key) for key in ("reading: （", "url: https://…", 'date: "YYYY')}
    assert _error_lines(tmp_path, file) == expected
    # With a reading, the record is read, and the ids left as samples name nothing.
    with_reading = edit(entry, PERSON_FILLED[0])
    (tmp_path / file).write_text((tmp_path / file).read_text(encoding="utf-8").replace(entry, with_reading), encoding="utf-8")
    expected = {
        start + line_of(with_reading, key)
        for key in ("companies: [company-id]", "events: [event-id]", "url: https://…", 'date: "YYYY')
    }
    assert _error_lines(tmp_path, file) == expected


def test_person_starter_filled_in_loads(tmp_path: Path) -> None:
    """The starter with its sample values written loads without an error, and the person gets a page."""
    entry = edit(PERSON.split("people:\n", 1)[1], *PERSON_FILLED)
    file, _ = _with_person(tmp_path, entry)
    assert _error_lines(tmp_path, file) == set()
    assert "people/example-person.md" in Build(tmp_path).records.generated
