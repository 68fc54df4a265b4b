"""The registry of kinds: a new kind of record is one declaration and its page's renderer, with no record class of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks import kinds
from hooks.data import Field, Reader
from hooks.kinds import Generated, Kind
from hooks.model import Origin, Record, SiteData
from hooks.render import backlinks_marker, front_matter, md_escape, render_sources
from tests.conftest import without_breaks
from tests.fixtures import INDEX_MD, PAGES, edit, line_of, write, write_project
from tests.test_corpus import build_in_process


def render_quotes(data: SiteData) -> str:
    """The page of the new kind: one heading per quote, its note, backlinks and sources."""
    out = [front_matter("発言の一覧。"), "# 発言 {#quotes}\n"]
    for quote in data.table("quote").values():
        out.append(f"## {md_escape(quote.speaker)}の発言 {{#{quote.id}}}\n")
        out.append(f"「{md_escape(quote.text)}」\n\n{quote.note.text.strip()}\n")
        out.append(backlinks_marker("quote", quote.id) + "\n")
        out.append(render_sources(quote.sources) + "\n")
    return "\n".join(out)


QUOTE = Kind(
    "quote",
    "発言",
    "docs/data/quotes.yml",
    "quotes",
    (
        Field("id", Reader.ident),
        Field("speaker", Reader.text),
        Field("text", Reader.text),
        Field("note", Reader.markdown),
        Field("said", Reader.any_date, default=""),
        Field("sources", Reader.sources),
    ),
    "quotes.md#{id}",
    label="「{text}」",
    short="{speaker}：「{text}」",
)
QUOTES = """\
quotes:
  - id: digesting
    speaker: ザッカーバーグ
    text: まだ消化しているところだ
    note: |
      [[company:openai]]ではなく、Metaの決算説明会での発言である。
    sources:
      - publisher: Example
        title: Earnings call
        url: https://example.org/call
"""


@pytest.fixture
def with_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with the new kind and its page: the one declaration each that the build reads."""
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, QUOTE))
    monkeypatch.setattr(kinds, "PAGES", (*kinds.PAGES, Generated("quotes.md", "quote", render_quotes, lists_kind=True)))


def test_a_new_kind_is_one_declaration(tmp_path: Path, with_quotes: None) -> None:
    """References, links with tooltips, backlinks and the generated page all follow from the declaration."""
    index = edit(INDEX_MD, ("[[event:r1-release]]の", "[[event:r1-release]]と[[quote:digesting]]の"))
    write_project(tmp_path, pages={**PAGES, "index.md": index})
    write(tmp_path, "docs/data/quotes.yml", QUOTES)
    built = build_in_process(tmp_path)
    assert built.passed, built.output
    home = without_breaks((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert (
        '<a class="xref xref-quote" href="quotes/#digesting" title="ザッカーバーグ：「まだ消化しているところだ」" '
        'data-ref="quote:digesting">「まだ消化しているところだ」</a>'
    ) in home
    page = without_breaks((tmp_path / "site" / "quotes" / "index.html").read_text(encoding="utf-8"))
    assert 'id="digesting"' in page
    assert '<ul class="backlinks"><li><a href="../">ホーム</a></li></ul>' in page


def test_a_new_kind_is_checked_like_the_others(tmp_path: Path, with_quotes: None) -> None:
    """An unknown id of the new kind, and a bad field in its file, are reported at their lines with the kind's own words."""
    index = edit(INDEX_MD, ("[[event:r1-release]]の", "[[event:r1-release]]と[[quote:digesteng]]の"))
    quotes = QUOTES.replace("speaker: ザッカーバーグ", "speaker: [ザッカーバーグ]")
    write_project(tmp_path, pages={**PAGES, "index.md": index})
    write(tmp_path, "docs/data/quotes.yml", quotes)
    built = build_in_process(tmp_path)
    assert not built.passed
    assert built.problems == [
        f"ERROR  docs/data/quotes.yml:{line_of(quotes, 'speaker:')}: "
        '発言 "digesting"："speaker" がリストか「キー: 値」の形になっている。コロンの後に1つの文として書く。',
        f"ERROR  docs/index.md:{line_of(index, '[[quote:')}: "
        '[[quote:digesteng]] の指す発言がない（docs/data/quotes.yml に id "digesteng" がない）。"digesting" の書き間違いではないか。',
    ]


def test_the_new_kinds_records_are_made_from_its_declaration(tmp_path: Path) -> None:
    """Each declared field is an attribute (its default when left out), beside the record's line, label and tooltip."""
    write_project(tmp_path)
    write(tmp_path, "docs/data/quotes.yml", QUOTES)
    data, problems = kinds.load(tmp_path, (*kinds.KINDS, QUOTE))
    assert problems == []
    quote = data.table("quote")["digesting"]
    assert type(quote).__bases__ == (Record,)  # no class of its own: one made from the declaration
    assert (quote.id, quote.speaker, quote.said) == ("digesting", "ザッカーバーグ", "")
    assert (quote.label, quote.short) == ("「まだ消化しているところだ」", "ザッカーバーグ：「まだ消化しているところだ」")
    assert str(quote.origin) == f"docs/data/quotes.yml:{line_of(QUOTES, '- id: digesting')}"
    assert str(quote.note.origin) == f"docs/data/quotes.yml:{line_of(QUOTES, 'note: |') + 1}"
    assert [source.url for source in quote.sources] == ["https://example.org/call"]
    write(tmp_path, "docs/data/quotes.yml", QUOTES.replace("    sources:", "    said: 2025-01-29\n    sources:"))
    assert kinds.load(tmp_path, (*kinds.KINDS, QUOTE))[0].table("quote")["digesting"].said == "2025-01-29"
    with pytest.raises(TypeError, match="speaker"):  # a field that must be written must be given
        QUOTE.record(id="x", text="t", note=quote.note, sources=(), origin=Origin("docs/data/quotes.yml", 2))
