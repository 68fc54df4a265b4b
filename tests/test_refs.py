"""hooks.refs: finding [[kind:id]] references in Markdown and checking them against the data."""

from __future__ import annotations

import random
import re

import pytest

from hooks.model import Origin
from hooks.refs import REF, check_ref, check_refs, did_you_mean, find_refs, replace_refs
from tests.fixtures import make_company, make_data, make_event, make_term

DATA = make_data(
    terms=[
        make_term("reasoning-model", "推論モデル", "すいろんもでる"),
        make_term("llm", "大規模言語モデル", "だいきぼげんごもでる"),
    ],
    companies=[make_company("openai", "OpenAI")],
    events=[make_event("r1-release", "2025-01-20", "DeepSeekがR1を公開")],
)
PAGE = Origin("docs/page.md", 5)


def found(markdown: str) -> list[tuple[str, str, str | None, int]]:
    """(kind, id, text, line) of every reference found in the text, starting at line 5."""
    return [(r.kind, r.id, r.text, r.origin.line) for r in find_refs(markdown, PAGE)]


def test_find_refs_gives_lines_offsets_and_text() -> None:
    """Each reference has its kind, id, custom text, absolute offsets and the line it stands on."""
    markdown = "はじめに[[term:llm]]。\n\n次に[[company:openai|オープンAI]]と[[event:r1-release]]。\n"
    refs = list(find_refs(markdown, PAGE))
    assert [(r.kind, r.id, r.text, r.origin) for r in refs] == [
        ("term", "llm", None, Origin("docs/page.md", 5)),
        ("company", "openai", "オープンAI", Origin("docs/page.md", 7)),
        ("event", "r1-release", None, Origin("docs/page.md", 7)),
    ]
    assert [markdown[r.start : r.end] for r in refs] == ["[[term:llm]]", "[[company:openai|オープンAI]]", "[[event:r1-release]]"]
    assert [r.written for r in refs] == ["[[term:llm]]", "[[company:openai|オープンAI]]", "[[event:r1-release]]"]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("```\n[[term:a]]\n```\n[[term:b]]\n", [("term", "b", None, 8)], id="backtick-fence"),
        pytest.param("~~~md\n[[term:a]]\n~~~\n[[term:b]]\n", [("term", "b", None, 8)], id="tilde-fence-with-info"),
        pytest.param(
            "````\n```\n[[term:a]]\n```\n````\n[[term:b]]\n", [("term", "b", None, 10)], id="longer-fence-holds-shorter"
        ),
        pytest.param("`[[term:a]]` と [[term:b]]\n", [("term", "b", None, 5)], id="inline-code"),
        pytest.param("``a `[[term:a]]` b`` と [[term:b]]\n", [("term", "b", None, 5)], id="double-backtick-code"),
        pytest.param("[[term:a]] `code` [[term:b]]\n", [("term", "a", None, 5), ("term", "b", None, 5)], id="code-between-refs"),
        pytest.param(
            "!!! note\n\n    ```\n    [[term:a]]\n    ```\n\n[[term:b]]\n",
            [("term", "b", None, 11)],
            id="fence-inside-admonition",
        ),
        pytest.param(
            "- 手順\n\n    ```md\n    [[term:a]]\n    ```\n\n[[term:b]]\n", [("term", "b", None, 11)], id="fence-inside-list-item"
        ),
        pytest.param("[[ term : llm | 大規模 ]]\n", [("term", "llm", " 大規模 ", 5)], id="spaces-around-parts"),
        pytest.param("[[term:llm|]]\n", [("term", "llm", "", 5)], id="empty-custom-text"),
        pytest.param("[term:llm] と [[term llm]]\n", [], id="not-references"),
    ],
)
def test_find_refs_skips_code(markdown: str, expected: list[tuple[str, str, str | None, int]]) -> None:
    """References in fenced code and inline code are left alone; others are found with their line."""
    assert found(markdown) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("[[term:llm]]", None, id="term-ok"),
        pytest.param("[[company:openai|オープンAI]]", None, id="company-with-text-ok"),
        pytest.param("[[event:r1-release]]", None, id="event-ok"),
        pytest.param(
            "[[trem:llm]]",
            'docs/page.md:5: [[trem:llm]] の種類 "trem" はない。"term" の書き間違いではないか。[[term:id]]、[[company:id]]、[[event:id]] か [[person:id]] の形で書く。',
            id="unknown-kind-did-you-mean",
        ),
        pytest.param(
            "[[people:altman]]",
            'docs/page.md:5: [[people:altman]] の種類 "people" はない。[[term:id]]、[[company:id]]、[[event:id]] か [[person:id]] の形で書く。',
            id="unknown-kind",
        ),
        pytest.param(
            "[[term:reasoning-modle]]",
            'docs/page.md:5: [[term:reasoning-modle]] の指す用語がない（glossary.yml に id "reasoning-modle" がない）。"reasoning-model" の書き間違いではないか。',
            id="unknown-term-did-you-mean",
        ),
        pytest.param(
            "[[company:anthropic]]",
            'docs/page.md:5: [[company:anthropic]] の指す企業がない（docs/data/companies.yml に id "anthropic" がない）。docs/data/companies.yml に書き足すか、id を直す。',
            id="unknown-company",
        ),
        pytest.param(
            "[[event:r1-relase|1月20日]]",
            'docs/page.md:5: [[event:r1-relase|1月20日]] の指す出来事がない（docs/data/timeline.yml に id "r1-relase" がない）。"r1-release" の書き間違いではないか。',
            id="unknown-event-with-text",
        ),
        pytest.param(
            "[[term:llm| ]]",
            "docs/page.md:5: [[term:llm| ]] の「|」の後が空である。表示する文字を書くか、「|」を消す。",
            id="blank-text",
        ),
        pytest.param(
            "[[term:LLM]]",
            'docs/page.md:5: [[term:LLM]] の指す用語がない（glossary.yml に id "LLM" がない）。glossary.yml に書き足すか、id を直す。',
            id="ids-are-case-sensitive",
        ),
    ],
)
def test_check_ref_message(markdown: str, expected: str | None) -> None:
    """check_ref returns None for a good reference and the exact problem for a bad one."""
    (ref,) = find_refs(markdown, PAGE)
    problem = check_ref(ref, DATA)
    assert (str(problem) if problem else None) == expected


def test_check_refs_splits_good_from_bad() -> None:
    """check_refs returns every problem and only the references that resolve, in order."""
    markdown = "[[term:llm]] [[term:nope]]\n`[[term:nope2]]`\n[[company:openai]] [[event:nope]]\n"
    problems, good = check_refs(markdown, PAGE, DATA)
    assert [(p.origin.line, p.message.split(" ")[0]) for p in problems] == [(5, "[[term:nope]]"), (7, "[[event:nope]]")]
    assert [r.written for r in good] == ["[[term:llm]]", "[[company:openai]]"]


def test_replace_refs_keeps_the_rest_of_the_text() -> None:
    """replace_refs swaps only the given references and keeps everything between them."""
    markdown = "前[[term:llm]]中[[term:nope]]後[[company:openai|社]]末"
    _, good = check_refs(markdown, PAGE, DATA)
    assert replace_refs(markdown, good, lambda r: f"<{r.id}:{r.text}>") == "前<llm:None>中[[term:nope]]後<openai:社>末"
    assert replace_refs(markdown, [], lambda r: "x") == markdown


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("shrot", ["id", "short", "sources"], '"short" の書き間違いではないか。'),
        ("evnt", ["term", "company", "event"], '"event" の書き間違いではないか。'),
        ("zzz", ["term", "company", "event"], ""),
        ("llm", {}, ""),
    ],
)
def test_did_you_mean(word: str, choices: list[str] | dict, expected: str) -> None:
    """did_you_mean names the closest choice, or says nothing when none is close."""
    assert did_you_mean(word, choices) == expected


_LINE_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def _line_by_line(markdown: str, plain: int | None = None) -> list[tuple[str, str, str | None, int, int, int]]:
    """References found by reading every line in turn: slow, plainly right, for comparison.

    A fence never closed is ordinary text, and so is every line after it (as superfences reads it):
    the page is read again with no fence from that line on.
    """
    refs, offset, fence, opened = [], 0, None, 0
    for number, line in enumerate(markdown.split("\n")):
        opener = _LINE_FENCE.match(line)
        if fence is None and opener and (plain is None or number < plain):
            fence, opened = opener.group(1), number
        elif fence is not None and set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence):
            fence = None
        elif fence is None:
            masked = re.sub(r"(`+)(?:.+?)\1", lambda m: " " * len(m.group(0)), line)
            for ref in REF.finditer(masked):
                text = line[ref.start("text") : ref.end("text")] if ref.group("text") is not None else None
                refs.append((ref.group("kind"), ref.group("id"), text, offset + ref.start(), offset + ref.end(), 5 + number))
        offset += len(line) + 1
    return refs if fence is None else _line_by_line(markdown, opened)


@pytest.mark.parametrize("seed", range(30))
def test_find_refs_reads_only_lines_with_refs_as_reading_every_line_would(seed: int) -> None:
    """Random pages of references, code spans and fences (open, closed, longer, indented) give the same references."""
    rng = random.Random(seed)
    pieces = [
        "本文である。",
        "[[term:llm]]",
        "[[company:openai|同社]]",
        "`[[term:x]]`",
        "``a`[[event:y]]``",
        "[[",
        "]]",
        "[[term:reasoning-model|推論]]と[[event:r1-release]]",
        " ",
        "```",
        "````",
        "~~~",
        "  ```python",
        "~~~~~",
    ]
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 40))]
    markdown = "\n".join(lines) + rng.choice(["", "\n"])
    assert [(r.kind, r.id, r.text, r.start, r.end, r.origin.line) for r in find_refs(markdown, PAGE)] == _line_by_line(markdown)
