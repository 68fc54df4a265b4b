"""Checks of a hand-written page: its front matter and the ids of its headings (its encoding: yamlsrc.decode)."""

from __future__ import annotations

import re
from collections import Counter

from .links import Text, lines_of
from .model import Origin, Problem
from .yamlsrc import parse_yaml

# The front matter as MkDocs finds it (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_HEADING_ID = re.compile(r"<h[1-6][^>]*\sid=\"([^\"]*)\"")


def front_matter_problem(raw: str, shown: str) -> Problem | None:
    """What is wrong with a page's front matter, when it has one that cannot be read."""
    found = FRONT_MATTER.match(raw)
    if not found:
        if raw.startswith("---") and raw.split("\n", 1)[0].strip() == "---":
            return Problem(Origin(shown, 1), "the front matter opened here is never closed.", "End it with a line '---'.")
        return None
    meta, problems = parse_yaml(found.group(1), shown)
    if problems:
        problem = problems[0]  # the front matter starts on line 2
        return Problem(
            Origin(shown, problem.origin.line + 1),
            f"the front matter is not valid YAML, so the page has no description or other settings: {problem.message}",
            problem.hint,
        )
    if not isinstance(meta, dict):
        return Problem(Origin(shown, 2), "the front matter must be 'key: value' lines.", "e.g. description: 一文の説明。")
    return None


def duplicate_ids(content: str, text: Text) -> list[Problem]:
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
                f"{count} headings on this page have the id '{ident}', so links to '#{ident}' reach only the first.",
                "Give each heading its own {#id}.",
            )
        )
    return problems
