"""hooks.data.load_data: every kind of bad input in the three data files, each with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.build import Build, split
from hooks.kinds import load as load_data
from hooks.model import Problem
from tests.fixtures import edit, expand, line_of, write, write_data

TERM_KEYS = "id, ja, en, reading, aliases, short, definition, related, autolink, sources"
EVENT_KEYS = "id, date, title, summary, companies, terms, sources"
COMPANY_KEYS = (
    "id, name, name_en, name_local, kind, aliases, summary, founded, announced, headquarters, leaders, products, role, sources"
)
EVENT_FORMS = "'YYYY-MM-DD', or 'YYYY-MM' when only the month is known"
ANY_FORMS = "'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'"

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
        ["glossary.yml:{{- id: reasoning-model}}: term 'reasoning-model': 'en' is missing. Add 'en: …' to this entry."],
        id="missing-required-field",
    ),
    pytest.param(
        [("    en: reasoning model\n", "    en:\n")],
        ["glossary.yml:4: term 'reasoning-model': 'en' is missing. Add 'en: …' to this entry."],
        id="required-field-without-value",
    ),
    pytest.param(
        [("  - id: llm\n", "  - ja: x\n"), ("    ja: 大規模言語モデル\n", "")],
        ["glossary.yml:{{- ja: x}}: term #2: 'id' is missing. Add 'id: …' to this entry."],
        id="missing-id-names-entry-by-number",
    ),
    pytest.param(
        [("short: 答えを出す", "shrot: 答えを出す")],
        [
            f"glossary.yml:{{{{shrot:}}}}: term 'reasoning-model': unknown key 'shrot'. Did you mean 'short'? Allowed keys: {TERM_KEYS}.",
        ],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    colour: blue\n")],
        [f"glossary.yml:{{{{colour:}}}}: term 'llm': unknown key 'colour'. Allowed keys: {TERM_KEYS}."],
        id="unknown-key-without-close-match",
    ),
    pytest.param(
        [("ja: 推論モデル", "ja: [推論モデル]")],
        ["glossary.yml:{{ja: [}}: term 'reasoning-model': 'ja' must be a non-empty text. Write the text after the colon."],
        id="list-where-text-is-expected",
    ),
    pytest.param(
        [("ja: 推論モデル", "ja: yes")],
        ["glossary.yml:{{ja: yes}}: term 'reasoning-model': 'ja' must be a non-empty text. Write the text after the colon."],
        id="bool-where-text-is-expected",
    ),
    pytest.param(
        [("short: 答えを出す前に推論の過程を生成するモデルである。", "short: {a: b}")],
        ["glossary.yml:{{short: {}}: term 'reasoning-model': 'short' must be a non-empty text. Write the text after the colon."],
        id="mapping-where-text-is-expected",
    ),
    pytest.param(
        [("aliases: [リーズニングモデル]", "aliases: リーズニングモデル")],
        [
            "glossary.yml:{{aliases:}}: term 'reasoning-model': 'aliases' must be a list. "
            "Write it as aliases: [a, b] or one '- item' per line."
        ],
        id="text-where-list-is-expected",
    ),
    pytest.param(
        [("aliases: [リーズニングモデル]", "aliases: [リーズニングモデル, '']")],
        [
            "glossary.yml:{{aliases:}}: term 'reasoning-model': 'aliases' must be a non-empty text. Write the text after the colon."
        ],
        id="empty-item-in-list",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    autolink: maybe\n")],
        ["glossary.yml:{{autolink:}}: term 'llm': 'autolink' must be true or false."],
        id="text-where-bool-is-expected",
    ),
    pytest.param(
        [("- id: reasoning-model", "- id: Reasoning_Model")],
        [
            "glossary.yml:{{- id: Reasoning_Model}}: term 'Reasoning_Model': 'id' 'Reasoning_Model' is not a valid id. "
            "Use lowercase ASCII letters, digits and single hyphens, e.g. 'reasoning-model'."
        ],
        id="invalid-id-uppercase-underscore",
    ),
    pytest.param(
        [("- id: reasoning-model", "- id: reasoning--model")],
        [
            "glossary.yml:{{- id: reasoning--model}}: term 'reasoning--model': 'id' 'reasoning--model' is not a valid id. "
            "Use lowercase ASCII letters, digits and single hyphens, e.g. 'reasoning-model'."
        ],
        id="invalid-id-double-hyphen",
    ),
    pytest.param(
        [("reading: すいろんもでる", "reading: suiron model")],
        [
            "glossary.yml:{{reading:}}: term 'reasoning-model': 'reading' 'suiron model' must be written in kana only. e.g. reading: すいろんもでる"
        ],
        id="reading-in-latin",
    ),
    pytest.param(
        [("reading: すいろんもでる", "reading: 推論もでる")],
        [
            "glossary.yml:{{reading:}}: term 'reasoning-model': 'reading' '推論もでる' must be written in kana only. e.g. reading: すいろんもでる"
        ],
        id="reading-with-kanji",
    ),
    pytest.param(
        [("short: 答えを出す前に推論の過程を生成するモデルである。", "short: 答えを出すモデルである。詳しくは下を読む。")],
        [
            "glossary.yml:{{short:}}: term 'reasoning-model': 'short' must be one sentence on one line, ending in 「。」. "
            "Move further explanation to the longer text field."
        ],
        id="short-two-sentences",
    ),
    pytest.param(
        [("short: 答えを出す前に推論の過程を生成するモデルである。", "short: 答えを出す前に推論の過程を生成するモデル")],
        [
            "glossary.yml:{{short:}}: term 'reasoning-model': 'short' must be one sentence on one line, ending in 「。」. "
            "Move further explanation to the longer text field."
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
        [
            "glossary.yml:{{short:}}: term 'reasoning-model': 'short' must be one sentence on one line, ending in 「。」. "
            "Move further explanation to the longer text field."
        ],
        id="short-on-two-lines",
    ),
    pytest.param(
        [("- id: llm", "- id: reasoning-model")],
        [
            "glossary.yml:{{- id: reasoning-model@2}}: duplicate glossary term id 'reasoning-model' "
            "(first defined at glossary.yml:{{- id: reasoning-model}}). Give each entry its own id."
        ],
        id="duplicate-id-names-first-definition",
    ),
    pytest.param(
        [("    en: large language model\n", "    en: large language model\n    ja: LLMモデル\n")],
        [
            "glossary.yml:{{ja: LLMモデル}}: key 'ja' is written twice in this mapping "
            "(first at line {{ja: 大規模言語モデル}}). Keep one of them."
        ],
        id="duplicate-key-in-one-mapping",
    ),
    pytest.param(
        [("aliases: [LLM]", "aliases: [LLM, リーズニングモデル]")],
        [
            "glossary.yml:{{aliases: [LLM, }}: glossary term 'llm': the spelling 'リーズニングモデル' also belongs to "
            "glossary term 'reasoning-model' (glossary.yml:{{- id: reasoning-model}}). "
            "A spelling may belong to one entry only; remove it from one of them."
        ],
        id="alias-shared-by-two-terms",
    ),
    pytest.param(
        [("aliases: [LLM]", "aliases: [LLM, 推論モデル]")],
        [
            "glossary.yml:{{aliases: [LLM, }}: glossary term 'llm': the spelling '推論モデル' also belongs to "
            "glossary term 'reasoning-model' (glossary.yml:{{- id: reasoning-model}}). "
            "A spelling may belong to one entry only; remove it from one of them."
        ],
        id="alias-equal-to-another-terms-name",
    ),
    pytest.param(
        [("aliases: [LLM]", "aliases: [LLM, DeepSeek]")],
        [
            "glossary.yml:{{aliases: [LLM, }}: glossary term 'llm': the spelling 'DeepSeek' also belongs to "
            f"company 'deepseek' (docs/data/companies.yml:{DEEPSEEK_LINE}). A spelling may belong to one entry only; remove it from one of them."
        ],
        id="alias-equal-to-company-name",
    ),
    pytest.param(
        [("aliases: [リーズニングモデル]", "aliases: [リーズニングモデル, ＡＩ]"), ("aliases: [LLM]", "aliases: [LLM, AI]")],
        [
            "glossary.yml:{{aliases: [LLM, }}: glossary term 'llm': the spelling 'AI' also belongs to "
            "glossary term 'reasoning-model' (glossary.yml:{{- id: reasoning-model}}). "
            "A spelling may belong to one entry only; remove it from one of them."
        ],
        id="full-width-alias-folds-onto-ascii",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    related: [reasoning-modle]\n")],
        [
            "glossary.yml:{{related: [}}: glossary term 'llm': 'related' names 'reasoning-modle', "
            "which is not a glossary term id. Did you mean 'reasoning-model'?"
        ],
        id="related-unknown-did-you-mean",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    related: [transformer]\n")],
        [
            "glossary.yml:{{related: [}}: glossary term 'llm': 'related' names 'transformer', "
            "which is not a glossary term id. Add it to glossary.yml or fix the id."
        ],
        id="related-unknown-no-close-match",
    ),
    pytest.param(
        [("    aliases: [LLM]\n", "    aliases: [LLM]\n    related: [reasoning-model, llm]\n")],
        ["glossary.yml:{{related: [}}: glossary term 'llm' lists itself in 'related'. Remove it."],
        id="related-to-itself",
    ),
    pytest.param(
        [("url: https://example.org/llm", "url: http://example.org/llm")],
        [
            "glossary.yml:{{url: http:}}: term 'llm', source 1: 'url' 'http://example.org/llm' is not an https:// URL. "
            "Cite the https address of the original publisher."
        ],
        id="http-source-url",
    ),
    pytest.param(
        [("        title: LLM\n", "")],
        ["glossary.yml:{{- publisher: Example}}: term 'llm', source 1: 'title' is missing. Add 'title: …' to this entry."],
        id="source-missing-title",
    ),
    pytest.param(
        [("        title: LLM\n", "        title: LLM\n        author: Someone\n")],
        ["glossary.yml:{{author:}}: term 'llm', source 1: unknown key 'author'. Allowed keys: publisher, title, url, date."],
        id="source-unknown-key",
    ),
    pytest.param(
        [('date: "2024-09"', 'date: "2024-13"')],
        ["glossary.yml:{{date:}}: term 'reasoning-model', source 1: 'date' '2024-13' is not a real calendar date."],
        id="source-date-month-13",
    ),
    pytest.param(
        [('date: "2024-09"', "date: Sept 2024")],
        [
            "glossary.yml:{{date:}}: term 'reasoning-model', source 1: 'date' 'Sept 2024' is not a date of the form "
            f'{ANY_FORMS}. Quote it: date: "2025-01-20".'
        ],
        id="source-date-in-words",
    ),
    pytest.param(
        [("    sources:\n      - publisher: Example", "    sources: []\n    more:\n      - publisher: Example")],
        [
            "glossary.yml:{{sources: []}}: term 'llm': 'sources' must be a list with at least one source. "
            "Add '- publisher: …, title: …, url: https://…'.",
            f"glossary.yml:{{{{more:}}}}: term 'llm': unknown key 'more'. Allowed keys: {TERM_KEYS}.",
        ],
        id="empty-sources",
    ),
    pytest.param(
        [("ja: 大規模言語モデル", "ja: 大規模: 言語モデル")],
        [
            "glossary.yml:{{ja: 大規模: }}: YAML syntax error: mapping values are not allowed in this context. "
            "Check indentation, colons and quotes on this line and the one before."
        ],
        id="yaml-syntax-error-with-its-line",
    ),
    pytest.param(
        [("    en: large language model\n", "    en: large language model\n    ? [a, b]\n    : c\n")],
        [
            "glossary.yml:{{? [a, b]}}: YAML syntax error: found a list or mapping as a key. "
            "Check indentation, colons and quotes on this line and the one before."
        ],
        id="yaml-list-as-key",
    ),
    pytest.param(
        [("aliases: [LLM]", "aliases: &a [LLM, *a]")],
        [
            "glossary.yml:{{aliases: &a}}: YAML syntax error: an alias points into the list or mapping that holds it. "
            "Check indentation, colons and quotes on this line and the one before."
        ],
        id="yaml-alias-into-itself",
    ),
    pytest.param(
        [("en: large language model", "en: !!python/object/apply:os.getcwd []")],
        [
            "glossary.yml:{{en: !!python}}: YAML syntax error: the tag 'tag:yaml.org,2002:python/object/apply:os.getcwd' "
            "is not allowed here. Check indentation, colons and quotes on this line and the one before."
        ],
        id="yaml-unsafe-tag-refused",
    ),
    pytest.param(
        [("    計算を多く使う代わりに精度を高める。", "    計算を多く使う[[term:cost]]代わりに精度を高める。")],
        [
            "glossary.yml:{{[[term:cost]]}}: [[term:cost]] points at no glossary term: there is no id 'cost' in glossary.yml. "
            "Add it to glossary.yml or fix the id."
        ],
        id="unknown-ref-on-second-line-of-block-scalar",
    ),
    pytest.param(
        [("      大規模言語モデルは、", "      [[term:reasoning-modle]]は、")],
        [
            "glossary.yml:{{[[term:reasoning-modle]]}}: [[term:reasoning-modle]] points at no glossary term: "
            "there is no id 'reasoning-modle' in glossary.yml. Did you mean 'reasoning-model'?"
        ],
        id="unknown-ref-on-first-line-of-block-scalar",
    ),
    pytest.param(
        [("    definition: |\n      大規模言語モデルは、", "    definition: 大規模言語モデル[[term:nope]]は、")],
        [
            "glossary.yml:{{definition: 大規模}}: [[term:nope]] points at no glossary term: there is no id 'nope' in glossary.yml. "
            "Add it to glossary.yml or fix the id."
        ],
        id="unknown-ref-in-plain-scalar-on-key-line",
    ),
    pytest.param(
        [("      大規模言語モデルは、", "      [[compnay:openai]]は、")],
        [
            "glossary.yml:{{[[compnay}}: unknown reference kind 'compnay' in [[compnay:openai]]. "
            "Did you mean 'company'? Use [[term:id]], [[company:id]], [[event:id]] or [[person:id]]."
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
            "glossary.yml:{{[[term:cost]]}}: [[term:cost]] points at no glossary term: there is no id 'cost' in glossary.yml. "
            "Add it to glossary.yml or fix the id."
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
    pytest.param(None, ["glossary.yml: file not found. Create it or fix the path."], id="missing-file"),
    pytest.param("", ["glossary.yml:1: the file is empty. Start it with 'terms:' and a list of entries."], id="empty-file"),
    pytest.param(
        "# 用語集\n# まだ何もない\n",
        ["glossary.yml:1: the file is empty. Start it with 'terms:' and a list of entries."],
        id="only-comments",
    ),
    pytest.param(
        GLOSSARY.replace("terms:", "term:"),
        ["glossary.yml:1: unknown top-level key 'term'. Did you mean 'terms'? Only 'terms:' is allowed."],
        id="wrong-top-level-key",
    ),
    pytest.param(
        "- id: llm\n",
        [
            "glossary.yml:1: the file must have a top-level key 'terms:' holding a list. "
            "Write 'terms:' on the first line, then '  - id: …' entries."
        ],
        id="list-without-top-level-key",
    ),
    pytest.param(
        GLOSSARY + "extra: 1\n",
        ["glossary.yml:{{extra: 1}}: unknown top-level key 'extra'. Only 'terms:' is allowed."],
        id="extra-top-level-key",
    ),
    pytest.param(
        "terms: 3\n",
        ["glossary.yml:1: 'terms' must be a list of entries. Start each entry with '  - id: …'."],
        id="top-level-key-not-a-list",
    ),
    pytest.param(
        "terms:\n  - just a word\n",
        ["glossary.yml:2: term #1: must be a mapping of keys to values. Start the entry with '- id: …'."],
        id="entry-not-a-mapping",
    ),
    pytest.param(
        b"terms:\n  - id: \xff\n",
        [
            "glossary.yml:2: glossary.yml is not UTF-8 (byte 0xff on this line cannot be read; Shift_JIS or another encoding?). Save it as UTF-8."
        ],
        id="not-utf8",
    ),
]


@pytest.mark.parametrize(("content", "expected"), WHOLE_FILE_CASES)
def test_glossary_file_problem(tmp_path: Path, content: str | bytes | None, expected: list[str]) -> None:
    """A glossary.yml that is missing, empty or shaped wrongly gives one clear problem."""
    write_data(tmp_path, GLOSSARY, TIMELINE_WITHOUT_TERMS, COMPANIES)
    path = tmp_path / "glossary.yml"
    if content is None:
        path.unlink()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    text = content if isinstance(content, str) else ""
    write(tmp_path, "docs/data/timeline.yml", TIMELINE_WITHOUT_TERMS)
    assert problems_in(tmp_path) == [expand(e, text) for e in expected]


TIMELINE_CASES = [
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025-13-01"')],
        ["docs/data/timeline.yml:{{date: \"2025-13-01\"}}: event 'stock-drop': 'date' '2025-13-01' is not a real calendar date."],
        id="quoted-date-month-13",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025-02-30"')],
        ["docs/data/timeline.yml:{{date: \"2025-02-30\"}}: event 'stock-drop': 'date' '2025-02-30' is not a real calendar date."],
        id="quoted-date-february-30",
    ),
    pytest.param(
        [('date: "2025-01-27"', "date: 2025-13-01")],
        ["docs/data/timeline.yml:{{date: 2025-13-01}}: event 'stock-drop': 'date' '2025-13-01' is not a real calendar date."],
        id="unquoted-date-month-13",
    ),
    pytest.param(
        [('date: "2025-01-27"', "date: 2025-02-30")],
        ["docs/data/timeline.yml:{{date: 2025-02-30}}: event 'stock-drop': 'date' '2025-02-30' is not a real calendar date."],
        id="unquoted-date-february-30",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "Jan 2025"')],
        [
            "docs/data/timeline.yml:{{date: \"Jan}}: event 'stock-drop': 'date' 'Jan 2025' is not a date of the form "
            f'{EVENT_FORMS}. Quote it: date: "2025-01-20".'
        ],
        id="date-in-words",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025"')],
        [
            "docs/data/timeline.yml:{{date: \"2025\"}}: event 'stock-drop': 'date' '2025' is not a date of the form "
            f'{EVENT_FORMS}. Quote it: date: "2025-01-20".'
        ],
        id="event-date-year-only",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025-1-27"')],
        [
            "docs/data/timeline.yml:{{date: \"2025-1-27\"}}: event 'stock-drop': 'date' '2025-1-27' is not a date of the form "
            f'{EVENT_FORMS}. Quote it: date: "2025-01-20".'
        ],
        id="date-without-leading-zero",
    ),
    pytest.param(
        [('date: "2025-01-27"', 'date: "2025-01-10"')],
        [
            "docs/data/timeline.yml:{{- id: stock-drop}}: timeline event 'stock-drop' (2025-01-10) comes after "
            "'r1-release' (2025-01-20) but is earlier. Keep events in chronological order in the file."
        ],
        id="events-out-of-order",
    ),
    pytest.param(
        [("companies: [deepseek]", "companies: [deepsek]")],
        [
            "docs/data/timeline.yml:{{companies: [deepsek]}}: timeline event 'r1-release': 'companies' names 'deepsek', "
            "which is not a company id. Did you mean 'deepseek'?"
        ],
        id="unknown-company",
    ),
    pytest.param(
        [("terms: [reasoning-model]", "terms: [reasoning]")],
        [
            "docs/data/timeline.yml:{{terms: [reasoning]}}: timeline event 'r1-release': 'terms' names 'reasoning', "
            "which is not a glossary term id. Did you mean 'reasoning-model'?"
        ],
        id="unknown-term",
    ),
    pytest.param(
        [("companies: [deepseek]", "companies: deepseek")],
        [
            "docs/data/timeline.yml:{{companies:}}: event 'r1-release': 'companies' must be a list. "
            "Write it as companies: [a, b] or one '- item' per line."
        ],
        id="companies-not-a-list",
    ),
    pytest.param(
        [("      [[term:reasoning-model]]の一つ", "      [[term:reasoning-modle]]の一つ")],
        [
            "docs/data/timeline.yml:{{[[term:reasoning-modle]]}}: [[term:reasoning-modle]] points at no glossary term: "
            "there is no id 'reasoning-modle' in glossary.yml. Did you mean 'reasoning-model'?"
        ],
        id="unknown-ref-in-summary",
    ),
    pytest.param(
        [("      [[term:reasoning-model]]の一つ", "      [[term:reasoning-model|]]の一つ")],
        [
            "docs/data/timeline.yml:{{[[term:reasoning-model|]]}}: [[term:reasoning-model|]] has an empty text after '|'. "
            "Write the text or drop the '|'."
        ],
        id="empty-ref-text-in-summary",
    ),
    pytest.param(
        [("    title: 株価が急落\n", "    titel: 株価が急落\n")],
        [
            f"docs/data/timeline.yml:{{{{titel:}}}}: event 'stock-drop': unknown key 'titel'. Did you mean 'title'? "
            f"Allowed keys: {EVENT_KEYS}.",
        ],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        [("      半導体株が急落した。\n", "")],
        [
            "docs/data/timeline.yml:{{summary:@2}}: event 'stock-drop': 'summary' must be a non-empty text. Write the text after the colon."
        ],
        id="empty-block-scalar",
    ),
    pytest.param(
        [("- id: stock-drop", "- id: r1-release")],
        [
            "docs/data/timeline.yml:{{- id: r1-release@2}}: duplicate timeline event id 'r1-release' "
            "(first defined at docs/data/timeline.yml:{{- id: r1-release}}). Give each entry its own id."
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
            "docs/data/companies.yml:{{- id: openai}}: company 'openai': 'headquarters' is missing. Add 'headquarters: …' to this entry."
        ],
        id="missing-required-field",
    ),
    pytest.param(
        [("    name: OpenAI\n", "    nmae: OpenAI\n")],
        [
            f"docs/data/companies.yml:{{{{nmae:}}}}: company 'openai': unknown key 'nmae'. Did you mean 'name'? "
            f"Allowed keys: {COMPANY_KEYS}.",
        ],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        [('founded: "2015-12"', 'founded: "2015-13"')],
        ["docs/data/companies.yml:{{founded:@2}}: company 'openai': 'founded' '2015-13' is not a real calendar date."],
        id="founded-month-13",
    ),
    pytest.param(
        [('founded: "2015-12"', "founded: 2015年")],
        [
            "docs/data/companies.yml:{{founded:@2}}: company 'openai': 'founded' '2015年' is not a date of the form "
            f'{ANY_FORMS}. Quote it: date: "2025-01-20".'
        ],
        id="founded-in-words",
    ),
    pytest.param(
        [("leaders: [サム・アルトマン]", "leaders: サム・アルトマン")],
        [
            "docs/data/companies.yml:{{leaders: サム}}: company 'openai': 'leaders' must be a list. "
            "Write it as leaders: [a, b] or one '- item' per line."
        ],
        id="leaders-not-a-list",
    ),
    pytest.param(
        [("summary: ChatGPTを開発する米国の企業である。", "summary: ChatGPTを開発する。米国の企業である。")],
        [
            "docs/data/companies.yml:{{summary: ChatGPT}}: company 'openai': 'summary' must be one sentence on one line, "
            "ending in 「。」. Move further explanation to the longer text field."
        ],
        id="summary-two-sentences",
    ),
    pytest.param(
        [("aliases: [ディープシーク]", "aliases: [ディープシーク, OpenAI]")],
        [
            "docs/data/companies.yml:{{aliases: [ディープシーク, }}: company 'deepseek': the spelling 'OpenAI' also belongs to "
            "company 'openai' (docs/data/companies.yml:{{- id: openai}}). "
            "A spelling may belong to one entry only; remove it from one of them."
        ],
        id="alias-equal-to-other-company-name",
    ),
    pytest.param(
        [("      [[event:r1-release]]で知られる。", "      [[event:r1]]で知られる。")],
        [
            "docs/data/companies.yml:{{[[event:r1]]}}: [[event:r1]] points at no timeline event: "
            "there is no id 'r1' in docs/data/timeline.yml. Add it to docs/data/timeline.yml or fix the id."
        ],
        id="unknown-event-ref-in-role",
    ),
    pytest.param(
        [("companies:\n", "company:\n")],
        ["docs/data/companies.yml:1: unknown top-level key 'company'. Did you mean 'companies'? Only 'companies:' is allowed."],
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
        "docs/data/timeline.yml:{{[opneai]}}: timeline event 'r1-release': 'companies' names 'opneai', "
        "which is not a company id. Did you mean 'openai'?",
        # The term with the bad reading still counts as an id: nothing that names it is reported.
        "docs/data/timeline.yml:{{date: \"Jan}}: event 'stock-drop': 'date' 'Jan 2025' is not a date of the form "
        f'{EVENT_FORMS}. Quote it: date: "2025-01-20".',
    ]
    in_glossary = [
        "glossary.yml:{{reading: suiron}}: term 'reasoning-model': 'reading' 'suiron' must be written in kana only. "
        "e.g. reading: すいろんもでる",
        f"glossary.yml:{{{{shrot:}}}}: term 'llm': unknown key 'shrot'. Did you mean 'short'? Allowed keys: {TERM_KEYS}.",
        "glossary.yml:{{url: http:}}: term 'llm', source 1: 'url' 'http://example.org/llm' is not an https:// URL. "
        "Cite the https address of the original publisher.",
    ]
    expected = [expand(e, timeline) for e in in_timeline] + [expand(e, glossary) for e in in_glossary]
    assert warnings == []
    assert [str(p) for p in errors] == expected
    assert len(load_data(tmp_path)[1]) == len(expected)
