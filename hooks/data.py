"""Load the data files of every kind of record (hooks.kinds) into checked records."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .matcher import fold
from .model import Item, Markdown, Origin, Problem, Record, SiteData, Source
from .refs import check_refs, closest, did_you_mean
from .safety import markdown_problems
from .words import calendar_advice, date_advice, id_advice, q
from .yamlsrc import LineDict, LineList, parse_yaml, read_text

if TYPE_CHECKING:  # hooks.kinds imports this module
    from .kinds import Kind

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
READING_RE = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー・ 　]+$")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
YEAR_RE = re.compile(r"^\d{4}$")


REQUIRED = object()  # the default of a field that has none: its key must be written


@dataclass(frozen=True)
class Field:
    """One key of a record: its name, how its value is read, and the value it takes when it may be left out."""

    name: str
    read: Callable  # (reader, value, line, key) -> parsed value, or None after reporting
    default: object = REQUIRED
    refers_to: str = ""  # for a list of ids: the kind they name
    attr: str = ""  # the record's attribute, when it is not the key's name

    @property
    def required(self) -> bool:
        """Whether its key must be written."""
        return self.default is REQUIRED

    @property
    def attribute(self) -> str:
        """The name of the record's attribute that holds the value."""
        return self.attr or self.name


class Reader:
    """Reads the fields of one record, collecting problems instead of raising."""

    def __init__(self, file: str, lines: list[str], problems: list[Problem]) -> None:
        self.file = file
        self.lines = lines
        self.problems = problems
        self.what = ""

    def report(self, line: int, message: str, hint: str = "") -> None:
        """Record a problem about the current record."""
        self.problems.append(Problem(Origin(self.file, line), f"{self.what}：{message}", hint))

    def record(self, entry: object, fields: tuple[Field, ...], what: str, line: int) -> dict | None:
        """A mapping's values by key, read against its fields (the default of one left out); unknown and missing keys are problems."""
        self.what = what
        if not isinstance(entry, LineDict):
            self.report(line, "「キー: 値」の形で書かれていない。", "項目は「- id: …」で始める。")
            return None
        known = {f.name: f for f in fields}
        values = {f.name: f.default for f in fields if not f.required}
        meant: set[str] = set()  # fields a misspelt key was probably meant to be: not reported missing too
        for key, value in entry.items():
            key_line = entry.key_lines[key]
            if key not in known:
                missing = closest(str(key), [name for name in known if name not in entry])
                hint = f"{q(missing)} の書き間違いではないか。" if missing else did_you_mean(str(key), known)
                if missing:
                    meant.add(missing)
                self.report(key_line, f"キー {q(key)} は使えない。", f"{hint}使えるキーは {', '.join(known)} である。")
                continue
            if value is None:
                continue  # reported below as missing when required
            parsed = known[key].read(self, value, key_line, key)
            if parsed is not None:
                values[key] = parsed
        for spec in fields:
            if spec.required and entry.get(spec.name) is None and spec.name not in meant:
                where = entry.key_lines.get(spec.name, entry.line)
                self.report(where, f"{q(spec.name)} がない。", f"この項目に「{spec.name}: …」を書き足す。")
        return values

    # Value readers. Each returns the parsed value, or None after reporting why it is wrong.

    def text(self, value: object, line: int, key: str) -> str | None:
        """A non-empty string."""
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
        if isinstance(value, (dt.date, bool)):
            # YAML read it as a date or as true/false: quoting it keeps it as written.
            written, read_as = self.as_written(line, key, value), "日付" if isinstance(value, dt.date) else "真偽値"
            self.report(
                line, f"{q(key)} の {q(written)} が文字ではなく{read_as}として読まれた。", f"{q(written)} のように引用符で囲む。"
            )
        elif isinstance(value, (LineList, LineDict)):
            self.report(line, f"{q(key)} がリストか「キー: 値」の形になっている。", "コロンの後に1つの文として書く。")
        else:
            self.report(line, f"{q(key)} の値が空である。", "値を書くか、空の項目を消す。")
        return None

    def ident(self, value: object, line: int, key: str) -> str | None:
        """An id: lowercase ASCII letters, digits, single hyphens."""
        text = self.text(value, line, key)
        if text is not None and not ID_RE.match(text):
            self.report(line, f"{q(key)} の {q(text)} は id に使えない。", id_advice(text))
            return None
        return text

    def sentence(self, value: object, line: int, key: str) -> str | None:
        """One Japanese sentence ending in 。 (used for tooltips)."""
        text = self.text(value, line, key)
        if text is None:
            return None
        if not text.endswith("。") or text.count("。") > 1 or "\n" in text:
            if "\n" in text:
                hint = "1行にまとめる。"
            elif not text.endswith("。"):
                hint = "文の終わりに「。」を付ける。"
            else:
                hint = "2文目からは長い説明の欄に移す。"
            self.report(line, f"{q(key)} が「。」で終わる1行の1文になっていない。", hint)
            return None
        return text

    def reading(self, value: object, line: int, key: str) -> str | None:
        """A reading in kana, used for 五十音 order."""
        text = self.text(value, line, key)
        if text is not None and not READING_RE.match(text):
            self.report(line, f"{q(key)} の {q(text)} にかな以外の文字がある。", "ひらがなかカタカナだけで書く。")
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
        for raw in self.lines[line:]:
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
            written = value if isinstance(value, str) and value.strip() else "…"
            self.report(
                line,
                f"{q(key)} がリストになっていない。",
                f"{key}: [{written}] のように [ ] で囲むか、1行に1つずつ「- 」で書く。",
            )
            return None
        items = [(self.text(item, item_line, key), item_line) for item, item_line in zip(value, value.item_lines)]
        return tuple(Item(item, item_line) for item, item_line in items if item is not None)

    idents = texts  # a list of ids, read as texts; cross_check finds those that name no record

    def flag(self, value: object, line: int, key: str) -> bool | None:
        """true or false."""
        if isinstance(value, bool):
            return value
        self.report(line, f"{q(key)} の値 {q(value)} は true でも false でもない。", "true か false を書く。")
        return None

    def event_date(self, value: object, line: int, key: str) -> str | None:
        """YYYY-MM-DD, or YYYY-MM when only the month is known."""
        return self._checked_date(value, line, key, (DAY_RE, MONTH_RE), year_allowed=False)

    def any_date(self, value: object, line: int, key: str) -> str | None:
        """YYYY, YYYY-MM or YYYY-MM-DD."""
        return self._checked_date(value, line, key, (DAY_RE, MONTH_RE, YEAR_RE), year_allowed=True)

    def _checked_date(self, value: object, line: int, key: str, forms: tuple, year_allowed: bool) -> str | None:
        # An unquoted 2025-01-20 arrives as a date: it is taken as written (CONTRIBUTING: quotes are optional).
        written = self.as_written(line, key, value)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = value.isoformat()
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not any(form.match(text) for form in forms):
            self.report(line, f"{q(key)} の {q(written)} は日付の形になっていない。", date_advice(value, True, year_allowed))
            return None
        parts = [int(p) for p in text.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            self.report(line, f"{q(key)} の {q(text)} は暦にない日付である。", calendar_advice(text))
            return None
        return text

    def as_written(self, line: int, key: str, value: object) -> str:
        """A value as it is written on its line (quotes dropped), for messages; the value read when the line does not hold it."""
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        found = re.match(rf"\s*(?:-\s+)?{re.escape(str(key))}\s*:\s*(.*?)\s*(?:#.*)?$", source)
        raw = found.group(1) if found else ""
        if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "'\"":
            raw = raw[1:-1]
        return raw or str(value)

    def sources(self, value: object, line: int, key: str) -> tuple[Source, ...] | None:
        """A non-empty list of sources with publisher, title, https URL and optional date."""
        if not isinstance(value, LineList) or not value:
            self.report(
                line,
                f"{q(key)} に出典のリストがない。",
                "「- publisher: …」「title: …」「url: https://…」の形で出典を1つ以上書く。",
            )
            return None
        what = self.what
        found = []
        for number, (item, item_line) in enumerate(zip(value, value.item_lines), start=1):
            space = " " if what.endswith('"') else ""  # 用語 "llm" の出典1, 用語の2番目の項目の出典1
            fields = self.record(item, SOURCE_FIELDS, f"{what}{space}の出典{number}", item_line)
            self.what = what
            if not fields or {"publisher", "title"} - fields.keys():
                continue  # the missing field was reported by record()
            found.append(Source(**fields, origin=Origin(self.file, item_line)))
        return tuple(found)

    def url(self, value: object, line: int, key: str) -> str | None:
        """An https URL (sources are cited by their original publisher's address)."""
        text = self.text(value, line, key)
        if text is not None and not re.match(r"^https://[^\s/]+\.[^\s]+$", text):
            https = "https://" + text.removeprefix("http://") if text.startswith("http://") else ""
            hint = f"{q(https)} のように https で書く。" if https else "発行元の https:// で始まるアドレスを書く。"
            self.report(line, f"{q(key)} の {q(text)} は https:// で始まるアドレスではない。", hint)
            return None
        return text


SOURCE_FIELDS = (
    Field("publisher", Reader.text),
    Field("title", Reader.text),
    Field("url", Reader.url, default=""),
    Field("date", Reader.any_date, default=""),
)


def _entry_list(doc: object, file: str, top: str, problems: list[Problem]) -> list[tuple[object, int]] | None:
    """The list under the file's top-level key, with the line of each entry; None when there is no such list."""

    def fault(line: int, message: str, hint: str) -> None:
        problems.append(Problem(Origin(file, line), message, hint))

    if doc is None:
        fault(1, "ファイルが空である。", f"1行目に「{top}:」と書き、その下に項目を並べる。")
        return None
    if not isinstance(doc, LineDict):
        where = getattr(doc, "line", 1) or 1
        fault(
            where,
            f"ファイルの一番上が、項目のリストを持つ「{top}:」になっていない。",
            f"1行目に「{top}:」と書き、その下に「  - id: …」の項目を並べる。",
        )
        return None
    for key in doc:
        if key != top:
            meant = did_you_mean(str(key), [top]) if top not in doc else ""
            fault(doc.key_lines[key], f"一番上のキー {q(key)} は使えない。", f"{meant}一番上に書けるのは「{top}:」だけである。")
    if top not in doc:
        if not doc:  # an empty mapping: no key to report as misspelt
            fault(1, f"一番上のキー「{top}:」がない。", f"最初に「{top}:」と書く。")
        return None
    items = doc[top]
    if not isinstance(items, LineList):
        fault(doc.key_lines[top], f"{q(top)} が項目のリストになっていない。", "各項目を「  - id: …」で始める。")
        return None
    return list(zip(items, items.item_lines))


def _read_records(root: Path, kind: Kind, problems: list[Problem], data: SiteData) -> list[Record]:
    """The records of one kind's data file that are written whole, in file order.

    A file that gives no list of entries makes its kind unavailable: its own problem says what is
    wrong, and references to its records are not reported one by one. An entry with a fault keeps
    its id (in data.failed), so what names it is not reported as well.
    """
    text, found = read_text(root / kind.file, kind.file)
    doc = None
    if text is not None:
        doc, found = parse_yaml(text, kind.file)
    problems.extend(found)
    unreadable = text is None or (doc is None and found)  # an empty file is readable: _entry_list says it is empty
    entries = None if unreadable else _entry_list(doc, kind.file, kind.top, problems)
    if entries is None:
        data.unavailable.add(kind.name)
        return []
    reader = Reader(kind.file, text.splitlines(), problems)
    records = []
    for number, (entry, line) in enumerate(entries, start=1):
        label = entry.get("id") if isinstance(entry, LineDict) else None
        what = f"{kind.noun} {q(label)}" if isinstance(label, str) else f"{kind.noun}の{number}番目の項目"
        values = reader.record(entry, kind.fields, what, line)
        if values is not None and all(f.name in values for f in kind.fields):
            attributes = {f.attribute: values[f.name] for f in kind.fields}
            records.append(kind.record(**attributes, origin=Origin(kind.file, line)))
        elif isinstance(label, str):
            data.failed.setdefault(kind.name, set()).add(label)
    return records


def load_data(root: Path, kinds: tuple[Kind, ...]) -> tuple[SiteData, list[Problem]]:
    """Load and check the data file of every kind under ``root``; every problem is returned, nothing is raised."""
    problems: list[Problem] = []
    data = SiteData(kinds={kind.name: kind for kind in kinds})
    for kind in kinds:
        table = data.table(kind.name)
        if kind.optional and not (root / kind.file).exists():
            continue
        for record in _read_records(root, kind, problems, data):
            _add_unless_taken(data, table, record, problems)
    problems.extend(cross_check(data))
    return data, problems


def keep_last_good(data: SiteData, last_good: dict[str, dict[str, Record]]) -> list[str]:
    """While serving: each kind whose file has a fault shows its records of the last load without one; those files.

    ``last_good`` lives as long as the server and is updated here with every file that loads without a fault.
    The problems stay those of the strict build: they were found before, on the file as written.
    """
    kept = []
    for kind in data.kinds.values():
        if kind.name not in data.unavailable and not data.failed.get(kind.name):
            last_good[kind.name] = dict(data.table(kind.name))
        elif kind.name in last_good:
            # The records read whole this time stay known ids (nothing that names them is reported, as in the
            # strict build), though the pages show the last good records until the file is fixed.
            data.failed.setdefault(kind.name, set()).update(data.table(kind.name))
            data.records[kind.name] = dict(last_good[kind.name])
            kept.append(kind.file)
    return kept


def _add_unless_taken(data: SiteData, table: dict, record: Record, problems: list[Problem]) -> None:
    """Add a record unless its id is taken."""
    first = table.get(record.id)
    if first is not None:
        problems.append(
            Problem(
                record.origin,
                f"{data.kinds[record.kind].noun}の id {q(record.id)} が2回使われている（1回目は {first.origin}）。",
                "項目ごとに別の id を付ける。",
            )
        )
        return
    table[record.id] = record


def _origin_of_item(record: Record, item: str) -> Origin:
    """Where a list item of a record is written: its own line when known, else the record's."""
    return Origin(record.origin.file, item.line) if isinstance(item, Item) and item.line else record.origin


def cross_check(data: SiteData) -> list[Problem]:
    """Checks across records: unique spellings, ids that exist, order, references and safety of Markdown fields."""
    problems: list[Problem] = []
    owners: dict[str, Record] = {}
    # Names first, then aliases: when an alias spells another record's name, the alias is the one reported.
    spellings = [
        (position, record, spelling)
        for kind in data.kinds.values()
        if kind.autolink
        for record in data.table(kind.name).values()
        for position, spelling in enumerate(dict.fromkeys(record.surfaces))
    ]
    for _, record, spelling in sorted(spellings, key=lambda found: found[0] > 0):
        other = owners.setdefault(fold(spelling), record)
        if other is not record:
            problems.append(
                Problem(
                    _origin_of_item(record, spelling),
                    f"{data.kinds[record.kind].noun} {q(record.id)}：表記 {q(spelling)} は"
                    f"{data.kinds[other.kind].noun} {q(other.id)}（{other.origin}）にもある。",
                    "1つの表記は1つの項目にしか使えないので、どちらかから消す。",
                )
            )
    for kind in data.kinds.values():
        previous = None
        for record in data.table(kind.name).values():
            for field in kind.fields:
                if field.refers_to:
                    problems.extend(_id_problems(data, kind, record, field))
            if kind.chronological and previous is not None and record.date < previous.date:
                problems.append(
                    Problem(
                        record.origin,
                        f"{kind.noun} {q(record.id)}（{record.date}）が {q(previous.id)}（{previous.date}）の後に"
                        "書かれているが、日付はそれより前である。",
                        f"{q(record.id)} を {q(previous.id)} より前に移し、日付の順に並べる。",
                    )
                )
            previous = record
    for text in markdown_fields(data):
        found, _ = check_refs(text.text, text.origin, data)
        problems.extend(found)
        problems.extend(markdown_problems(text.text, text.origin, raw_html=False))
    return problems


def _id_problems(data: SiteData, kind: Kind, record: Record, field: Field) -> list[Problem]:
    """The ids in one list field of a record that name no record of the kind they refer to (or the record itself)."""
    target = data.kinds[field.refers_to]
    problems = []
    for ident in getattr(record, field.attribute):
        if field.refers_to == kind.name and ident == record.id:
            problems.append(
                Problem(
                    _origin_of_item(record, ident),
                    f"{kind.noun} {q(record.id)} が {q(field.name)} に自分自身を挙げている。",
                    f"{q(ident)} を消す。",
                )
            )
        elif not data.known(target.name, ident):
            hint = did_you_mean(ident, data.ids(target.name)) or f"{target.file} に書き足すか、id を直す。"
            problems.append(
                Problem(
                    _origin_of_item(record, ident),
                    f"{kind.noun} {q(record.id)}：{q(field.name)} の {q(ident)} という{target.noun}の id はない。",
                    hint,
                )
            )
    return problems


def markdown_fields(data: SiteData, src: str | None = None) -> list[Markdown]:
    """Every Markdown text stored in the data files, or only those shown on the generated page ``src``."""
    return [
        getattr(record, field.attribute)
        for kind in data.kinds.values()
        for record in data.table(kind.name).values()
        if src is None or kind.page_of(record.id)[0] == src
        for field in kind.fields
        if field.read is Reader.markdown
    ]
