"""Checks of a hand-written page: its front matter and the ids of its headings (its encoding: yamlsrc.decode)."""

from __future__ import annotations

import re
from collections import Counter

from .links import lines_of
from .model import Markdown, Origin, Problem
from .words import q
from .yamlsrc import LineDict, parse_yaml

# The front matter as MkDocs finds it (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_HEADING_ID = re.compile(r"<h[1-6][^>]*\sid=\"([^\"]*)\"")


def read_front_matter(raw: str, shown: str) -> tuple[LineDict | None, Problem | None]:
    """A page's front matter with the file's own line of every key, or what is wrong with it ((None, None) without one).

    Read once per page: its problems here, its quiz by hooks.learning.
    """
    found = FRONT_MATTER.match(raw)
    if not found:
        if raw.startswith("---") and raw.split("\n", 1)[0].strip() == "---":
            return None, Problem(Origin(shown, 1), "ここで始まるフロントマターが閉じていない。", "「---」だけの行で閉じる。")
        return None, None
    meta, problems = parse_yaml("\n" + found.group(1), shown)  # "\n": the front matter starts on the file's line 2
    if problems:
        problem = problems[0]
        message = f"フロントマターを読めないため、description などの設定が効かない。{problem.message}"
        return None, Problem(problem.origin, message, problem.hint)
    if not isinstance(meta, LineDict):
        return None, Problem(
            Origin(shown, 2), "フロントマターが「キー: 値」の行になっていない。", "「description: 一文の説明。」の形で書く。"
        )
    return meta, None


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
