"""Checks of a hand-written page: its front matter and the ids of its headings (its encoding: yamlsrc.decode)."""

from __future__ import annotations

import re
from collections import Counter

from .links import lines_of
from .model import Markdown, Origin, Problem
from .words import q
from .yamlsrc import parse_yaml

# The front matter as MkDocs finds it (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_HEADING_ID = re.compile(r"<h[1-6][^>]*\sid=\"([^\"]*)\"")


def front_matter_problem(raw: str, shown: str) -> Problem | None:
    """What is wrong with a page's front matter, when it has one that cannot be read."""
    found = FRONT_MATTER.match(raw)
    if not found:
        if raw.startswith("---") and raw.split("\n", 1)[0].strip() == "---":
            return Problem(Origin(shown, 1), "ここで始まるフロントマターが閉じていない。", "「---」だけの行で閉じる。")
        return None
    meta, problems = parse_yaml(found.group(1), shown)
    if problems:
        problem = problems[0]  # the front matter starts on line 2
        return Problem(
            Origin(shown, problem.origin.line + 1),
            f"フロントマターを読めないため、description などの設定が効かない。{problem.message}",
            problem.hint,
        )
    if not isinstance(meta, dict):
        return Problem(
            Origin(shown, 2), "フロントマターが「キー: 値」の行になっていない。", "「description: 一文の説明。」の形で書く。"
        )
    return None


def duplicate_ids(content: str, text: Markdown) -> list[Problem]:
    """Headings of a page's HTML that share an id, reported at the second heading's line in the Markdown."""
    counts = Counter(_HEADING_ID.findall(content))
    problems = []
    for ident, count in counts.items():
        if count < 2:
            continue
        written = lines_of(text, f"{{#{ident}}}") or lines_of(text, f'id="{ident}"')
        first = written[1] if len(written) > 1 else written[0] if written else text.origin
        problems.append(
            Problem(
                first,
                f"このページの見出し{count}つが同じ id {q(ident)} を持つため、{q('#' + ident)} へのリンクは1つ目にしか届かない。",
                "見出しごとに別の {#id} を付ける。",
            )
        )
    return problems
