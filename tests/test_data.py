"""hooks.data.load_data: every kind of bad input in the three data files, each with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.build import Build, split
from hooks.kinds import load as load_data
from hooks.model import Problem
from tests.fixtures import edit, expand, line_of, write, write_data

TERM_KEYS = "id, ja, en, reading, aliases, short, definition, related, autolink, sources"

GLOSSARY = """\
terms:
  - id: reasoning-model
    ja: 推論モデル
    en: reasoning model
    reading: すいろんもでる
    aliases: [リーズニングモデル]
    short: 答えを出す前に推論の過程を生成するモデルである。
    definition: |
      推論モデルは、答えの前に推論の過程を書き出す。
      計算を多く使う代わりに精度を高める。
    sources:
      - publisher: OpenAI
        title: Learning to reason with LLMs
        url: https://openai.com/index/learning-to-reason-with-llms/
        date: "2024-09"

  - id: llm
    ja: 大規模言語モデル
    en: large language model
    reading: だいきぼげんごもでる
    aliases: [LLM]
    short: 大量の文章で学習した言語モデルである。
    definition: |
      大規模言語モデルは、大量の文章で学習したモデルである。
    sources:
      - publisher: Example
        title: LLM
        url: https://example.org/llm
"""

TIMELINE = """\
events:
  - id: r1-release
    date: "2025-01-20"
    title: DeepSeekがR1を公開
    summary: |
      DeepSeekが推論モデルR1を公開した。
      [[term:reasoning-model]]の一つである。
    companies: [deepseek]
    terms: [reasoning-model]
    sources:
      - publisher: DeepSeek
        title: DeepSeek-R1
        url: https://github.com/deepseek-ai/DeepSeek-R1

  - id: stock-drop
    date: "2025-01-27"
    title: 株価が急落
    summary: |
      半導体株が急落した。
    sources:
      - publisher: Example
        title: Stocks
        url: https://example.org/stocks
"""

COMPANIES = """\
companies:
  - id: deepseek
    name: DeepSeek
    name_en: DeepSeek
    kind: AIスタートアップ
    aliases: [ディープシーク]
    summary: 中国・杭州のAI企業である。
    founded: "2023"
    headquarters: 中国・浙江省杭州市
    leaders: [梁文锋]
    role: |
      R1を公開した企業である。
      [[event:r1-release]]で知られる。
    sources:
      - publisher: DeepSeek
        title: DeepSeek-R1
        url: https://github.com/deepseek-ai/DeepSeek-R1

  - id: openai
    name: OpenAI
    name_en: OpenAI
    kind: 企業
    summary: ChatGPTを開発する米国の企業である。
    founded: "2015-12"
    headquarters: 米国・サンフランシスコ
    leaders: [サム・アルトマン]
    role: |
      推論モデルo1を公開した企業である。
    sources:
      - publisher: OpenAI
        title: About
        url: https://openai.com/about/
"""

DEEPSEEK_LINE = line_of(COMPANIES, "- id: deepseek")
# For the glossary tables: a timeline naming no term, so a term left out causes nothing further.
TIMELINE_WITHOUT_TERMS = edit(
    TIMELINE, ("      [[term:reasoning-model]]の一つである。\n", ""), ("    terms: [reasoning-model]\n", "")
)


def problems_in(root: Path) -> list[str]:
    """The problems load_data finds under root, as text, in report order."""
    _, problems = load_data(root)
    return [str(p) for p in sorted(problems, key=Problem.sort_key)]


def test_the_fixture_data_is_clean(tmp_path: Path) -> None:
    """The unedited fixture files load without a problem and give every record."""
    write_data(tmp_path, GLOSSARY, TIMELINE, COMPANIES)
    data, problems = load_data(tmp_path)
    assert problems == []
    assert list(data.terms) == ["reasoning-model", "llm"]
    assert list(data.events) == ["r1-release", "stock-drop"]
    assert list(data.companies) == ["deepseek", "openai"]


GLOSSARY_CASES = [
    pytest.param(
        [("    en: reasoning model\n", "")],
        ['glossary.yml:{{- id: reasoning-model}}: 用語 "reasoning-model"："en" がない。この項目に「en: …」を書き足す。'],
        id="missing-required-field",
    ),
    pytest.param(
        [("    en: reasoning model\n", "    en:\n")],
        ['glossary.yml:4: 用語 "reasoning-model"："en" がない。この項目に「en: …」を書き足す。'],
        id="required-field-without-value",
    ),
    pytest.param(
        [("  - id: llm\n", "  - ja: x\n"), ("    ja: 大規模言語モデル\n", "")],
        ['glossary.yml:{{- ja: x}}: 用語の2番目の項目："id" がない。この項目に「id: …」を書き足す。'],
        id="missing-id-names-entry-by-number",
    ),
    pytest.param(
        [("short: 答えを出す", "shrot: 答えを出す")],
        [
            'glossary.yml:{{shrot:}}: 用語 "reasoning-model"：キー "shrot" は使えない。"short" の書き間違いではないか。使えるキーは id, ja, en, reading, aliases, short, definition, related, autolink, sources である。',
        ],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    colour: blue\n")],
        [
            'glossary.yml:{{colour:}}: 用語 "llm"：キー "colour" は使えない。使えるキーは id, ja, en, reading, aliases, short, definition, related, autolink, sources である。'
        ],
        id="unknown-key-without-close-match",
    ),
    pytest.param(
        [("ja: 推論モデル", "ja: [推論モデル]")],
        [
            'glossary.yml:{{ja: [}}: 用語 "reasoning-model"："ja" がリストか「キー: 値」の形になっている。コロンの後に1つの文として書く。'
        ],
        id="list-where-text-is-expected",
    ),
    pytest.param(
        [("ja: 推論モデル", "ja: yes")],
        [
            'glossary.yml:{{ja: yes}}: 用語 "reasoning-model"："ja" の "yes" が文字ではなく真偽値として読まれた。"yes" のように引用符で囲む。'
        ],
        id="bool-where-text-is-expected",
    ),
    pytest.param(
        [("short: 答えを出す前に推論の過程を生成するモデルである。", "short: {a: b}")],
        [
            'glossary.yml:{{short: {}}: 用語 "reasoning-model"："short" がリストか「キー: 値」の形になっている。コロンの後に1つの文として書く。'
        ],
        id="mapping-where-text-is-expected",
    ),
    pytest.param(
        [("aliases: [リーズニングモデル]", "aliases: リーズニングモデル")],
        [
            'glossary.yml:{{aliases:}}: 用語 "reasoning-model"："aliases" がリストになっていない。aliases: [リーズニングモデル] のように [ ] で囲むか、1行に1つずつ「- 」で書く。'
        ],
        id="text-where-list-is-expected",
    ),
    pytest.param(
        [("aliases: [リーズニングモデル]", "aliases: [リーズニングモデル, '']")],
        ['glossary.yml:{{aliases:}}: 用語 "reasoning-model"："aliases" の値が空である。値を書くか、空の項目を消す。'],
        id="empty-item-in-list",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    autolink: maybe\n")],
        ['glossary.yml:{{autolink:}}: 用語 "llm"："autolink" の値 "maybe" は true でも false でもない。true か false を書く。'],
        id="text-where-bool-is-expected",
    ),
    pytest.param(
        [("- id: reasoning-model", "- id: Reasoning_Model")],
        [
            'glossary.yml:{{- id: Reasoning_Model}}: 用語 "Reasoning_Model"："id" の "Reasoning_Model" は id に使えない。"reasoning-model" のように、半角の英小文字・数字と、その間の1つずつのハイフンだけで書く。'
        ],
        id="invalid-id-uppercase-underscore",
    ),
    pytest.param(
        [("- id: reasoning-model", "- id: reasoning--model")],
        [
            'glossary.yml:{{- id: reasoning--model}}: 用語 "reasoning--model"："id" の "reasoning--model" は id に使えない。"reasoning-model" のように、半角の英小文字・数字と、その間の1つずつのハイフンだけで書く。'
        ],
        id="invalid-id-double-hyphen",
    ),
    pytest.param(
        [("reading: すいろんもでる", "reading: suiron model")],
        [
            'glossary.yml:{{reading:}}: 用語 "reasoning-model"："reading" の "suiron model" にかな以外の文字がある。ひらがなかカタカナだけで書く。'
        ],
        id="reading-in-latin",
    ),
    pytest.param(
        [("reading: すいろんもでる", "reading: 推論もでる")],
        [
            'glossary.yml:{{reading:}}: 用語 "reasoning-model"："reading" の "推論もでる" にかな以外の文字がある。ひらがなかカタカナだけで書く。'
        ],
        id="reading-with-kanji",
    ),
    pytest.param(
        [("short: 答えを出す前に推論の過程を生成するモデルである。", "short: 答えを出すモデルである。詳しくは下を読む。")],
        [
            'glossary.yml:{{short:}}: 用語 "reasoning-model"："short" が「。」で終わる1行の1文になっていない。2文目からは長い説明の欄に移す。'
        ],
        id="short-two-sentences",
    ),
    pytest.param(
        [("short: 答えを出す前に推論の過程を生成するモデルである。", "short: 答えを出す前に推論の過程を生成するモデル")],
        [
            'glossary.yml:{{short:}}: 用語 "reasoning-model"："short" が「。」で終わる1行の1文になっていない。文の終わりに「。」を付ける。'
        ],
        id="short-without-full-stop",
    ),
    pytest.param(
        [
            (
                "short: 答えを出す前に推論の過程を生成するモデルである。",
                "short: |\n      答えを出す前に、\n      推論するモデルである。",
            )
        ],
        ['glossary.yml:{{short:}}: 用語 "reasoning-model"："short" が「。」で終わる1行の1文になっていない。1行にまとめる。'],
        id="short-on-two-lines",
    ),
    pytest.param(
        [("- id: llm", "- id: reasoning-model")],
        [
            'glossary.yml:{{- id: reasoning-model@2}}: 用語の id "reasoning-model" が2回使われている（1回目は glossary.yml:{{- id: reasoning-model}}）。項目ごとに別の id を付ける。'
        ],
        id="duplicate-id-names-first-definition",
    ),
    pytest.param(
        [("    en: large language model\n", "    en: large language model\n    ja: LLMモデル\n")],
        [
            'glossary.yml:{{ja: LLMモデル}}: キー "ja" が同じまとまりに2回書かれている（1回目は{{ja: 大規模言語モデル}}行目）。どちらか1つにする。'
        ],
        id="duplicate-key-in-one-mapping",
    ),
    pytest.param(
        [("aliases: [LLM]", "aliases: [LLM, リーズニングモデル]")],
        [
            'glossary.yml:{{aliases: [LLM, }}: 用語 "llm"：表記 "リーズニングモデル" は用語 "reasoning-model"（glossary.yml:{{- id: reasoning-model}}）にもある。1つの表記は1つの項目にしか使えないので、どちらかから消す。'
        ],
        id="alias-shared-by-two-terms",
    ),
    pytest.param(
        [("aliases: [LLM]", "aliases: [LLM, 推論モデル]")],
        [
            'glossary.yml:{{aliases: [LLM, }}: 用語 "llm"：表記 "推論モデル" は用語 "reasoning-model"（glossary.yml:{{- id: reasoning-model}}）にもある。1つの表記は1つの項目にしか使えないので、どちらかから消す。'
        ],
        id="alias-equal-to-another-terms-name",
    ),
    pytest.param(
        [("aliases: [LLM]", "aliases: [LLM, DeepSeek]")],
        [
            'glossary.yml:{{aliases: [LLM, }}: 用語 "llm"：表記 "DeepSeek" は企業 "deepseek"（docs/data/companies.yml:2）にもある。1つの表記は1つの項目にしか使えないので、どちらかから消す。'
        ],
        id="alias-equal-to-company-name",
    ),
    pytest.param(
        [("aliases: [リーズニングモデル]", "aliases: [リーズニングモデル, ＡＩ]"), ("aliases: [LLM]", "aliases: [LLM, AI]")],
        [
            'glossary.yml:{{aliases: [LLM, }}: 用語 "llm"：表記 "AI" は用語 "reasoning-model"（glossary.yml:{{- id: reasoning-model}}）にもある。1つの表記は1つの項目にしか使えないので、どちらかから消す。'
        ],
        id="full-width-alias-folds-onto-ascii",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    related: [reasoning-modle]\n")],
        [
            'glossary.yml:{{related: [}}: 用語 "llm"："related" の "reasoning-modle" という用語の id はない。"reasoning-model" の書き間違いではないか。'
        ],
        id="related-unknown-did-you-mean",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    related: [transformer]\n")],
        [
            'glossary.yml:{{related: [}}: 用語 "llm"："related" の "transformer" という用語の id はない。glossary.yml に書き足すか、id を直す。'
        ],
        id="related-unknown-no-close-match",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    related: [reasoning-model, llm]\n")],
        ['glossary.yml:{{related: [}}: 用語 "llm" が "related" に自分自身を挙げている。"llm" を消す。'],
        id="related-to-itself",
    ),
    pytest.param(
        [("url: https://example.org/llm", "url: http://example.org/llm")],
        [
            'glossary.yml:{{url: http:}}: 用語 "llm" の出典1："url" の "http://example.org/llm" は https:// で始まるアドレスではない。"https://example.org/llm" のように https で書く。'
        ],
        id="http-source-url",
    ),
    pytest.param(
        [("        title: LLM\n", "")],
        ['glossary.yml:{{- publisher: Example}}: 用語 "llm" の出典1："title" がない。この項目に「title: …」を書き足す。'],
        id="source-missing-title",
    ),
    pytest.param(
        [("        title: LLM\n", "        title: LLM\n        author: Someone\n")],
        [
            'glossary.yml:{{author:}}: 用語 "llm" の出典1：キー "author" は使えない。使えるキーは publisher, title, url, date である。'
        ],
        id="source-unknown-key",
    ),
    pytest.param(
        [('date: "2024-09"', 'date: "2024-13"')],
        [
            'glossary.yml:{{date:}}: 用語 "reasoning-model" の出典1："date" の "2024-13" は暦にない日付である。月は 01 から 12 で書く。'
        ],
        id="source-date-month-13",
    ),
    pytest.param(
        [('date: "2024-09"', "date: Sept 2024")],
        [
            'glossary.yml:{{date:}}: 用語 "reasoning-model" の出典1："date" の "Sept 2024" は日付の形になっていない。"YYYY-MM-DD"、"YYYY-MM" か "YYYY" の形で書く。'
        ],
        id="source-date-in-words",
    ),
    pytest.param(
        [("    sources:\n      - publisher: Example", "    sources: []\n    more:\n      - publisher: Example")],
        [
            'glossary.yml:{{sources: []}}: 用語 "llm"："sources" に出典のリストがない。「- publisher: …」「title: …」「url: https://…」の形で出典を1つ以上書く。',
            'glossary.yml:{{more:}}: 用語 "llm"：キー "more" は使えない。使えるキーは id, ja, en, reading, aliases, short, definition, related, autolink, sources である。',
        ],
        id="empty-sources",
    ),
    pytest.param(
        [("ja: 大規模言語モデル", "ja: 大規模: 言語モデル")],
        [
            "glossary.yml:{{ja: 大規模: }}: YAML の書き方の誤り：ここに「キー: 値」は書けない（原文: mapping values are not allowed in this context）。値に「: 」を含めるなら、値全体を引用符で囲む。この行と前の行の字下げ、コロン、引用符を確かめる。"
        ],
        id="yaml-syntax-error-with-its-line",
    ),
    pytest.param(
        [("    en: large language model\n", "    en: large language model\n    ? [a, b]\n    : c\n")],
        [
            "glossary.yml:{{? [a, b]}}: YAML の書き方の誤り：キーにリストか「キー: 値」のまとまりが書かれている。この行と前の行の字下げ、コロン、引用符を確かめる。"
        ],
        id="yaml-list-as-key",
    ),
    pytest.param(
        [("aliases: [LLM]", "aliases: &a [LLM, *a]")],
        [
            "glossary.yml:{{aliases: &a}}: YAML の書き方の誤り：別名（*）が、それ自身を含むリストか「キー: 値」のまとまりを指している。この行と前の行の字下げ、コロン、引用符を確かめる。"
        ],
        id="yaml-alias-into-itself",
    ),
    pytest.param(
        [("en: large language model", "en: !!python/object/apply:os.getcwd []")],
        [
            'glossary.yml:{{en: !!python}}: YAML の書き方の誤り：タグ "tag:yaml.org,2002:python/object/apply:os.getcwd" はここでは使えない。この行と前の行の字下げ、コロン、引用符を確かめる。'
        ],
        id="yaml-unsafe-tag-refused",
    ),
    pytest.param(
        [("    計算を多く使う代わりに精度を高める。", "    計算を多く使う[[term:cost]]代わりに精度を高める。")],
        [
            'glossary.yml:{{[[term:cost]]}}: [[term:cost]] の指す用語がない（glossary.yml に id "cost" がない）。glossary.yml に書き足すか、id を直す。'
        ],
        id="unknown-ref-on-second-line-of-block-scalar",
    ),
    pytest.param(
        [("      大規模言語モデルは、", "      [[term:reasoning-modle]]は、")],
        [
            'glossary.yml:{{[[term:reasoning-modle]]}}: [[term:reasoning-modle]] の指す用語がない（glossary.yml に id "reasoning-modle" がない）。"reasoning-model" の書き間違いではないか。'
        ],
        id="unknown-ref-on-first-line-of-block-scalar",
    ),
    pytest.param(
        [("    definition: |\n      大規模言語モデルは、", "    definition: 大規模言語モデル[[term:nope]]は、")],
        [
            'glossary.yml:{{definition: 大規模}}: [[term:nope]] の指す用語がない（glossary.yml に id "nope" がない）。glossary.yml に書き足すか、id を直す。'
        ],
        id="unknown-ref-in-plain-scalar-on-key-line",
    ),
    pytest.param(
        [("      大規模言語モデルは、", "      [[compnay:openai]]は、")],
        [
            'glossary.yml:{{[[compnay}}: [[compnay:openai]] の種類 "compnay" はない。"company" の書き間違いではないか。[[term:id]]、[[company:id]]、[[event:id]] か [[person:id]] の形で書く。'
        ],
        id="unknown-ref-kind-in-definition",
    ),
    pytest.param(
        [
            (
                "    definition: |\n      推論モデルは、答えの前に推論の過程を書き出す。\n      計算を多く使う代わりに精度を高める。",
                "    definition: >\n      推論モデルは、答えの前に推論の過程を書き出す。\n      計算を多く使う[[term:cost]]代わりに精度を高める。",
            )
        ],
        [
            'glossary.yml:{{[[term:cost]]}}: [[term:cost]] の指す用語がない（glossary.yml に id "cost" がない）。glossary.yml に書き足すか、id を直す。'
        ],
        id="unknown-ref-on-second-line-of-folded-scalar",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), GLOSSARY_CASES)
def test_glossary_problem(tmp_path: Path, changes: list[tuple[str, str]], expected: list[str]) -> None:
    """One defect in glossary.yml gives exactly the expected problems, at the right lines."""
    text = edit(GLOSSARY, *changes)
    write_data(tmp_path, text, TIMELINE_WITHOUT_TERMS, COMPANIES)
    assert problems_in(tmp_path) == [expand(e, text) for e in expected]


WHOLE_FILE_CASES = [
    pytest.param(None, ["glossary.yml: ファイルがない。ファイルを作るか、パスを直す。"], id="missing-file"),
    pytest.param("", ["glossary.yml:1: ファイルが空である。1行目に「terms:」と書き、その下に項目を並べる。"], id="empty-file"),
    pytest.param(
        "# 用語集\n# まだ何もない\n",
        ["glossary.yml:1: ファイルが空である。1行目に「terms:」と書き、その下に項目を並べる。"],
        id="only-comments",
    ),
    pytest.param(
        GLOSSARY.replace("terms:", "term:"),
        [
            'glossary.yml:1: 一番上のキー "term" は使えない。"terms" の書き間違いではないか。一番上に書けるのは「terms:」だけである。'
        ],
        id="wrong-top-level-key",
    ),
    pytest.param(
        "- id: llm\n",
        [
            "glossary.yml:1: ファイルの一番上が、項目のリストを持つ「terms:」になっていない。1行目に「terms:」と書き、その下に「  - id: …」の項目を並べる。"
        ],
        id="list-without-top-level-key",
    ),
    pytest.param(
        GLOSSARY + "extra: 1\n",
        ['glossary.yml:{{extra: 1}}: 一番上のキー "extra" は使えない。一番上に書けるのは「terms:」だけである。'],
        id="extra-top-level-key",
    ),
    pytest.param(
        "terms: 3\n",
        ['glossary.yml:1: "terms" が項目のリストになっていない。各項目を「  - id: …」で始める。'],
        id="top-level-key-not-a-list",
    ),
    pytest.param(
        "terms:\n  - just a word\n",
        ["glossary.yml:2: 用語の1番目の項目：「キー: 値」の形で書かれていない。項目は「- id: …」で始める。"],
        id="entry-not-a-mapping",
    ),
    pytest.param(
        b"terms:\n  - id: \xff\n",
        [
            "glossary.yml:2: glossary.yml が UTF-8 で保存されていない（この行のバイト 0xff を読めない。Shift_JIS などで保存したのではないか）。UTF-8 で保存し直す。"
        ],
        id="not-utf8",
    ),
]


@pytest.mark.parametrize(("content", "expected"), WHOLE_FILE_CASES)
def test_glossary_file_problem(tmp_path: Path, content: str | bytes | None, expected: list[str]) -> None:
    """A glossary.yml that is missing, empty or shaped wrongly gives one clear problem."""
    write_data(tmp_path, GLOSSARY, TIMELINE_WITHOUT_TERMS, COMPANIES)
    write(tmp_path, "glossary.yml", content)
    text = content if isinstance(content, str) else ""
    write(tmp_path, "docs/data/timeline.yml", TIMELINE_WITHOUT_TERMS)
    assert problems_in(tmp_path) == [expand(e, text) for e in expected]


TIMELINE_CASES = [
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025-13-01"')],
        [
            'docs/data/timeline.yml:{{date: "2025-13-01"}}: 出来事 "stock-drop"："date" の "2025-13-01" は暦にない日付である。月は 01 から 12 で書く。'
        ],
        id="quoted-date-month-13",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025-02-30"')],
        [
            'docs/data/timeline.yml:{{date: "2025-02-30"}}: 出来事 "stock-drop"："date" の "2025-02-30" は暦にない日付である。日付を確かめる（2025年2月は28日まで）。'
        ],
        id="quoted-date-february-30",
    ),
    pytest.param(
        [('date: "2025-01-27"', "date: 2025-13-01")],
        [
            'docs/data/timeline.yml:{{date: 2025-13-01}}: 出来事 "stock-drop"："date" の "2025-13-01" は暦にない日付である。月は 01 から 12 で書く。'
        ],
        id="unquoted-date-month-13",
    ),
    pytest.param(
        [('date: "2025-01-27"', "date: 2025-02-30")],
        [
            'docs/data/timeline.yml:{{date: 2025-02-30}}: 出来事 "stock-drop"："date" の "2025-02-30" は暦にない日付である。日付を確かめる（2025年2月は28日まで）。'
        ],
        id="unquoted-date-february-30",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "Jan 2025"')],
        [
            'docs/data/timeline.yml:{{date: "Jan}}: 出来事 "stock-drop"："date" の "Jan 2025" は日付の形になっていない。"YYYY-MM-DD" か "YYYY-MM" の形で書く。'
        ],
        id="date-in-words",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025"')],
        [
            'docs/data/timeline.yml:{{date: "2025"}}: 出来事 "stock-drop"："date" の "2025" は日付の形になっていない。"YYYY-MM-DD" か "YYYY-MM" の形で書く。'
        ],
        id="event-date-year-only",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025-1-27"')],
        [
            'docs/data/timeline.yml:{{date: "2025-1-27"}}: 出来事 "stock-drop"："date" の "2025-1-27" は日付の形になっていない。"2025-01-27" の形で書く。'
        ],
        id="date-without-leading-zero",
    ),
    # The advice is the date given, in the form the files take (not a fixed example).
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025/01/23"')],
        [
            'docs/data/timeline.yml:{{2025/01/23}}: 出来事 "stock-drop"："date" の "2025/01/23" は日付の形になっていない。"2025-01-23" の形で書く。'
        ],
        id="date-with-slashes",
    ),
    pytest.param(
        [('date: "2025-01-27"', "date: 2025/1/9")],
        [
            'docs/data/timeline.yml:{{2025/1/9}}: 出来事 "stock-drop"："date" の "2025/1/9" は日付の形になっていない。"2025-01-09" の形で書く。'
        ],
        id="unquoted-date-with-slashes",
    ),
    pytest.param(
        [('date: "2025-01-27"', "date: 2025年2月3日")],
        [
            'docs/data/timeline.yml:{{2025年}}: 出来事 "stock-drop"："date" の "2025年2月3日" は日付の形になっていない。"2025-02-03" の形で書く。'
        ],
        id="date-in-japanese",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025年2月"')],
        [
            'docs/data/timeline.yml:{{2025年}}: 出来事 "stock-drop"："date" の "2025年2月" は日付の形になっていない。"2025-02" の形で書く。'
        ],
        id="month-in-japanese",
    ),
    pytest.param(
        [('date: "2025-01-27"', "date: 2025-01-27 09:30")],
        [
            'docs/data/timeline.yml:{{09:30}}: 出来事 "stock-drop"："date" の "2025-01-27 09:30" は日付の形になっていない。'
            '時刻を付けずに "2025-01-27" の形で書く。'
        ],
        id="unquoted-date-with-a-time",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2024-02-30"')],
        [
            'docs/data/timeline.yml:{{2024-02-30}}: 出来事 "stock-drop"："date" の "2024-02-30" は暦にない日付である。日付を確かめる（2024年2月は29日まで）。'
        ],
        id="leap-year-february-30",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025-01-10"')],
        [
            'docs/data/timeline.yml:{{- id: stock-drop}}: 出来事 "stock-drop"（2025-01-10）が "r1-release"（2025-01-20）の後に書かれているが、日付はそれより前である。"stock-drop" を "r1-release" より前に移し、日付の順に並べる。'
        ],
        id="events-out-of-order",
    ),
    pytest.param(
        [("companies: [deepseek]", "companies: [deepsek]")],
        [
            'docs/data/timeline.yml:{{companies: [deepsek]}}: 出来事 "r1-release"："companies" の "deepsek" という企業の id はない。"deepseek" の書き間違いではないか。'
        ],
        id="unknown-company",
    ),
    pytest.param(
        [("terms: [reasoning-model]", "terms: [reasoning]")],
        [
            'docs/data/timeline.yml:{{terms: [reasoning]}}: 出来事 "r1-release"："terms" の "reasoning" という用語の id はない。"reasoning-model" の書き間違いではないか。'
        ],
        id="unknown-term",
    ),
    pytest.param(
        [("companies: [deepseek]", "companies: deepseek")],
        [
            'docs/data/timeline.yml:{{companies:}}: 出来事 "r1-release"："companies" がリストになっていない。companies: [deepseek] のように [ ] で囲むか、1行に1つずつ「- 」で書く。'
        ],
        id="companies-not-a-list",
    ),
    pytest.param(
        [("      [[term:reasoning-model]]の一つ", "      [[term:reasoning-modle]]の一つ")],
        [
            'docs/data/timeline.yml:{{[[term:reasoning-modle]]}}: [[term:reasoning-modle]] の指す用語がない（glossary.yml に id "reasoning-modle" がない）。"reasoning-model" の書き間違いではないか。'
        ],
        id="unknown-ref-in-summary",
    ),
    pytest.param(
        [("      [[term:reasoning-model]]の一つ", "      [[term:reasoning-model|]]の一つ")],
        [
            "docs/data/timeline.yml:{{[[term:reasoning-model|]]}}: [[term:reasoning-model|]] の「|」の後が空である。表示する文字を書くか、「|」を消す。"
        ],
        id="empty-ref-text-in-summary",
    ),
    pytest.param(
        [("    title: 株価が急落\n", "    titel: 株価が急落\n")],
        [
            'docs/data/timeline.yml:{{titel:}}: 出来事 "stock-drop"：キー "titel" は使えない。"title" の書き間違いではないか。使えるキーは id, date, title, summary, companies, terms, sources である。',
        ],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        [("      半導体株が急落した。\n", "")],
        ['docs/data/timeline.yml:{{summary:@2}}: 出来事 "stock-drop"："summary" の値が空である。値を書くか、空の項目を消す。'],
        id="empty-block-scalar",
    ),
    pytest.param(
        [("- id: stock-drop", "- id: r1-release")],
        [
            'docs/data/timeline.yml:{{- id: r1-release@2}}: 出来事の id "r1-release" が2回使われている（1回目は docs/data/timeline.yml:{{- id: r1-release}}）。項目ごとに別の id を付ける。'
        ],
        id="duplicate-event-id",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), TIMELINE_CASES)
def test_timeline_problem(tmp_path: Path, changes: list[tuple[str, str]], expected: list[str]) -> None:
    """One defect in timeline.yml gives exactly the expected problems, at the right lines."""
    text = edit(TIMELINE, *changes)
    write_data(tmp_path, GLOSSARY, text, COMPANIES)
    assert problems_in(tmp_path) == [expand(e, text) for e in expected]


COMPANY_CASES = [
    pytest.param(
        [("    headquarters: 米国・サンフランシスコ\n", "")],
        [
            'docs/data/companies.yml:{{- id: openai}}: 企業 "openai"："headquarters" がない。この項目に「headquarters: …」を書き足す。'
        ],
        id="missing-required-field",
    ),
    pytest.param(
        [("    name: OpenAI\n", "    nmae: OpenAI\n")],
        [
            'docs/data/companies.yml:{{nmae:}}: 企業 "openai"：キー "nmae" は使えない。"name" の書き間違いではないか。使えるキーは id, name, name_en, name_local, kind, aliases, summary, founded, announced, headquarters, leaders, products, role, sources である。',
        ],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        [('founded: "2015-12"', 'founded: "2015-13"')],
        [
            'docs/data/companies.yml:{{founded:@2}}: 企業 "openai"："founded" の "2015-13" は暦にない日付である。月は 01 から 12 で書く。'
        ],
        id="founded-month-13",
    ),
    pytest.param(
        [('founded: "2015-12"', "founded: 2015年")],
        [
            'docs/data/companies.yml:{{founded:@2}}: 企業 "openai"："founded" の "2015年" は日付の形になっていない。"2015" の形で書く。'
        ],
        id="founded-in-words",
    ),
    pytest.param(
        [("leaders: [サム・アルトマン]", "leaders: サム・アルトマン")],
        [
            'docs/data/companies.yml:{{leaders: サム}}: 企業 "openai"："leaders" がリストになっていない。leaders: [サム・アルトマン] のように [ ] で囲むか、1行に1つずつ「- 」で書く。'
        ],
        id="leaders-not-a-list",
    ),
    pytest.param(
        [("summary: ChatGPTを開発する米国の企業である。", "summary: ChatGPTを開発する。米国の企業である。")],
        [
            'docs/data/companies.yml:{{summary: ChatGPT}}: 企業 "openai"："summary" が「。」で終わる1行の1文になっていない。2文目からは長い説明の欄に移す。'
        ],
        id="summary-two-sentences",
    ),
    pytest.param(
        [("aliases: [ディープシーク]", "aliases: [ディープシーク, OpenAI]")],
        [
            'docs/data/companies.yml:{{aliases: [ディープシーク, }}: 企業 "deepseek"：表記 "OpenAI" は企業 "openai"（docs/data/companies.yml:{{- id: openai}}）にもある。1つの表記は1つの項目にしか使えないので、どちらかから消す。'
        ],
        id="alias-equal-to-other-company-name",
    ),
    pytest.param(
        [("      [[event:r1-release]]で知られる。", "      [[event:r1]]で知られる。")],
        [
            'docs/data/companies.yml:{{[[event:r1]]}}: [[event:r1]] の指す出来事がない（docs/data/timeline.yml に id "r1" がない）。docs/data/timeline.yml に書き足すか、id を直す。'
        ],
        id="unknown-event-ref-in-role",
    ),
    pytest.param(
        [("companies:\n", "company:\n")],
        [
            'docs/data/companies.yml:1: 一番上のキー "company" は使えない。"companies" の書き間違いではないか。一番上に書けるのは「companies:」だけである。'
        ],
        id="wrong-top-level-key",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), COMPANY_CASES)
def test_company_problem(tmp_path: Path, changes: list[tuple[str, str]], expected: list[str]) -> None:
    """One defect in companies.yml gives exactly the expected problems, at the right lines."""
    text = edit(COMPANIES, *changes)
    timeline = TIMELINE.replace("    companies: [deepseek]\n", "")  # no cascade when the companies are unreadable
    write_data(tmp_path, GLOSSARY, timeline, text)
    assert problems_in(tmp_path) == [expand(e, text) for e in expected]


def test_unquoted_yaml_dates_are_accepted(tmp_path: Path) -> None:
    """Unquoted dates and years (which YAML reads as date and int) are taken as their ISO text."""
    timeline = edit(TIMELINE, ('date: "2025-01-20"', "date: 2025-01-20"), ('date: "2025-01-27"', "date: 2025-02"))
    companies = edit(COMPANIES, ('founded: "2023"', "founded: 2023"), ('founded: "2015-12"', "founded: 2015-12-11"))
    glossary = edit(GLOSSARY, ('date: "2024-09"', "date: 2024-09-12"))
    write_data(tmp_path, glossary, timeline, companies)
    data, problems = load_data(tmp_path)
    assert problems == []
    assert [e.date for e in data.events.values()] == ["2025-01-20", "2025-02"]
    assert [c.founded for c in data.companies.values()] == ["2023", "2015-12-11"]
    assert data.terms["reasoning-model"].sources[0].date == "2024-09-12"


def test_records_keep_their_lines_and_markdown_start(tmp_path: Path) -> None:
    """Each record remembers its entry line; a block scalar's text starts on the line after its key."""
    glossary = edit(
        GLOSSARY, ("    aliases: [LLM]\n", "    aliases: [LLM]\n    related: [reasoning-model]\n    autolink: false\n")
    )
    write_data(tmp_path, glossary, TIMELINE, COMPANIES)
    data, _ = load_data(tmp_path)
    term = data.terms["llm"]
    assert str(term.origin) == f"glossary.yml:{line_of(glossary, '- id: llm')}"
    assert str(term.definition.origin) == f"glossary.yml:{line_of(glossary, 'definition: |', 2) + 1}"
    assert term.related == ("reasoning-model",)
    assert term.aliases == ("LLM",)
    assert term.autolink is False
    assert data.terms["reasoning-model"].autolink is True
    assert [s.url for s in term.sources] == ["https://example.org/llm"]
    event = data.events["r1-release"]
    assert str(event.summary.origin) == f"docs/data/timeline.yml:{line_of(TIMELINE, 'summary: |') + 1}"
    assert event.companies == ("deepseek",)


def test_anchors_and_merge_keys_are_read_as_the_safe_loader_reads_them(tmp_path: Path) -> None:
    """A source written once under an anchor is merged into another record's list (<<: *r1) and named by an alias (*r1)."""
    companies = edit(
        COMPANIES,
        ("      - publisher: DeepSeek\n", "      - &r1\n        publisher: DeepSeek\n"),
        (
            "      - publisher: OpenAI\n        title: About\n        url: https://openai.com/about/\n",
            "      - <<: *r1\n      - *r1\n",
        ),
    )
    write_data(tmp_path, GLOSSARY, TIMELINE, companies)
    data, problems = load_data(tmp_path)
    assert problems == []
    sources = data.companies["openai"].sources
    assert [(s.publisher, s.title, s.url) for s in sources] == [
        ("DeepSeek", "DeepSeek-R1", "https://github.com/deepseek-ai/DeepSeek-R1")
    ] * 2
    # The merged source is where it is merged; the alias stands for the anchored source, written at the anchor.
    assert [s.origin.line for s in sources] == [line_of(companies, "- <<: *r1"), line_of(companies, "- &r1")]


def test_every_problem_of_a_file_is_reported_in_one_call(tmp_path: Path) -> None:
    """Several defects across the files come back together from one load, sorted by file and line by split()."""
    glossary = edit(
        GLOSSARY,
        ("reading: すいろんもでる", "reading: suiron"),
        ("short: 大量の", "shrot: 大量の"),
        ("url: https://example.org/llm", "url: http://example.org/llm"),
    )
    timeline = edit(TIMELINE, ('date: "2025-01-27"', 'date: "Jan 2025"'), ("companies: [deepseek]", "companies: [opneai]"))
    write_data(tmp_path, glossary, timeline, COMPANIES)
    errors, warnings = split(Build(tmp_path).problems)
    in_timeline = [
        'docs/data/timeline.yml:{{[opneai]}}: 出来事 "r1-release"："companies" の "opneai" という企業の id はない。"openai" の書き間違いではないか。',
        # The term with the bad reading still counts as an id: nothing that names it is reported.
        'docs/data/timeline.yml:{{date: "Jan}}: 出来事 "stock-drop"："date" の "Jan 2025" は日付の形になっていない。"YYYY-MM-DD" か "YYYY-MM" の形で書く。',
    ]
    in_glossary = [
        'glossary.yml:{{reading: suiron}}: 用語 "reasoning-model"："reading" の "suiron" にかな以外の文字がある。ひらがなかカタカナだけで書く。',
        f'glossary.yml:{{{{shrot:}}}}: 用語 "llm"：キー "shrot" は使えない。"short" の書き間違いではないか。使えるキーは {TERM_KEYS} である。',
        'glossary.yml:{{url: http:}}: 用語 "llm" の出典1："url" の "http://example.org/llm" は https:// で始まるアドレスではない。'
        '"https://example.org/llm" のように https で書く。',
    ]
    expected = [expand(e, timeline) for e in in_timeline] + [expand(e, glossary) for e in in_glossary]
    assert warnings == []
    assert [str(p) for p in errors] == expected
    assert len(load_data(tmp_path)[1]) == len(expected)
