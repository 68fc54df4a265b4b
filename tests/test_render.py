"""hooks.render: the generated glossary, timeline and company pages."""

from __future__ import annotations

import re

import pytest
import yaml

from hooks.kinds import KINDS, generated_pages
from hooks.model import Source, format_date
from hooks.render import (
    backlinks_marker,
    front_matter,
    hiragana,
    md_escape,
    render_backlink,
    render_backlinks,
    render_companies_index,
    render_company,
    render_glossary,
    render_term,
    render_timeline,
    row_of,
    sort_terms,
)
from tests.fixtures import make_company, make_data, make_event, make_term


@pytest.mark.parametrize(
    ("ja", "reading", "row"),
    [
        pytest.param("推論モデル", "すいろんもでる", ("sa", "さ行"), id="plain-hiragana"),
        pytest.param("オープンソース", "おーぷんそーす", ("a", "あ行"), id="a-row"),
        pytest.param("蒸留", "じょうりゅう", ("sa", "さ行"), id="voiced-ji-to-sa"),
        pytest.param("学習コスト", "がくしゅうこすと", ("ka", "か行"), id="voiced-ga-to-ka"),
        pytest.param("大規模言語モデル", "だいきぼげんごもでる", ("ta", "た行"), id="voiced-da-to-ta"),
        pytest.param("パラメータ", "ぱらめーた", ("ha", "は行"), id="half-voiced-pa-to-ha"),
        pytest.param("ベンチマーク", "べんちまーく", ("ha", "は行"), id="voiced-be-to-ha"),
        pytest.param("トークン", "トークン", ("ta", "た行"), id="katakana-reading"),
        pytest.param("ガードレール", "ガードレール", ("ka", "か行"), id="voiced-katakana-reading"),
        pytest.param("ヴィジョン", "ヴぃじょん", ("a", "あ行"), id="katakana-vu-to-a"),
        pytest.param("輸出規制", "ゆしゅつきせい", ("ya", "や行"), id="ya-row"),
        pytest.param("連鎖", "れんさ", ("ra", "ら行"), id="ra-row"),
        pytest.param("話題", "わだい", ("wa", "わ行"), id="wa-row"),
        pytest.param("モデル", "もでる", ("ma", "ま行"), id="ma-row"),
        pytest.param("二次", "にじ", ("na", "な行"), id="na-row"),
        pytest.param("AIチップ", "えーあいちっぷ", ("latin", "英数字"), id="latin-name-despite-kana-reading"),
        pytest.param("o3-mini", "おーすりーみに", ("latin", "英数字"), id="latin-lowercase"),
        pytest.param("H100", "えいちひゃく", ("latin", "英数字"), id="latin-with-digits"),
    ],
)
def test_row_of(ja: str, reading: str, row: tuple[str, str]) -> None:
    """Each term goes to the 五十音 row of its reading's first kana; Latin-named terms to 英数字."""
    assert row_of(make_term("x", ja, reading)) == row


def test_sort_terms_orders_rows_and_terms_within_them() -> None:
    """Rows come in 五十音 order with 英数字 last; within a row terms sort by reading (katakana like hiragana)."""
    terms = [
        make_term("h100", "H100", "えいちひゃく"),
        make_term("token", "トークン", "トークン"),
        make_term("distillation", "蒸留", "じょうりゅう"),
        make_term("api", "API", "えーぴーあい"),
        make_term("reasoning", "推論モデル", "すいろんもでる"),
        make_term("llm", "大規模言語モデル", "だいきぼげんごもでる"),
        make_term("open", "オープンソース", "おーぷんそーす"),
        make_term("chain", "思考の連鎖", "しこうのれんさ"),
        make_term("o3", "o3-mini", "おーすりーみに"),
        make_term("cost", "推論コスト", "スイロンコスト"),
    ]
    grouped = [(label, [t.id for t in group]) for (_, label), group in sort_terms(terms)]
    assert grouped == [
        ("あ行", ["open"]),
        ("さ行", ["chain", "distillation", "cost", "reasoning"]),
        ("た行", ["llm", "token"]),
        ("英数字", ["api", "h100", "o3"]),
    ]


def test_hiragana_maps_katakana_one_for_one() -> None:
    """Katakana becomes hiragana; the long-vowel mark and other characters stay."""
    assert hiragana("スイロンモデル") == "すいろんもでる"
    assert hiragana("ヴァー・AI") == "ゔぁー・AI"


def glossary_data():
    """Three terms in three rows, one with an English name and other spellings, one related, one in an event."""
    return make_data(
        terms=[
            make_term("api", "API", "えーぴーあい"),
            make_term("reasoning-model", "推論モデル", "すいろんもでる", en="reasoning model", aliases=("リーズニングモデル",)),
            make_term("open-source", "オープンソース", "おーぷんそーす", related=("reasoning-model",)),
        ],
        events=[make_event("r1", "2025-01-20", "R1を公開", terms=("reasoning-model",))],
    )


def test_glossary_page_groups_entries() -> None:
    """The glossary index has a row index, one heading per row (Latin last), and one entry per term with its anchor,
    its name linked to its own page and its short definition."""
    data = glossary_data()
    page = render_glossary(data)
    assert re.findall(r"^## (.+)$", page, re.M) == ["あ行 {#gyo-a}", "さ行 {#gyo-sa}", "英数字 {#gyo-latin}"]
    assert re.findall(r'<dt id="([^"]+)"', page) == ["open-source", "reasoning-model", "api"]
    assert (
        '<dt id="reasoning-model" markdown="span">[推論モデル（reasoning model）](glossary/reasoning-model.md)</dt>\n'
        f'<dd markdown="span">{md_escape(data.terms["reasoning-model"].short)}</dd>'
    ) in page
    assert "[あ行](#gyo-a) ・ [さ行](#gyo-sa) ・ [英数字](#gyo-latin)" in page
    assert page.count('<dl class="glossary-terms" markdown="block">') == 3
    assert "data-backlinks" not in page and "[[" not in page  # the index only points at the terms' pages
    assert "用語3語" in page
    assert yaml.safe_load(page.split("---")[1])["description"].startswith("DeepSeekショックを読むための用語集")


def test_term_page_has_everything_the_entry_had() -> None:
    """A term's page: name, reading and spellings, definition, related terms, events, backlinks, sources, the way back."""
    data = glossary_data()
    page = render_term(data.terms["reasoning-model"], data)
    assert re.findall(r"^#{1,2} (.+)$", page, re.M) == [
        "推論モデル（reasoning model） {#reasoning-model}",
        "関連する出来事 {#events}",
        "登場するページ {#mentioned-in}",
        "出典 {#sources}",
    ]
    assert '<p class="term-meta">読み：すいろんもでる ／ 別表記：リーズニングモデル</p>' in page
    assert "- [[event:r1|2025年1月20日　R1を公開]]" in page
    assert page.count('<div class="backlinks" data-backlinks="term:reasoning-model"></div>') == 1
    assert "[用語集の一覧に戻る](../glossary.md#reasoning-model)" in page
    assert yaml.safe_load(page.split("---")[1])["description"] == data.terms["reasoning-model"].short
    related = render_term(data.terms["open-source"], data)
    assert "## 関連用語 {#related}\n\n[[term:reasoning-model]]\n" in related
    assert "関連する出来事" not in related
    assert re.findall(r"^# (.+)$", render_term(data.terms["api"], data), re.M) == ["API（api） {#api}"]


def test_timeline_groups_events_by_month() -> None:
    """Events are grouped under month headings, each an <li> with its id and a <time datetime>."""
    data = make_data(
        companies=[make_company("openai", "OpenAI")],
        events=[
            make_event("o1", "2024-09", "o1を公開", companies=("openai",), terms=("reasoning",)),
            make_event("r1", "2025-01-20", "R1を公開"),
            make_event("app", "2025-01-26", "アプリが1位に"),
        ],
    )
    page = render_timeline(data)
    assert re.findall(r"^## (.+)$", page, re.M) == ["2024年9月 {#m-2024-09}", "2025年1月 {#m-2025-01}"]
    assert re.findall(r'<li class="timeline-event" id="([^"]+)"', page) == ["o1", "r1", "app"]
    assert re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', page) == [
        ("2024-09", "2024年9月"),
        ("2025-01-20", "2025年1月20日"),
        ("2025-01-26", "2025年1月26日"),
    ]
    assert page.count('<ol class="timeline" markdown="block">') == 2
    assert "企業・組織：[[company:openai]] ／ 用語：[[term:reasoning]]" in page
    assert "出来事3件" in page


def test_timeline_sources_with_and_without_url() -> None:
    """Sources are listed inline: linked title when there is a URL, escaped, with the date when known."""
    sources = (Source("DeepSeek", "R1 *README*", "https://example.org/r1", "2025-01-20"), Source("日経", "記事"))
    page = render_timeline(make_data(events=[make_event("r1", "2025-01-20", "R1を公開", sources=sources)]))
    assert "出典：DeepSeek：[R1 \\*README\\*](https://example.org/r1)（2025年1月20日）／日経：記事</p>" in page


def test_company_page_has_facts_box_events_and_backlinks() -> None:
    """A profile shows its facts box, related events, a backlinks marker and its sources."""
    company = make_company(
        "deepseek",
        "DeepSeek",
        name_local="深度求索",
        kind_label="AIスタートアップ",
        founded="2023-07",
        leaders=("梁文锋", "ほか"),
        products=("DeepSeek-R1",),
    )
    data = make_data(
        companies=[company, make_company("openai", "OpenAI")],
        events=[make_event("r1", "2025-01-20", "R1を公開", companies=("deepseek",)), make_event("other", "2025-02", "別の件")],
    )
    page = render_company(company, data)
    box = re.search(r'<aside class="facts-box" aria-label="基本情報" markdown="block">\n\n(.*?)\n</aside>', page, re.S)
    assert box is not None
    facts = re.findall(r"^(\S+)\n:   (.+)$", box.group(1), re.M)
    assert facts == [
        ("正式名称", "DeepSeek"),
        ("現地語表記", "深度求索"),
        ("種別", "AIスタートアップ"),
        ("設立", "2023年7月"),
        ("本社・拠点", "東京"),
        ("主要人物", "梁文锋、ほか"),
        ("主な製品・モデル", "DeepSeek-R1"),
    ]
    assert page.startswith('---\ndescription: "DeepSeekは企業である。"\n---\n')
    assert "# DeepSeek {#deepseek}" in page
    assert "- [[event:r1|2025年1月20日　R1を公開]]" in page
    assert "other" not in page
    assert backlinks_marker("company", "deepseek") in page
    assert '<div class="backlinks" data-backlinks="company:deepseek"></div>' in page


def test_company_page_without_optional_facts_or_events() -> None:
    """Without a local name, products or events the page says so instead of listing nothing."""
    company = make_company("mgx", "MGX")
    page = render_company(company, make_data(companies=[company]))
    assert "現地語表記" not in page
    assert "主な製品・モデル" not in page
    assert "年表には、この組織が関わる出来事はまだない。" in page


def test_companies_index_lists_every_company_in_order() -> None:
    """The index links each profile page (a link to the company, without tooltip) with its kind and summary, in file order."""
    data = make_data(companies=[make_company("openai", "OpenAI"), make_company("x_ai", "x_AI", kind_label="企業")])
    page = render_companies_index(data)
    assert re.findall(r"^- (.+)$", page, re.M) == [
        "**[OpenAI](openai.md)**（企業）— OpenAIは企業である。",
        "**[x\\_AI](x_ai.md)**（企業）— x\\_AIは企業である。",
    ]


def test_generated_pages_and_page_paths() -> None:
    """Every generated page is listed, and each kind of record has its page and anchor."""
    data = make_data(
        terms=[make_term("llm", "大規模言語モデル", "だいきぼげんごもでる")],
        companies=[make_company("openai", "OpenAI"), make_company("meta", "Meta")],
    )
    assert list(generated_pages(data)) == [
        "glossary.md",
        "glossary/llm.md",
        "timeline.md",
        "companies/index.md",
        "companies/openai.md",
        "companies/meta.md",
        "people/index.md",
        "wordlist.md",
    ]
    kinds = {kind.name: kind for kind in KINDS}
    assert kinds["term"].page_of("llm") == ("glossary/llm.md", "")
    assert kinds["event"].page_of("r1") == ("timeline.md", "r1")
    assert kinds["company"].page_of("openai") == ("companies/openai.md", "")
    assert kinds["person"].page_of("sam-altman") == ("people/sam-altman.md", "")


@pytest.mark.parametrize(
    ("iso", "shown"),
    [("2025-01-20", "2025年1月20日"), ("2024-09", "2024年9月"), ("2023", "2023年"), ("2025-12-01", "2025年12月1日")],
)
def test_format_date(iso: str, shown: str) -> None:
    """Dates are shown in Japanese without leading zeros; month-only dates show the month."""
    assert format_date(iso) == shown


def test_render_backlinks() -> None:
    """Backlinks are a list of escaped links, or a note when no page mentions the record."""
    assert render_backlinks([]) == '<p class="backlinks backlinks-empty">まだどのページにも登場しない。</p>'
    assert render_backlinks([render_backlink("A&B", "a/?x=1&y=2"), render_backlink("記事", "../one/")]) == (
        '<ul class="backlinks"><li><a href="a/?x=1&amp;y=2">A&amp;B</a></li><li><a href="../one/">記事</a></li></ul>'
    )


@pytest.mark.parametrize("description", ['「引用」と"二重引用符"と\\記号。', "普通の説明。", "コロン: を含む。"])
def test_front_matter_round_trips_through_yaml(description: str) -> None:
    """The description in generated front matter reads back as the same text."""
    text = front_matter(description)
    assert yaml.safe_load(text.split("---\n")[1]) == {"description": description}


def test_md_escape() -> None:
    """Markdown link-text characters are escaped; Japanese text is untouched."""
    assert md_escape("a[b]*c_d\\e 推論") == "a\\[b\\]\\*c\\_d\\\\e 推論"
