"""hooks.matcher: finding term and company spellings in Japanese running text without word boundaries."""

from __future__ import annotations

import itertools
import random
from typing import NamedTuple

import pytest

from hooks.matcher import Matcher, fold


class Match(NamedTuple):
    """One match as Matcher.spans gives it."""

    start: int
    end: int
    key: str


def spans(matcher: Matcher, text: str) -> list[Match]:
    """The matches of a text, with names for their parts."""
    return [Match(*span) for span in matcher.spans(text)]


SPELLINGS = [
    ("推論モデル", "term:reasoning-model"),
    ("モデル", "term:model"),
    ("AI", "term:ai"),
    ("AIチップ", "term:ai-chip"),
    ("OpenAI", "company:openai"),
    ("DeepSeek", "company:deepseek"),
    ("R1", "term:r1"),
    ("o3-mini", "term:o3-mini"),
    ("蒸留", "term:distillation"),
    ("MIT License", "term:mit-license"),
]
MATCHER = Matcher(SPELLINGS)


def matches(text: str) -> list[tuple[str, str]]:
    """(matched text, key) of each match, checking that offsets and keys agree with the text."""
    return [(text[m.start : m.end], m.key) for m in spans(MATCHER, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("これは推論モデルです", [("推論モデル", "term:reasoning-model")], id="no-word-boundaries"),
        pytest.param("推論モデルとモデル", [("推論モデル", "term:reasoning-model"), ("モデル", "term:model")], id="longest-wins"),
        pytest.param("このモデルは", [("モデル", "term:model")], id="shorter-alone"),
        pytest.param("OpenAIが発表", [("OpenAI", "company:openai")], id="ai-not-inside-openai"),
        pytest.param("OpenAIとAI", [("OpenAI", "company:openai"), ("AI", "term:ai")], id="ai-after-openai"),
        pytest.param("R10は別物", [], id="r1-not-inside-r10"),
        pytest.param("XR1は別物", [], id="r1-not-after-latin-letter"),
        pytest.param("R1モデル", [("R1", "term:r1"), ("モデル", "term:model")], id="r1-before-katakana"),
        pytest.param("DeepSeekのR1は", [("DeepSeek", "company:deepseek"), ("R1", "term:r1")], id="r1-after-hiragana"),
        pytest.param("（R1）", [("R1", "term:r1")], id="r1-in-full-width-brackets"),
        pytest.param("o3-miniを使う", [("o3-mini", "term:o3-mini")], id="hyphenated-spelling"),
        pytest.param("o3-minis", [], id="hyphenated-spelling-not-inside-word"),
        pytest.param("AIチップの輸出", [("AIチップ", "term:ai-chip")], id="mixed-latin-and-kana"),
        pytest.param("AIの話", [("AI", "term:ai")], id="latin-then-kana"),
        pytest.param("MIT Licenseで公開", [("MIT License", "term:mit-license")], id="spelling-with-space"),
        pytest.param(
            "DeepSeekは蒸留したAIチップとOpenAIの推論モデル",
            [
                ("DeepSeek", "company:deepseek"),
                ("蒸留", "term:distillation"),
                ("AIチップ", "term:ai-chip"),
                ("OpenAI", "company:openai"),
                ("推論モデル", "term:reasoning-model"),
            ],
            id="several-in-order",
        ),
        pytest.param("", [], id="empty-text"),
        pytest.param("関係のない文章である。", [], id="nothing-to-find"),
    ],
)
def test_finditer(text: str, expected: list[tuple[str, str]]) -> None:
    """Leftmost-longest matches, with Latin word edges respected."""
    assert matches(text) == expected


def test_full_width_letters_match_with_original_offsets() -> None:
    """Full-width ＡＩ and Ｒ１ match AI and R1, and offsets point into the original text."""
    text = "米国のＡＩとＲ１、ＯｐｅｎＡＩ"
    found = list(spans(MATCHER, text))
    assert [(m.start, m.end, m.key) for m in found] == [(3, 5, "term:ai"), (6, 8, "term:r1"), (9, 15, "company:openai")]
    assert [text[m.start : m.end] for m in found] == ["ＡＩ", "Ｒ１", "ＯｐｅｎＡＩ"]


def test_full_width_spelling_matches_ascii_text() -> None:
    """A spelling written in full-width letters is found in ASCII text too."""
    matcher = Matcher([("ＧＰＵ", "term:gpu")])
    assert [(m.start, m.end, m.key) for m in spans(matcher, "GPUとＧＰＵ")] == [(0, 3, "term:gpu"), (4, 7, "term:gpu")]


def test_matches_never_overlap_and_go_left_to_right() -> None:
    """Each match starts at or after the end of the one before."""
    text = "推論モデルモデルAIAI R1R1 OpenAIOpenAI o3-mini-o3-mini 推論モデル"
    found = list(spans(MATCHER, text))
    assert [(m.start, m.end) for m in found] == [(0, 5), (5, 8), (31, 38), (39, 46), (47, 52)]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert all(a.start < a.end for a in found)


def test_fold_keeps_length_and_maps_full_width() -> None:
    """fold turns full-width ASCII and the ideographic space into ASCII, one character for one."""
    assert fold("ＡＩ　ｏ３－ｍｉｎｉ！") == "AI o3-mini!"
    assert fold("推論ＡＩ") == "推論AI"
    assert len(fold("ＡＢＣ、。")) == 5


def test_empty_spellings_are_ignored() -> None:
    """A matcher without spellings (or with only empty ones) finds nothing."""
    assert list(spans(Matcher([]), "推論モデル")) == []
    assert list(spans(Matcher([("", "term:empty")]), "推論モデル")) == []


def test_single_character_spelling() -> None:
    """A one-character spelling is found even among two-character prefixes."""
    matcher = Matcher([("株", "term:stock"), ("株価", "term:price")])
    assert [(m.start, m.key) for m in spans(matcher, "株価と株")] == [(0, "term:price"), (3, "term:stock")]


def _leftmost_longest(text: str, spellings: dict[str, str]) -> list[tuple[int, int, str]]:
    """The matches by trying every spelling at every position: slow, plainly right, for comparison."""
    found, pos = [], 0
    while pos < len(text):
        best = None
        for spelling in sorted(spellings, key=len, reverse=True):
            end = pos + len(spelling)
            if text.startswith(spelling, pos):
                latin_before = (
                    spelling[0].isascii()
                    and spelling[0].isalnum()
                    and pos > 0
                    and text[pos - 1].isascii()
                    and text[pos - 1].isalnum()
                )
                latin_after = (
                    spelling[-1].isascii()
                    and spelling[-1].isalnum()
                    and end < len(text)
                    and text[end].isascii()
                    and text[end].isalnum()
                )
                if not latin_before and not latin_after:
                    best = (pos, end, spellings[spelling])
                    break
        if best:
            found.append(best)
            pos = best[1]
        else:
            pos += 1
    return found


@pytest.mark.parametrize("seed", range(20))
def test_many_spellings_sharing_a_prefix_match_as_one_by_one(seed: int) -> None:
    """With dozens of spellings per prefix and of many lengths, the matches are those of trying each spelling."""
    rng = random.Random(seed)
    letters = "CoAIモデル推論x"
    spellings = {"Co" + "".join(rng.choice(letters) for _ in range(rng.randint(0, 6))): f"k{i}" for i in range(60)}
    spellings.update({"".join(rng.choice(letters) for _ in range(rng.randint(1, 4))): f"s{i}" for i in range(20)})
    text = "".join(rng.choice([*letters, "Co", "Co", " ", "の"]) for _ in range(400))
    assert Matcher((s, k) for s, k in spellings.items()).spans(text) == _leftmost_longest(text, spellings)


NAMES = Matcher(
    [
        ("ダリオ・アモデイ", "person:amodei", True),
        ("アモデイ", "person:amodei", True),
        ("フアン", "person:huang", True),
        ("ジェンスン・フアン", "person:huang", True),
        ("ファン", "person:fan", True),
        ("孫正義", "person:son", True),
        ("ファンド", "term:fund"),
    ]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("アモデイは述べた", [("アモデイ", "person:amodei")], id="alone"),
        pytest.param("ダリオ・アモデイは", [("ダリオ・アモデイ", "person:amodei")], id="full-name-first"),
        pytest.param("ダニエラ・アモデイは", [], id="not-the-family-name-of-another-name"),
        pytest.param("ファンドの資金", [("ファンド", "term:fund")], id="not-inside-a-longer-katakana-word"),
        pytest.param("ファンクラブ", [], id="not-the-start-of-a-katakana-word"),
        pytest.param("ジェンスン・フアンCEO", [("ジェンスン・フアン", "person:huang")], id="full-name-with-a-dot"),
        pytest.param("ジェンセン・フアン", [], id="family-name-after-a-dot-belongs-to-that-name"),
        pytest.param("フアンCEOが", [("フアン", "person:huang")], id="before-latin-letters"),
        pytest.param("孫正義会長", [("孫正義", "person:son")], id="kanji-names-need-no-edge"),
    ],
)
def test_names_keep_katakana_word_edges(text: str, expected: list[tuple[str, str]]) -> None:
    """A name is not found inside a longer katakana word or name; other spellings still are."""
    assert [(text[m.start : m.end], m.key) for m in spans(NAMES, text)] == expected
