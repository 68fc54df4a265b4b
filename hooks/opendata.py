"""Open data: every kind's records as JSON (data/glossary.json, …), the dated events as iCalendar, the word list as CSV.

Each JSON file holds its records with the keys of their data file (CONTRIBUTING §8, 'autolink' and
'reading_confirmed' left out, and a person's unconfirmed reading too),
the URL of the record on the site, its sources, the licence (CC BY 4.0) and the day it was generated. Markdown
fields keep their Markdown, with each [[kind:id]] reference made a link to the record's page. The calendar
holds one all-day event per event dated to the day; events known only to the month are left out.
No MkDocs here: the adapter passes a function from a page's source path to its URL.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .data import SOURCE_FIELDS
from .model import Markdown, SiteData, Source
from .refs import Ref, check_refs, replace_refs
from .render import md_escape
from .teaching import WORDLIST_CSV, wordlist_csv

LICENSE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.ja"}
LEFT_OUT = {"autolink", "reading_confirmed"}  # how the site links or sorts a record, not a fact about it


def generated_at(environ: dict = os.environ) -> datetime:
    """The time the files say they were made: SOURCE_DATE_EPOCH when set (reproducible builds), else now; UTC."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)


def files(data: SiteData, urls: dict[str, str], site_url: str, site_name: str, when: datetime | None = None) -> dict[str, bytes]:
    """Every file to publish, by its path in the site: one JSON file per kind, timeline.ics and the word list's CSV.

    ``urls`` maps each page's source path to its URL in the site; ``when`` is generated_at() unless given.
    """
    when = when or generated_at()

    def url_of(kind: str, ident: str) -> str:
        page, anchor = data.kinds[kind].page_of(ident)
        return urljoin(site_url or "", urls[page]) + (f"#{anchor}" if anchor else "")

    def text(markdown: Markdown, links: bool) -> str:
        _, refs = check_refs(markdown.text, markdown.origin, data)
        return replace_refs(markdown.text, refs, lambda ref: _ref_text(data, ref, url_of if links else None)).strip()

    out = {}
    for kind in data.kinds.values():
        records = []
        for record in data.table(kind.name).values():
            item = {}
            for field in kind.fields:
                value = getattr(record, field.attribute)
                if field.name == "reading" and not getattr(record, "reading_confirmed", True):
                    continue  # a reading no source confirms only sorts the site's index: not published as theirs
                if field.name not in LEFT_OUT and (value or not isinstance(value, (str, tuple))):
                    item[field.name] = _json_value(text(value, True) if isinstance(value, Markdown) else value)
            if kind.name == "event":
                item["people"] = [p.id for p in data.people.values() if record.id in p.events]
            records.append(item | {"url": url_of(kind.name, record.id)})
        about = {"site": site_name, "site_url": site_url, "license": LICENSE, "generated": when.date().isoformat()}
        body = json.dumps(about | {kind.top: records}, ensure_ascii=False, indent=2)
        out[f"data/{Path(kind.file).stem}.json"] = (body + "\n").encode("utf-8")
    out["data/timeline.ics"] = calendar(data, lambda e: text(e.summary, False), url_of, site_url, site_name, when)
    out[WORDLIST_CSV] = wordlist_csv(data, lambda ident: url_of("term", ident))
    return out


def _ref_text(data: SiteData, ref: Ref, url_of: Callable | None) -> str:
    """A reference as its text, or as a Markdown link to its record when ``url_of`` is given."""
    record = data.table(ref.kind).get(ref.id)
    label = ref.text if ref.text and ref.text.strip() else (record.label if record else ref.id)
    return f"[{md_escape(label)}]({url_of(ref.kind, ref.id)})" if url_of and record else label


def _json_value(value: object) -> object:
    """A field's value as JSON: sources as objects (empty keys left out), tuples as lists."""
    if isinstance(value, Source):
        return {field.name: getattr(value, field.name) for field in SOURCE_FIELDS if getattr(value, field.name)}
    return [_json_value(item) for item in value] if isinstance(value, tuple) else value


def calendar(data: SiteData, summary: Callable, url_of: Callable, site_url: str, site_name: str, when: datetime) -> bytes:
    """The events dated to the day as an iCalendar file (RFC 5545): all-day, with summary, sources and link."""
    host = urlsplit(site_url or "").hostname or "localhost"
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    note = (
        f"{site_name}の年表のうち、日付が日まで確かめられた出来事。月までしか確かめられない出来事は含めない。"
        f"ライセンス：{LICENSE['name']}（{LICENSE['url']}）。生成日：{when.date().isoformat()}。"
    )
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{_ics_escaped(site_name)}//timeline//JA", "CALSCALE:GREGORIAN"]
    lines += [f"X-WR-CALNAME:{_ics_escaped(site_name + '：年表')}", f"X-WR-CALDESC:{_ics_escaped(note)}"]
    for event in data.events.values():
        if len(event.date) != 10:
            continue
        day = date.fromisoformat(event.date)
        sources = "\n".join(
            f"出典：{s.publisher}「{s.title}」{f'（{s.date}）' if s.date else ''} {s.url}".rstrip() for s in event.sources
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.id}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_escaped(event.title)}",
            f"DESCRIPTION:{_ics_escaped(summary(event) + chr(10) * 2 + sources)}",
            f"URL:{url_of('event', event.id)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_folded(line) + "\r\n" for line in lines).encode("utf-8")


def _ics_escaped(text: str) -> str:
    """A TEXT value of iCalendar: backslash, ';', ',' and line breaks escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")


def _folded(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character."""
    pieces, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > (75 if not pieces else 74):
            pieces.append(current)
            current = ""
        current += char
    return "\r\n ".join([*pieces, current])
