"""The registry of kinds: a new kind of record is one declaration, its record class and its page's renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hooks import kinds
from hooks.data import Field, Reader
from hooks.kinds import Generated, Kind
from hooks.model import Markdown, Origin, SiteData, Source
from hooks.render import backlinks_marker, front_matter, md_escape, render_sources
from tests.conftest import without_breaks
from tests.fixtures import INDEX_MD, PAGES, edit, line_of, write, write_project
from tests.test_corpus import build_in_process


@dataclass(slots=True)
class Quote:
    """A quotation from the story (the record class of the new kind)."""

    id: str
    speaker: str
    text: str
    note: Markdown
    origin: Origin
    sources: tuple[Source, ...] = field(default_factory=tuple)

    kind = "quote"

    @property
    def label(self) -> str:
        return f"「{self.text}」"

    @property
    def short(self) -> str:
        return f"{self.speaker}：「{self.text}」"


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
        Field("sources", Reader.sources),
    ),
    Quote,
    "quotes.md#{id}",
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
