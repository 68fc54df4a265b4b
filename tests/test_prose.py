"""The prose linter (tests/prose.py): what it hands textlint, and that textlint's findings come back on the right lines."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests import prose
from tests.conftest import IN_CI

PAGE = textwrap.dedent(
    """\
    ---
    description: 試しのページである。
    ---

    # 見出し {#heading}

    電力の需給が逼迫している。[[term:sample|クラスタ]]も足りない。

    これはペンである。あれは机です。

    <section class="article-text" aria-label="記事本文" markdown>

    原文の逼迫は直さない。あれは机です。

    </section>

    ??? question "問1：需給はなぜ逼迫したのか？"
        模範解答：需要が直ちに増えたからである。
    """
)

# A sentence of 179 characters (the limit is 150), and a bracket that is never closed: rules whose messages are English.
LONG = (
    "アメリカ・イギリス・フランス・ドイツ・イタリア・スペイン・オランダ・ベルギー・スイス・オーストリア・ポーランド・チェコ・"
    "ハンガリー・ルーマニア・ブルガリア・ギリシャ・トルコ・エジプト・ケニア・ナイジェリア・ブラジル・アルゼンチン・チリ・"
    "ペルー・コロンビア・メキシコ・カナダ・インド・タイ・ベトナム・マレーシア・インドネシア・フィリピン・オーストラリアが並ぶ。"
    "\n\n括弧（閉じない括弧。\n"
)

DATA = textwrap.dedent(
    """\
    terms:
      - id: sample
        ja: クラスタ
        short: 試しの用語である。
        definition: |
          一段落目である。

          二段落目は直ちに書く。
        sources:
          - publisher: 試し
            title: 逼迫についての記事
    """
)


def test_page_keeps_its_lines_and_drops_what_is_not_our_prose() -> None:
    """Front matter but description, the article block, heading ids and admonition indents go; the lines stay."""
    out = prose.page_markdown(PAGE, {}).split("\n")
    assert len(out) == len(PAGE.split("\n"))
    assert out[:3] == ["", "試しのページである。", ""]
    assert out[4] == "# 見出し"
    assert out[6] == "電力の需給が逼迫している。クラスタも足りない。"
    assert all(not line for line in out[10:15])  # <section class="article-text"> … </section>
    assert out[16:18] == ["問1：需給はなぜ逼迫したのか？", "模範解答：需要が直ちに増えたからである。"]


def test_data_fields_remember_their_lines() -> None:
    """Each text field is a paragraph (names and titles headings) tied to its line in the data file."""
    markdown, origin = prose.data_markdown(DATA, {})
    lines = markdown.split("\n")
    found = {line: origin[i] for i, line in enumerate(lines) if line}
    assert found == {
        "# クラスタ": 3,
        "試しの用語である。": 4,
        "一段落目である。": 6,
        "二段落目は直ちに書く。": 8,
        "# 逼迫についての記事": 11,
    }


def test_linter_reports_findings_on_the_original_lines(tmp_path: Path) -> None:
    """textlint runs, and a spelling, a mixed style and data fields are reported as file:line: message (rule)."""
    try:
        prose.node_executable()
        if not prose.TEXTLINT.is_file():
            raise prose.SetupError("node_modules/textlint not installed (make prose runs npm ci)")
    except prose.SetupError as error:
        if IN_CI:
            pytest.fail(f"{error} - in CI this is a failure.")
        pytest.skip(str(error))
    page = tmp_path / "page.md"
    page.write_text(PAGE + "\n" + LONG, encoding="utf-8")
    data = tmp_path / "glossary.yml"
    data.write_text(DATA, encoding="utf-8")
    mixed = (
        '本文: "である"調 でなければなりません => "である"調 であるべき箇所に、次の "ですます"調 の箇所があります: "です。" '
        "Total: である : 3 ですます: 1 (ja-technical-writing/no-mix-dearu-desumasu)"
    )
    assert [str(f) for f in prose.lint([page, data])] == [
        f"{data}:3: クラスタ => クラスター (prh)",
        f"{data}:8: 直ちに => ただちに (prh)",
        f"{data}:11: 逼迫 => ひっ迫 (prh)",
        f"{page}:7: クラスタ => クラスター (prh)",
        f"{page}:7: 逼迫 => ひっ迫 (prh)",
        f"{page}:9: {mixed}",
        f"{page}:17: 逼迫 => ひっ迫 (prh)",
        f"{page}:18: 直ちに => ただちに (prh)",
        f"{page}:20: 1文が長すぎる（原文: sentence length(179) exceeds the maximum sentence length of 150. Over 29 "
        "characters）。読点のところなどで2文以上に分ける。 (ja-technical-writing/sentence-length)",
        f"{page}:22: 括弧か引用符の片方がない（原文: Cannot find a pairing character for （. You should close this "
        "sentence with ）. This pair of marks is called 丸括弧（））。閉じ忘れか開き忘れの括弧（「」、（）など）を補う。 "
        "(ja-technical-writing/no-unmatched-pair)",
    ]


QUIZ_PAGE = textwrap.dedent(
    """\
    ---
    description: 試しのページである。
    quiz:
      - goal: 1
        question: 需給はなぜ逼迫したのか。
        options:
          - text: 需要が直ちに増えた
            correct: true
            feedback: "需要が増えたからである。"
    ---
    """
)


def test_quiz_texts_are_prose_on_their_lines() -> None:
    """The quiz's question and feedback are paragraphs and its options headings, each on its line; its keys go."""
    out = prose.page_markdown(QUIZ_PAGE, {}).split("\n")
    assert len(out) == len(QUIZ_PAGE.split("\n"))
    assert {i + 1: line for i, line in enumerate(out) if line} == {
        2: "試しのページである。",
        5: "需給はなぜ逼迫したのか。",
        7: "# 需要が直ちに増えた",
        9: "需要が増えたからである。",
    }


def test_run_ends_with_a_japanese_summary(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A run prints each finding, then one Japanese line counting files and findings, and fails on any finding."""
    found = [prose.Finding("docs/a.md", 3, "直ちに => ただちに", "prh")]
    monkeypatch.setattr(prose, "lint", lambda paths: found)
    assert prose.main(["docs/a.md", "glossary.yml"]) == 1
    out, err = capsys.readouterr()
    assert out == "docs/a.md:3: 直ちに => ただちに (prh)\n"
    assert err == "文章の検査：2ファイルで指摘1件。\n"
    monkeypatch.setattr(prose, "lint", lambda paths: [])
    assert prose.main(["docs/a.md"]) == 0
    assert capsys.readouterr().err == "文章の検査：1ファイルで指摘0件。\n"
