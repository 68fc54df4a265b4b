"""Line breaks between Japanese phrases: ``<wbr>`` where BudouX ends a phrase, in the text of a written page.

The style sheet sets ``word-break: keep-all``, so a line breaks only at a space, after punctuation or at a
``<wbr>``: between phrases, never inside a word, in every browser (Safari on iPhone included; CSS
``word-break: auto-phrase`` alone is Chromium's). Only text between tags changes, and only by ``<wbr>``
elements: attributes, the head, scripts, styles, code and the text of links stay as written. A number with its
unit (1月26日, 5,000億ドル) and a Latin word (DeepSeek-R1) are never split.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from functools import lru_cache

import budoux

WBR = "<wbr>"
# Elements whose text is not broken: not shown as running text (head, script, style, title), or code.
_SKIPPED = frozenset({"head", "title", "script", "style", "code", "pre", "kbd", "samp", "textarea", "svg", "math"})
# Elements inside which a phrase goes on: a run of text is read across them, so their words get context.
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "cite", "data", "dfn", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub", "sup"}
    | {"time", "u", "wbr"}
)
# A link's text is one unit up to this many characters (a term, a page's name); a longer one could not stay on
# one phone line, so it is broken between phrases like the text around it.
LINK_WHOLE = 20
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_UNIT = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|.", re.S)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
# A number with its units, read as one word: 1月26日, 2025年5月13日, 5,000億ドル, 17%, 第3節, 33語.
_NUMBER = re.compile(
    r"[第約]?[0-9０-９][0-9０-９,.，．]*(?:[年月日時分秒億万兆千百件語人社倍位節問割回%％]|ドル|円|か月|ヶ月|カ国)*"
    r"(?:[0-9０-９][0-9０-９,.，．]*(?:[年月日時分秒億万兆千百件語人社倍位節問割回%％]|ドル|円)+)*"
)
# Latin letters, digits and the marks inside names (o3-mini, DeepSeek-R1, U.S.): no break between two of them.
_LATIN = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-._/+&'’]")


@lru_cache(maxsize=1)
def _parser() -> budoux.Parser:
    """BudouX's Japanese model (loaded once)."""
    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=4096)
def phrase_ends(text: str) -> tuple[int, ...]:
    """Where ``text`` may break: the offsets between BudouX's phrases, without those inside a number or a Latin word.

    Cached: the navigation and footer repeat the same texts on every page.
    """
    if not _JAPANESE.search(text):
        return ()
    ends, at = [], 0
    for phrase in _parser().parse(text)[:-1]:
        at += len(phrase)
        ends.append(at)
    whole = [(m.start(), m.end()) for m in _NUMBER.finditer(text) if m.end() - m.start() > 1]
    return tuple(
        end
        for end in ends
        if not any(start < end < stop for start, stop in whole)
        and not (_LATIN.match(text[end - 1]) and _LATIN.match(text[end]))
        and not text[end].isspace()
        and not text[end - 1].isspace()
    )


def _plain(raw: str) -> tuple[str, list[int] | None]:
    """The text of an HTML text token, and for each of its characters the offset in ``raw`` where it starts (None when
    the text is ``raw`` itself); the characters of one entity all start at the entity."""
    if "&" not in raw:
        return raw, None
    text, starts = [], []
    for unit in _UNIT.finditer(raw):
        piece = html.unescape(unit.group(0))
        text.append(piece)
        starts.extend([unit.start()] + [-1] * (len(piece) - 1))  # no break inside what one entity stands for
    return "".join(text), starts


@lru_cache(maxsize=4096)
def _run_breaks(raws: tuple[str, ...], closed: tuple[bool, ...]) -> tuple[tuple[int, int], ...]:
    """(piece, offset in its raw text) where ``<wbr>`` goes in a run of text tokens; none inside a ``closed`` piece.

    Cached: the navigation and the footer are the same runs on every page.
    """
    plains = [_plain(raw) for raw in raws]
    text = "".join(plain for plain, _ in plains)
    firsts, at = [], 0
    for plain, _ in plains:
        firsts.append(at)
        at += len(plain)
    found: list[tuple[int, int]] = []
    for end in phrase_ends(text):
        piece = bisect_right(firsts, end) - 1
        while piece > 0 and firsts[piece] == end and not plains[piece][0]:
            piece -= 1  # an empty piece cannot hold the break
        offset = end - firsts[piece]
        plain, starts = plains[piece]
        if starts is None:
            raw_offset = offset
        else:
            raw_offset = len(raws[piece]) if offset == len(plain) else starts[offset]
        if raw_offset < 0:
            continue
        if not closed[piece]:  # inside a piece, or at the start of the one after a tag
            found.append((piece, raw_offset))
        elif offset == 0 and piece > 0 and not closed[piece - 1]:  # before a short link: after the text before it
            found.append((piece - 1, len(raws[piece - 1])))
    return tuple(found)


def add_breaks(page: str) -> str:
    """A written page (or a fragment of one) with ``<wbr>`` between the phrases of its visible Japanese text."""
    tokens = _TOKEN.findall(page)
    skipped: list[str] = []
    runs: list[list[int]] = [[]]  # the text tokens of each block, read as one text across its inline tags
    links: list[list[int]] = []  # the text tokens of each open link, to judge its length when it closes
    closed: set[int] = set()  # the text tokens of short links, which stay whole
    for index, token in enumerate(tokens):
        if token[0] != "<":
            if not skipped:
                runs[-1].append(index)
                for texts in links:
                    texts.append(index)
            continue
        tag = _TAG.match(token)
        if tag is None:
            continue  # a comment or a doctype
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name in _SKIPPED:
            if not closing and not token.endswith("/>"):
                skipped.append(name)
            elif closing and name in skipped:
                del skipped[len(skipped) - 1 - skipped[::-1].index(name) :]
            continue
        if name == "a" and not skipped:
            if not closing:
                links.append([])
            elif links:
                texts = links.pop()
                if sum(len(_plain(tokens[i])[0]) for i in texts) <= LINK_WHOLE:
                    closed.update(texts)
        if name not in _INLINE and runs[-1]:
            runs.append([])
    inserts: dict[int, list[int]] = {}
    for run in runs:
        found = _run_breaks(tuple(tokens[i] for i in run), tuple(i in closed for i in run))
        for piece, offset in found:
            inserts.setdefault(run[piece], []).append(offset)
    for index, offsets in inserts.items():
        token = tokens[index]
        for offset in sorted(set(offsets), reverse=True):
            token = token[:offset] + WBR + token[offset:]
        tokens[index] = token
    return "".join(tokens)


def add_breaks_to_body(page: str) -> str:
    """A whole written page with breaks in its body only (the head is left as written)."""
    found = re.search(r"<body\b[^>]*>", page)
    if found is None:
        return add_breaks(page)
    return page[: found.end()] + add_breaks(page[found.end() :])
