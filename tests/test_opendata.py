"""Open data (issue 19, point 3): each published file parses, fits its schema, and says what the data files say."""

from __future__ import annotations

import copy
import json
import os
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
from jsonschema import Draft202012Validator
from mkdocs.config import load_config

from hooks import opendata
from hooks.kinds import load
from hooks.model import Markdown, Source
from hooks.refs import REF
from tests.conftest import ROOT
from tests.fixtures import make_data, make_event

SCHEMA = json.loads((ROOT / "tests" / "schemas" / "opendata.schema.json").read_text(encoding="utf-8"))
FILES = {"term": "glossary.json", "event": "timeline.json", "company": "companies.json", "person": "people.json"}
LINK = re.compile(r"\[(?:[^\]\\]|\\.)*\]\(([^)\s]+)\)")  # a Markdown link and its target


@pytest.fixture(scope="module")
def records():
    """The records as the build reads them from the data files."""
    data, problems = load(ROOT)
    assert not problems
    return data


def published(site: Path, name: str) -> dict:
    """One JSON file of the built site's data/ folder."""
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def page_of(site: Path, site_url: str, url: str) -> tuple[str, str]:
    """The built page's HTML and the anchor that a record's absolute URL points at."""
    assert url.startswith(site_url), url
    path, _, anchor = url.removeprefix(site_url).partition("#")
    return (site / path / "index.html").read_text(encoding="utf-8"), anchor


def points_at(site: Path, site_url: str, url: str, kind, ident: str) -> bool:
    """Whether a URL leads to the page of the record (kind, id), and to its element when it is an anchor."""
    markup, anchor = page_of(site, site_url, url)
    page, want = kind.page_of(ident)
    path = url.removeprefix(site_url).partition("#")[0].rstrip("/")
    return (
        path == page.removesuffix(".md").removesuffix("/index").removesuffix("index")
        and anchor == want
        and (not anchor or f'id="{anchor}"' in markup)
    )


def sources_of(sources: tuple[Source, ...]) -> list[dict]:
    """The sources as the files write them: empty keys left out."""
    return [
        {k: v for k, v in (("publisher", s.publisher), ("title", s.title), ("url", s.url), ("date", s.date)) if v}
        for s in sources
    ]


def test_json_files_fit_the_schema(built_site: Path) -> None:
    """Every JSON file is valid against the schema; a file with a record missing its id, an unknown key or another licence is not."""
    validator = Draft202012Validator(SCHEMA)
    Draft202012Validator.check_schema(SCHEMA)
    for name in FILES.values():
        document = published(built_site, name)
        validator.validate(document)
        top = next(key for key in ("terms", "events", "companies", "people") if key in document)
        assert document[top], f"{name} has no records"
        for change in (
            lambda d, top=top: d[top][0].pop("id"),
            lambda d, top=top: d[top][0].update(extra=1),
            lambda d: d["license"].update(name="CC0"),
        ):
            broken = copy.deepcopy(document)
            change(broken)
            assert not validator.is_valid(broken), name


def test_json_files_hold_the_records_of_the_data_files(built_site: Path, records) -> None:
    """Each file lists its kind's records in file order, every field as read from YAML, with the licence and date."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    today = datetime.fromtimestamp(int(epoch), timezone.utc).date() if epoch else datetime.now(timezone.utc).date()
    for kind_name, name in FILES.items():
        kind = records.kinds[kind_name]
        document = published(built_site, name)
        assert document["license"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.ja"}
        assert (document["site"], document["site_url"]) == (config.site_name, config.site_url)
        assert date.fromisoformat(document["generated"]) in (today, today - timedelta(days=1))
        items = document[kind.top]
        assert [item["id"] for item in items] == list(records.table(kind_name)), name
        for item in items:
            record = records.table(kind_name)[item["id"]]
            assert points_at(built_site, config.site_url, item["url"], kind, record.id), item["url"]
            for field in kind.fields:
                value = getattr(record, field.attribute)
                where = f"{name}: {record.id}.{field.name}"
                unconfirmed = field.name == "reading" and not getattr(record, "reading_confirmed", True)
                if field.name in opendata.LEFT_OUT or value in ("", ()) or unconfirmed:
                    assert field.name not in item, where
                elif isinstance(value, Markdown):
                    check_markdown(item[field.name], value.text, built_site, config.site_url, records, where)
                elif field.name == "sources":
                    assert item["sources"] == sources_of(value), where
                else:
                    assert item[field.name] == (list(value) if isinstance(value, tuple) else value), where
            if kind_name == "event":
                assert item["people"] == [p.id for p in records.people.values() if record.id in p.events]


def check_markdown(published_text: str, source: str, site: Path, site_url: str, records, where: str) -> None:
    """A Markdown field: the source's text around its references unchanged, each reference a link to its record."""
    assert "[[" not in published_text, where
    assert LINK.sub("\0", published_text) == REF.sub("\0", source).strip(), where
    targets = LINK.findall(published_text)
    refs = list(REF.finditer(source))
    assert len(targets) == len(refs), where
    for url, ref in zip(targets, refs):
        kind = records.kinds[ref.group("kind").strip()]
        assert points_at(site, site_url, url, kind, ref.group("id").strip()), f"{where}: {url}"


def test_calendar_has_one_event_per_day_dated_event(built_site: Path, records) -> None:
    """timeline.ics parses with icalendar; its events are the timeline's day-dated ones, in order, with title, day, sources and link."""
    raw = (built_site / "data" / "timeline.ics").read_bytes()
    assert raw.endswith(b"\r\n") and all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded at 75 octets"
    calendar = icalendar.Calendar.from_ical(raw)
    assert "CC BY 4.0" in str(calendar["X-WR-CALDESC"])
    links = {item["id"]: item["url"] for item in published(built_site, "timeline.json")["events"]}
    dated = [event for event in records.events.values() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", event.date)]
    vevents = calendar.walk("VEVENT")
    assert [str(v["UID"]).partition("@")[0] for v in vevents] == [event.id for event in dated]
    for vevent, event in zip(vevents, dated):
        day = date.fromisoformat(event.date)
        assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (day, day + timedelta(days=1))
        assert str(vevent["SUMMARY"]) == event.title
        assert str(vevent["URL"]) == links[event.id]
        description = str(vevent["DESCRIPTION"])
        assert "[[" not in description
        for source in event.sources:
            assert source.publisher in description and source.title in description and source.url in description


def test_files_are_reproducible_and_month_only_events_stay_out_of_the_calendar() -> None:
    """With SOURCE_DATE_EPOCH the files are the same bytes each time; text with iCalendar's special characters comes back whole."""
    title = "A, B; C\\nD"
    data = make_data(events=[make_event("month", "2025-01", "月だけ"), make_event("day", "2025-01-20", title)])
    urls = {"timeline.md": "timeline/", "glossary.md": "glossary/"}
    when = opendata.generated_at({"SOURCE_DATE_EPOCH": "1737331200"})
    assert when == datetime(2025, 1, 20, tzinfo=timezone.utc)
    first = opendata.files(data, urls, "https://example.org/", "サイト", when)
    assert first == opendata.files(data, urls, "https://example.org/", "サイト", when)
    assert json.loads(first["data/timeline.json"])["generated"] == "2025-01-20"
    assert [e["id"] for e in json.loads(first["data/timeline.json"])["events"]] == ["month", "day"]
    calendar = icalendar.Calendar.from_ical(first["data/timeline.ics"])
    (vevent,) = calendar.walk("VEVENT")
    assert (str(vevent["UID"]), str(vevent["SUMMARY"]), vevent.decoded("DTSTAMP")) == ("day@example.org", title, when)


def test_a_reading_no_source_confirms_is_not_published_as_the_persons(built_site: Path) -> None:
    """梁文鋒's reading only sorts the people's index: people.json and his page do not give it (fact sheet 15e)."""
    people = json.loads((built_site / "data" / "people.json").read_text(encoding="utf-8"))["people"]
    liang = next(item for item in people if item["id"] == "liang-wenfeng")
    assert "reading" not in liang and "reading_confirmed" not in liang
    assert all("reading" in item for item in people if item["id"] != "liang-wenfeng")
    page = (built_site / "people" / "liang-wenfeng" / "index.html").read_text(encoding="utf-8")
    assert "りゃん" not in page and "<dt>読み</dt>" not in page
    assert "<dt>読み</dt>" in (built_site / "people" / "sam-altman" / "index.html").read_text(encoding="utf-8")
