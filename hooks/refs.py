"""The reference syntax ``[[kind:id]]`` / ``[[kind:id|text]]`` in Markdown, found and resolved.

The kinds are those of the registry (hooks.kinds: term, company, event, person). References inside
fenced code blocks and inline code are left alone, so the syntax can be documented on a page.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .model import Origin, Problem, SiteData
from .words import q

# The text after '|' may hold ']' and '\' escaped with a backslash (generated pages write titles so).
REF = re.compile(r"\[\[\s*(?P<kind>[^\]:|]*?)\s*:\s*(?P<id>[^\]|]*?)\s*(?:\|(?P<text>(?:[^\]\\]|\\.)*))?\]\]")
_ESCAPED = re.compile(r"\\([\\\]])")


def ref_text(text: str) -> str:
    """A text written after '|' in a reference, so that ']' and '\' in it do not end or change it."""
    return text.replace("\\", "\\\\").replace("]", "\\]")


# Fences may be indented (inside admonitions, tabs and list items).
_FENCE = re.compile(r"^[^\S\n]*(`{3,}|~{3,})", re.M)
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


@dataclass(frozen=True)
class Ref:
    """One reference as written: its kind, id, optional text, where it stands."""

    kind: str
    id: str
    text: str | None
    start: int
    end: int
    origin: Origin

    @property
    def written(self) -> str:
        """The reference as it reads in the source, for messages."""
        text = f"|{self.text}" if self.text is not None else ""
        return f"[[{self.kind}:{self.id}{text}]]"


def find_refs(markdown: str, origin: Origin) -> Iterator[Ref]:
    """Yield the references in Markdown text, outside code; ``origin.line`` is the text's first line.

    Only the lines that hold '[[' are read, so the cost follows the references, not the length of
    the text (the generated glossary has tens of thousands of lines).
    """
    fenced = iter(_fenced(markdown))
    block = next(fenced, None)
    line, counted = origin.line, 0
    at = markdown.find("[[")
    while at != -1:
        start = markdown.rfind("\n", 0, at) + 1
        end = markdown.find("\n", at) + 1 or len(markdown)
        while block is not None and block[1] <= start:
            block = next(fenced, None)
        if block is None or start < block[0]:
            line += markdown.count("\n", counted, start)
            counted = start
            text = markdown[start:end]
            masked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)
            for found in REF.finditer(masked):
                yield Ref(
                    kind=found.group("kind"),
                    id=found.group("id"),
                    text=_ESCAPED.sub(r"\1", found.group("text")) if found.group("text") is not None else None,
                    start=start + found.start(),
                    end=start + found.end(),
                    origin=Origin(origin.file, line),
                )
        at = markdown.find("[[", end)


def _fences(markdown: str) -> Iterator[tuple[int, int | None]]:
    """Each fence line that opens a block: (its offset, the end of the line that closes it, or None).

    As superfences reads them: a closing fence is the same character, at least as long, with nothing
    after it; a fence that is never closed opens no block, and no fence after it does either (its line
    and the rest of the text are ordinary text).
    """
    fence = None
    for found in _FENCE.finditer(markdown):
        if fence is None:
            fence = found
        elif _closes(markdown, found, fence.group(1)):
            yield fence.start(), markdown.find("\n", found.end()) + 1 or len(markdown)
            fence = None
    if fence is not None:
        yield fence.start(1), None


def _closes(markdown: str, fence: re.Match, opening: str) -> bool:
    """Whether a fence line closes a block opened by ``opening``."""
    run = fence.group(1)
    line_end = markdown.find("\n", fence.end())
    rest = markdown[fence.end() : line_end if line_end != -1 else len(markdown)]
    return run[0] == opening[0] and len(run) >= len(opening) and not rest.strip()


def _fenced(markdown: str) -> Iterator[tuple[int, int]]:
    """The (start, end) offsets of each fenced code block, its fence lines included."""
    return ((start, end) for start, end in _fences(markdown) if end is not None)


def unclosed_fences(markdown: str) -> list[int]:
    """The offsets of the code fences that are never closed."""
    return [start for start, end in _fences(markdown) if end is None]


def mask_code(markdown: str) -> str:
    """The text with fenced code blocks and code spans blanked out (line breaks kept), to look for markup in the rest."""
    pieces, last = [], 0
    for start, end in _fenced(markdown):
        pieces.append(markdown[last:start])
        pieces.append(re.sub(r"[^\n]", " ", markdown[start:end]))
        last = end
    pieces.append(markdown[last:])
    return "\n".join(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) for line in "".join(pieces).split("\n"))


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a misspelt word, or None when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A sentence asking whether the closest choice was meant, or an empty string."""
    close = closest(word, choices)
    return f"{q(close)} の書き間違いではないか。" if close else ""


def check_ref(ref: Ref, data: SiteData) -> Problem | None:
    """The problem with one reference, or None when it points at something that exists."""
    if ref.kind not in data.kinds:
        hint = did_you_mean(ref.kind, data.kinds)
        forms = [f"[[{name}:id]]" for name in data.kinds]
        forms = "、".join(forms[:-1]) + f" か {forms[-1]}" if len(forms) > 1 else "".join(forms)
        return Problem(ref.origin, f"{ref.written} の種類 {q(ref.kind)} はない。", f"{hint}{forms} の形で書く。")
    kind = data.kinds[ref.kind]
    if not data.known(ref.kind, ref.id):
        if not ref.id:
            return Problem(
                ref.origin, f"{ref.written} に id が書かれていない。", f"[[{ref.kind}:id]] の形で、{kind.file} の id を書く。"
            )
        hint = did_you_mean(ref.id, data.ids(ref.kind))
        return Problem(
            ref.origin,
            f"{ref.written} の指す{kind.noun}がない（{kind.file} に id {q(ref.id)} がない）。",
            hint or f"{kind.file} に書き足すか、id を直す。",
        )
    if ref.text is not None and not ref.text.strip():
        return Problem(ref.origin, f"{ref.written} の「|」の後が空である。", "表示する文字を書くか、「|」を消す。")
    return None


def check_refs(markdown: str, origin: Origin, data: SiteData) -> tuple[list[Problem], list[Ref]]:
    """Check every reference in a text; return the problems and the references that resolve."""
    problems: list[Problem] = []
    good: list[Ref] = []
    for ref in find_refs(markdown, origin):
        problem = check_ref(ref, data)
        if problem:
            problems.append(problem)
        if ref.kind in data.kinds and data.known(ref.kind, ref.id):
            good.append(ref)  # an empty text after '|' is reported, but the reference still stands
    return problems, good


def replace_refs(markdown: str, refs: list[Ref], render: Callable[[Ref], str]) -> str:
    """Return the text with each (resolving) reference replaced by ``render(ref)``."""
    pieces: list[str] = []
    last = 0
    for ref in refs:
        pieces.append(markdown[last : ref.start])
        pieces.append(render(ref))
        last = ref.end
    pieces.append(markdown[last:])
    return "".join(pieces)
