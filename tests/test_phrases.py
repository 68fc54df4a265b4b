"""Line breaks between phrases (hooks.phrases): where <wbr> goes, and that nothing else of a page changes."""

from __future__ import annotations

import re

from hooks.phrases import GLUED, LINK_WHOLE, NOBR, add_breaks, add_breaks_to_body, phrase_ends


def unbroken(markup: str) -> str:
    """Markup without what add_breaks puts in: <wbr> and the no-break spans."""
    return re.sub(r'<wbr>|<span class="nobr">|</span>', "", markup)


def test_japanese_text_breaks_between_phrases_and_only_gains_wbr() -> None:
    """A sentence is cut between phrases; without the <wbr> it is the same markup."""
    page = "<p>DeepSeekが推論モデルを公開し、米国のAI業界に衝撃を与えた。</p>"
    out = add_breaks(page)
    assert out.count("<wbr>") >= 4
    assert unbroken(out) == page
    assert "推論モデルを<wbr>" in out and "公開し、<wbr>" not in out  # after 、 the browser breaks already


def test_numbers_with_units_and_latin_words_stay_whole() -> None:
    """1月26日, 2025年5月13日, 5,000億ドル, DeepSeek-R1 and o3-mini are never cut."""
    text = "2025年5月13日までに、DeepSeek-R1とo3-miniが1月26日に5,000億ドルの投資と並んで報じられた。"
    cuts = phrase_ends(text)
    for word in ("2025年5月13日", "DeepSeek-R1", "o3-mini", "1月26日", "5,000億ドル"):
        start = text.index(word)
        assert not [cut for cut in cuts if start < cut < start + len(word)], word
    # BudouX's own model cuts 2025 after 202: the rule above is what keeps it whole.
    assert cuts


def test_short_link_texts_stay_whole_and_breaks_go_around_them() -> None:
    """A term link is one unit: no <wbr> inside it; a break before it goes outside the link."""
    out = add_breaks('<p>これは重要な<a class="xref" href="x/" title="定義">AIインフラ</a>への投資である。</p>')
    inside = re.search(r"<a [^>]*>(.*?)</a>", out).group(1)
    assert inside == "AIインフラ"
    assert "<wbr><a " in out


def test_a_short_phrase_with_a_prolonged_sound_mark_is_held_on_one_line() -> None:
    """keep-all would still break after ー or a small kana (スターゲー/ト): such a phrase gets a no-break span."""
    out = add_breaks('<p>OpenAIは<a href="x/">スターゲート</a>の発表に加わり、サーバー容量が不足した。</p>')
    assert f"{NOBR}スターゲート</span></a>" in out
    assert f'<a href="y/">{NOBR}DeepSeek-R1</span></a>' in add_breaks('<p>これは<a href="y/">DeepSeek-R1</a>である。</p>')
    assert f"{NOBR}サーバー容量が</span><wbr>" in out
    long = "教師ありファインチューニング" * 2
    assert len(long) > GLUED and NOBR not in add_breaks(f"<p>{long}</p>")


def test_long_link_texts_break_between_phrases() -> None:
    """A link longer than a phone line is broken between phrases, not anywhere."""
    text = "LSEGの算出を引用したNvidia株急落についての報道とその背景の解説"
    assert len(text) > LINK_WHOLE
    out = add_breaks(f'<p><a href="https://example.com/">{text}</a></p>')
    assert "<wbr>" in re.search(r"<a [^>]*>(.*?)</a>", out).group(1)


def test_attributes_code_scripts_head_and_entities_are_left_alone() -> None:
    """Only text between tags changes: attributes, code, scripts and the head keep their text; entities stay whole."""
    page = (
        '<html><head><title>推論モデルを公開した</title><meta content="推論モデルを公開した"></head>'
        '<body><p title="推論モデルを公開した">推論モデルを&amp;公開した&lt;R1&gt;</p>'
        "<pre><code>推論モデルを公開した</code></pre><script>var a = '推論モデルを公開した';</script></body></html>"
    )
    out = add_breaks_to_body(page)
    assert unbroken(out) == page
    assert out.count("<wbr>") >= 1
    assert "<title>推論モデルを公開した</title>" in out
    assert "<code>推論モデルを公開した</code>" in out
    assert "'推論モデルを公開した'" in out
    assert 'title="推論モデルを公開した"' in out
    assert not re.search(r"&[a-z]*<wbr>", out)


def test_latin_text_is_not_touched() -> None:
    """Text without Japanese gets no <wbr>: the browser breaks it at its spaces."""
    page = "<p>Made with a small static site generator, no Japanese here.</p>"
    assert add_breaks(page) == page


def test_a_product_of_numbers_may_break_before_each_multiplication_sign() -> None:
    """「1億×1億×1億×100回」 is one phrase to BudouX: it may break before each ×, never inside a number."""
    text = "10の26乗回（1億×1億×1億×100回）を超える"
    ends = phrase_ends(text)
    assert [at for at in ends if text[at] == "×"] == [at for at, char in enumerate(text) if char == "×"]
    assert text.index("100回") + 1 not in ends
