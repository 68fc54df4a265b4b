"""Find glossary terms and company names in Japanese running text, without word boundaries.

Japanese has no spaces between words, so a term is found wherever its spelling stands; the longest
spelling wins at a position (推論モデル before モデル). Latin spellings keep Latin word edges, so AI is
not found inside OpenAI, nor R1 inside R10. Spellings marked as whole words (people's names) also keep
katakana word edges, so ファン is not found inside ファンド. Full-width Latin letters and digits match
their ASCII forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Full-width ASCII (！ to ～) folds onto ASCII, one character for one, so offsets stay the same.
FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
FOLD[0x3000] = 0x20  # ideographic space


_WIDE = re.compile("[\uff01-\uff5e\u3000]+")


def fold(text: str) -> str:
    """Fold full-width Latin letters, digits and signs to ASCII (same length)."""
    # str.translate looks up every character of a Japanese text; only the few wide runs need it.
    return _WIDE.sub(lambda run: run.group().translate(FOLD), text)


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _in_name(char: str) -> bool:
    """Katakana, the long-vowel mark and the middle dot that joins the parts of a name (ダニエラ・アモデイ)."""
    return "\u30a1" <= char <= "\u30fc"


class Matcher:
    """Leftmost-longest matcher over many spellings, in one pass over the text.

    Spellings are indexed by their first two characters, then by length; a scan jumps between
    positions where a spelling can start (found by one compiled character class) and looks up the
    text there once per length that spellings with that prefix have, longest first. Cost grows with
    the text, not with the number of terms, even when many terms share a prefix.
    """

    def __init__(self, spellings: Iterable[tuple[str, str] | tuple[str, str, bool]]) -> None:
        """Index (spelling, key) pairs, or (spelling, key, whole_word); a spelling that folds to an empty string is ignored."""
        by_prefix: dict[str, list[str]] = {}
        self._key: dict[str, str] = {}
        self._whole: set[str] = set()  # spellings that must not stand inside a longer katakana word
        for spelling, key, *whole in spellings:
            folded = fold(spelling)
            if not folded:
                continue
            self._key[folded] = key
            if whole and whole[0]:
                self._whole.add(folded)
            by_prefix.setdefault(folded[:2], []).append(folded)
        self._by_prefix = {prefix: _by_length(group) for prefix, group in by_prefix.items()}
        firsts = sorted({p[0] for p in self._by_prefix})
        self._start = re.compile("[" + "".join(re.escape(c) for c in firsts) + "]") if firsts else None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """The matches from left to right, the longest at each position, as (start, end, key)."""
        found: list[tuple[int, int, str]] = []
        if self._start is None:
            return found
        folded = fold(text)
        by_prefix = self._by_prefix
        search = self._start.search
        longest = self._longest_at
        size = len(folded)
        pos = 0
        while pos < size:
            hit = search(folded, pos)
            if hit is None:
                break
            pos = hit.start()
            end = longest(folded, pos, by_prefix.get(folded[pos : pos + 2], ()))
            if end is None:
                end = longest(folded, pos, by_prefix.get(folded[pos], ()))
            if end is None:
                pos += 1
                continue
            found.append((pos, end, self._key[folded[pos:end]]))
            pos = end
        return found

    def _longest_at(self, text: str, pos: int, candidates: Iterable[tuple[int, frozenset[str]]]) -> int | None:
        for size, spellings in candidates:
            end = pos + size
            spelling = text[pos:end]
            if spelling not in spellings:
                continue
            # A Latin edge must not continue a Latin word: AI is not inside OpenAI, R1 not inside R10.
            if _is_latin(spelling[0]) and pos > 0 and _is_latin(text[pos - 1]):
                continue
            if _is_latin(spelling[-1]) and end < len(text) and _is_latin(text[end]):
                continue
            if spelling in self._whole and not self._stands_alone(text, pos, end):
                continue
            return end
        return None

    @staticmethod
    def _stands_alone(text: str, pos: int, end: int) -> bool:
        """Whether a name's katakana edges do not run on into a longer name or word (ファン in ファンド, アモデイ in ダニエラ・アモデイ)."""
        before = pos > 0 and _in_name(text[pos]) and _in_name(text[pos - 1])
        after = end < len(text) and _in_name(text[end - 1]) and _in_name(text[end])
        return not (before or after)


def _by_length(spellings: Iterable[str]) -> tuple[tuple[int, frozenset[str]], ...]:
    """Spellings grouped by length, longest first: one set lookup per length finds the longest match."""
    groups: dict[int, set[str]] = {}
    for spelling in spellings:
        groups.setdefault(len(spelling), set()).add(spelling)
    return tuple((size, frozenset(group)) for size, group in sorted(groups.items(), reverse=True))
