"""Load glossary.yml, docs/data/timeline.yml and docs/data/companies.yml into checked records."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .matcher import fold
from .model import Company, Event, Item, Markdown, Origin, Problem, SiteData, Source, Term
from .refs import NOUN, WHERE, check_refs, closest, did_you_mean
from .safety import markdown_problems
from .yamlsrc import LineDict, LineList, parse_yaml, read_text

GLOSSARY = "glossary.yml"
TIMELINE = "docs/data/timeline.yml"
COMPANIES = "docs/data/companies.yml"

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
READING_RE = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー・ 　]+$")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
YEAR_RE = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Field:
    """One key of a record: its name, how its value is read, whether it must be there."""

    name: str
    read: Callable  # (reader, value, origin) -> parsed value or None after reporting
    required: bool = True


class Reader:
    """Reads the fields of one record, collecting problems instead of raising."""

    def __init__(self, file: str, lines: list[str], problems: list[Problem]) -> None:
        self.file = file
        self.lines = lines
        self.problems = problems
        self.what = ""

    def report(self, line: int, message: str, hint: str = "") -> None:
        """Record a problem about the current record."""
        self.problems.append(Problem(Origin(self.file, line), f"{self.what}: {message}", hint))

    def record(self, entry: object, fields: tuple[Field, ...], what: str, line: int) -> dict | None:
        """Read a mapping against its fields; unknown keys and missing required keys are problems."""
        self.what = what
        if not isinstance(entry, LineDict):
            self.report(line, "must be a mapping of keys to values.", "Start the entry with '- id: …'.")
            return None
        known = {f.name: f for f in fields}
        values: dict = {}
        meant: set[str] = set()  # fields a misspelt key was probably meant to be: not reported missing too
        for key, value in entry.items():
            key_line = entry.key_lines[key]
            if key not in known:
                missing = closest(str(key), [name for name in known if name not in entry])
                hint = f"Did you mean '{missing}'?" if missing else did_you_mean(str(key), known)
                meant.add(missing or "")
                self.report(
                    key_line,
                    f"unknown key '{key}'.",
                    f"{hint} Allowed keys: {', '.join(known)}." if hint else f"Allowed keys: {', '.join(known)}.",
                )
                continue
            if value is None:
                continue  # reported below as missing when required
            parsed = known[key].read(self, value, key_line, key)
            if parsed is not None:
                values[key] = parsed
        for spec in fields:
            if spec.required and entry.get(spec.name) is None and spec.name not in meant:
                where = entry.key_lines.get(spec.name, entry.line)
                self.report(where, f"'{spec.name}' is missing.", f"Add '{spec.name}: …' to this entry.")
        return values

    # Value readers. Each returns the parsed value, or None after reporting why it is wrong.

    def text(self, value: object, line: int, key: str) -> str | None:
        """A non-empty string."""
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
        self.report(line, f"'{key}' must be a non-empty text.", "Write the text after the colon.")
        return None

    def ident(self, value: object, line: int, key: str) -> str | None:
        """An id: lowercase ASCII letters, digits, single hyphens."""
        text = self.text(value, line, key)
        if text is not None and not ID_RE.match(text):
            self.report(
                line,
                f"'{key}' '{text}' is not a valid id.",
                "Use lowercase ASCII letters, digits and single hyphens, e.g. 'reasoning-model'.",
            )
            return None
        return text

    def sentence(self, value: object, line: int, key: str) -> str | None:
        """One Japanese sentence ending in 。 (used for tooltips)."""
        text = self.text(value, line, key)
        if text is None:
            return None
        if not text.endswith("。") or text.count("。") > 1 or "\n" in text:
            self.report(
                line,
                f"'{key}' must be one sentence on one line, ending in 「。」.",
                "Move further explanation to the longer text field.",
            )
            return None
        return text

    def reading(self, value: object, line: int, key: str) -> str | None:
        """A reading in kana, used for 五十音 order."""
        text = self.text(value, line, key)
        if text is not None and not READING_RE.match(text):
            self.report(line, f"'{key}' '{text}' must be written in kana only.", "e.g. reading: すいろんもでる")
            return None
        return text

    def markdown(self, value: object, line: int, key: str) -> Markdown | None:
        """Markdown text; a block scalar (|) starts on the line after its key."""
        text = self.text(value, line, key)
        if text is None:
            return None
        source_line = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if not re.search(r":\s*[|>][-+0-9]*\s*(#.*)?$", source_line):
            return Markdown(text, Origin(self.file, line))
        # A block scalar: take its lines as written, so references keep their line numbers even in
        # a folded (>) block, where YAML joins the lines.
        indent = len(source_line) - len(source_line.lstrip())
        block: list[str] = []
        # By index: slicing self.lines[line:] would copy the rest of the file for every block.
        for number in range(line, len(self.lines)):
            raw = self.lines[number]
            if raw.strip() and len(raw) - len(raw.lstrip()) <= indent:
                break
            block.append(raw)
        while block and not block[-1].strip():
            block.pop()
        margin = min((len(b) - len(b.lstrip()) for b in block if b.strip()), default=0)
        return Markdown("\n".join(b[margin:] for b in block) or text, Origin(self.file, line + 1))

    def texts(self, value: object, line: int, key: str) -> tuple[str, ...] | None:
        """A list of non-empty strings."""
        if not isinstance(value, LineList):
            self.report(line, f"'{key}' must be a list.", f"Write it as {key}: [a, b] or one '- item' per line.")
            return None
        items = [(self.text(item, item_line, key), item_line) for item, item_line in zip(value, value.item_lines)]
        return tuple(Item(item, item_line) for item, item_line in items if item is not None)

    def idents(self, value: object, line: int, key: str) -> tuple[str, ...] | None:
        """A list of ids (checked against the data later)."""
        items = self.texts(value, line, key)
        return None if items is None else tuple(items)

    def flag(self, value: object, line: int, key: str) -> bool | None:
        """true or false."""
        if isinstance(value, bool):
            return value
        self.report(line, f"'{key}' must be true or false.")
        return None

    def event_date(self, value: object, line: int, key: str) -> str | None:
        """YYYY-MM-DD, or YYYY-MM when only the month is known."""
        return self._date(value, line, key, (DAY_RE, MONTH_RE), "'YYYY-MM-DD', or 'YYYY-MM' when only the month is known")

    def any_date(self, value: object, line: int, key: str) -> str | None:
        """YYYY, YYYY-MM or YYYY-MM-DD."""
        return self._date(value, line, key, (DAY_RE, MONTH_RE, YEAR_RE), "'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'")

    def _date(self, value: object, line: int, key: str, forms: tuple, wanted: str) -> str | None:
        if isinstance(value, dt.date):
            value = value.isoformat()  # an unquoted 2025-01-20 arrives as a date
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not any(form.match(text) for form in forms):
            self.report(line, f"'{key}' '{value}' is not a date of the form {wanted}.", 'Quote it: date: "2025-01-20".')
            return None
        parts = [int(p) for p in text.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            self.report(line, f"'{key}' '{text}' is not a real calendar date.")
            return None
        return text

    def sources(self, value: object, line: int, key: str) -> tuple[Source, ...] | None:
        """A non-empty list of sources with publisher, title, https URL and optional date."""
        if not isinstance(value, LineList) or not value:
            self.report(
                line, f"'{key}' must be a list with at least one source.", "Add '- publisher: …, title: …, url: https://…'."
            )
            return None
        what = self.what
        found = []
        for number, (item, item_line) in enumerate(zip(value, value.item_lines), start=1):
            fields = self.record(item, SOURCE_FIELDS, f"{what}, source {number}", item_line)
            self.what = what
            if not fields or {"publisher", "title"} - fields.keys():
                continue  # the missing field was reported by record()
            found.append(
                Source(
                    fields["publisher"],
                    fields["title"],
                    fields.get("url", ""),
                    fields.get("date", ""),
                    Origin(self.file, item_line),
                )
            )
        return tuple(found)

    def url(self, value: object, line: int, key: str) -> str | None:
        """An https URL (sources are cited by their original publisher's address)."""
        text = self.text(value, line, key)
        if text is not None and not re.match(r"^https://[^\s/]+\.[^\s]+$", text):
            self.report(line, f"'{key}' '{text}' is not an https:// URL.", "Cite the https address of the original publisher.")
            return None
        return text


SOURCE_FIELDS = (
    Field("publisher", Reader.text),
    Field("title", Reader.text),
    Field("url", Reader.url, required=False),
    Field("date", Reader.any_date, required=False),
)
TERM_FIELDS = (
    Field("id", Reader.ident),
    Field("ja", Reader.text),
    Field("en", Reader.text),
    Field("reading", Reader.reading),
    Field("aliases", Reader.texts, required=False),
    Field("short", Reader.sentence),
    Field("definition", Reader.markdown),
    Field("related", Reader.idents, required=False),
    Field("autolink", Reader.flag, required=False),
    Field("sources", Reader.sources),
)
EVENT_FIELDS = (
    Field("id", Reader.ident),
    Field("date", Reader.event_date),
    Field("title", Reader.text),
    Field("summary", Reader.markdown),
    Field("companies", Reader.idents, required=False),
    Field("terms", Reader.idents, required=False),
    Field("sources", Reader.sources),
)
COMPANY_FIELDS = (
    Field("id", Reader.ident),
    Field("name", Reader.text),
    Field("name_en", Reader.text),
    Field("name_local", Reader.text, required=False),
    Field("kind", Reader.text),
    Field("aliases", Reader.texts, required=False),
    Field("summary", Reader.sentence),
    Field("founded", Reader.any_date, required=False),
    Field("announced", Reader.any_date, required=False),
    Field("headquarters", Reader.text),
    Field("leaders", Reader.texts),
    Field("products", Reader.texts, required=False),
    Field("role", Reader.markdown),
    Field("sources", Reader.sources),
)


def _entries(doc: object, file: str, top: str, problems: list[Problem]) -> list[tuple[object, int]] | None:
    """The list under the file's top-level key, with the line of each entry; None when there is no such list."""
    if doc is None:
        problems.append(Problem(Origin(file, 1), "the file is empty.", f"Start it with '{top}:' and a list of entries."))
        return None
    if not isinstance(doc, LineDict):
        problems.append(
            Problem(
                Origin(file, getattr(doc, "line", 1) or 1),
                f"the file must have a top-level key '{top}:' holding a list.",
                f"Write '{top}:' on the first line, then '  - id: …' entries.",
            )
        )
        return None
    for key in doc:
        if key != top:
            meant = did_you_mean(str(key), [top]) if top not in doc else ""
            problems.append(
                Problem(
                    Origin(file, doc.key_lines[key]),
                    f"unknown top-level key '{key}'.",
                    f"{meant} Only '{top}:' is allowed." if meant else f"Only '{top}:' is allowed.",
                )
            )
    if top not in doc:
        if all(key == top for key in doc):  # an empty mapping
            problems.append(Problem(Origin(file, 1), f"the file has no top-level key '{top}:'.", f"Write '{top}:' first."))
        return None
    items = doc[top]
    if not isinstance(items, LineList):
        problems.append(
            Problem(Origin(file, doc.key_lines[top]), f"'{top}' must be a list of entries.", "Start each entry with '  - id: …'.")
        )
        return None
    return list(zip(items, items.item_lines))


def _read_file(
    root: Path, file: str, top: str, fields: tuple[Field, ...], noun: str, problems: list[Problem], data: SiteData
) -> list[tuple[dict, int]]:
    """Read every entry of one data file into field dicts with their lines.

    A file that gives no list of entries makes its kind unavailable: its own problem says what is
    wrong, and references to its records are not reported one by one. An entry with a fault keeps
    its id (in data.failed), so what names it is not reported as well.
    """
    text, found = read_text(root / file, file)
    doc = None
    if text is not None:
        doc, found = parse_yaml(text, file)
    problems.extend(found)
    entries = _entries(doc, file, top, problems) if text is not None and (doc is not None or not found) else None
    if entries is None:
        data.unavailable.add(noun)  # noun is the record kind: term, company or event
        return []
    reader = Reader(file, text.splitlines(), problems)
    records = []
    for number, (entry, line) in enumerate(entries, start=1):
        label = entry.get("id") if isinstance(entry, LineDict) else None
        what = f"{noun} '{label}'" if isinstance(label, str) else f"{noun} #{number}"
        values = reader.record(entry, fields, what, line)
        if values is not None and all(f.name in values for f in fields if f.required):
            records.append((values, line))
        elif isinstance(label, str):
            data.failed.setdefault(noun, set()).add(label)
    return records


# Each data file: its path, top-level key, fields, record kind and record class. Keys of the file
# are the record's fields, except a company's 'kind', which is stored as kind_label.
SOURCES_OF_RECORDS = (
    (GLOSSARY, "terms", TERM_FIELDS, "term", Term),
    (COMPANIES, "companies", COMPANY_FIELDS, "company", Company),
    (TIMELINE, "events", EVENT_FIELDS, "event", Event),
)
RENAMED = {"kind": "kind_label"}


def load_data(root: Path) -> tuple[SiteData, list[Problem]]:
    """Load and check all data files under ``root``; every problem is returned, nothing is raised."""
    problems: list[Problem] = []
    data = SiteData()
    for file, top, fields, kind, record in SOURCES_OF_RECORDS:
        for values, line in _read_file(root, file, top, fields, kind, problems, data):
            arguments = {RENAMED.get(key, key): value for key, value in values.items()}
            _add(data.table(kind), record(**arguments, origin=Origin(file, line)), problems)
    problems.extend(cross_check(data))
    return data, problems


def _add(table: dict, record: Term | Company | Event, problems: list[Problem]) -> None:
    """Add a record unless its id is taken."""
    first = table.get(record.id)
    if first is not None:
        problems.append(
            Problem(
                record.origin,
                f"duplicate {NOUN[record.kind]} id '{record.id}' (first defined at {first.origin}).",
                "Give each entry its own id.",
            )
        )
        return
    table[record.id] = record


def _at(record: Term | Company | Event, item: str) -> Origin:
    """Where a list item of a record is written: its own line when known, else the record's."""
    return Origin(record.origin.file, item.line) if isinstance(item, Item) and item.line else record.origin


def cross_check(data: SiteData) -> list[Problem]:
    """Checks across records: unique spellings, ids that exist, event order, references in Markdown."""
    problems: list[Problem] = []
    owners: dict[str, Term | Company] = {}
    for record in [*data.terms.values(), *data.companies.values()]:
        for spelling in dict.fromkeys(record.surfaces):
            key = fold(spelling)
            other = owners.setdefault(key, record)
            if other is not record:
                problems.append(
                    Problem(
                        _at(record, spelling),
                        f"{NOUN[record.kind]} '{record.id}': the spelling '{spelling}' also belongs to "
                        f"{NOUN[other.kind]} '{other.id}' ({other.origin}).",
                        "A spelling may belong to one entry only; remove it from one of them.",
                    )
                )

    def exists(kind: str, ids: tuple[str, ...], owner: Term | Event, field: str) -> None:
        for ident in ids:
            if not data.known(kind, ident):
                hint = did_you_mean(ident, data.table(kind)) or f"Add it to {WHERE[kind]} or fix the id."
                problems.append(
                    Problem(
                        _at(owner, ident),
                        f"{NOUN[owner.kind]} '{owner.id}': '{field}' names '{ident}', which is not a {NOUN[kind]} id.",
                        hint,
                    )
                )

    for term in data.terms.values():
        exists("term", term.related, term, "related")
        if term.id in term.related:
            itself = next(r for r in term.related if r == term.id)
            problems.append(Problem(_at(term, itself), f"glossary term '{term.id}' lists itself in 'related'.", "Remove it."))
    previous: Event | None = None
    for event in data.events.values():
        exists("company", event.companies, event, "companies")
        exists("term", event.terms, event, "terms")
        if previous is not None and event.date < previous.date:
            problems.append(
                Problem(
                    event.origin,
                    f"timeline event '{event.id}' ({event.date}) comes after '{previous.id}' ({previous.date}) but is earlier.",
                    "Keep events in chronological order in the file.",
                )
            )
        previous = event
    for text in markdown_fields(data):
        found, _ = check_refs(text.text, text.origin, data)
        problems.extend(found)
        problems.extend(markdown_problems(text.text, text.origin, raw_html=False))
    return problems


def markdown_fields(data: SiteData) -> list[Markdown]:
    """Every Markdown text stored in the data files."""
    return [
        *(t.definition for t in data.terms.values()),
        *(c.role for c in data.companies.values()),
        *(e.summary for e in data.events.values()),
    ]
