"""Line breaks between Japanese phrases: ``<wbr>`` where BudouX ends a phrase, in the text of a written page.

The style sheet sets ``word-break: keep-all``, so a line breaks only at a space, after punctuation or at a
``<wbr>``: between phrases, never inside a word, in every browser (Safari on iPhone included; CSS
``word-break: auto-phrase`` alone is Chromium's). Only the text between tags changes, and only by markup for
breaks: ``<wbr>``, and a no-break span around a short phrase after whose ー or small kana keep-all alone would
still break. Attributes, the head, scripts, styles, code and buttons stay as written; a short link's text is one
unit; a number with its unit (1月26日, 5,000億ドル) and a Latin word (DeepSeek-R1) are never split.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import pairwise

import budoux

WBR = "<wbr>"
NOBR = '<span class="nobr">'
# Characters after which keep-all still lets a line break (the prolonged sound mark, small kana: line breaking
# class CJ, and the middle dot): a phrase that holds one is kept on one line.
_GLUE = re.compile(r"[ーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰ-ㇿ々〻・]")
_LINK_BREAKS = re.compile(_GLUE.pattern + r"|[-\s/]")
# The longest phrase held on one line by a no-break span: 14 characters fit a 390 px line in a page's heading (24 px).
# The span holds the whole phrase (the part of it in one text token): Chromium lets a line break at the edge of a
# no-break span even inside a word, so its edges must be the phrase's.
GLUED = 14
# Elements whose text is not broken: not shown as running text (head, script, style, title), code, the theme's
# header, whose one-line title is cut with an ellipsis (a <wbr> there cuts it at the break instead), and buttons,
# whose short names Chromium would read with a space at each <wbr>.
_SKIPPED = frozenset(
    {"head", "title", "script", "style", "code", "pre", "kbd", "samp", "textarea", "svg", "math", "header", "button"}
)
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
# Where the browser breaks a line already under keep-all: after spaces and closing punctuation, before spaces and
# opening brackets. No <wbr> goes there: each is an element, and the page's layout time grows with their number.
_BREAKS_AFTER = frozenset(" \t\n\u3000、。，．・）」』】〕〉》！？：；")
_BREAKS_BEFORE = frozenset(" \t\n\u3000（「『【〔〈《")
# Latin letters, digits and the marks inside names (o3-mini, DeepSeek-R1, U.S.): no break between two of them.
_LATIN = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-._/+&'’]")


@lru_cache(maxsize=1)
def _parser() -> budoux.Parser:
    """BudouX's Japanese model (loaded once)."""
    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=1024)
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
    # Before a multiplication sign: a product of numbers (1億×1億×100回) is one phrase to BudouX, too long for a line.
    ends = sorted({*ends, *(at for at, char in enumerate(text) if char == "×" and 0 < at)})
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


def _raw_offset(raw: str, plain: str, starts: list[int] | None, offset: int) -> int:
    """Where in a text token's raw HTML its plain text's ``offset`` falls; -1 inside what one entity stands for."""
    if starts is None:
        return offset
    return len(raw) if offset == len(plain) else starts[offset]


@lru_cache(maxsize=1024)  # the runs that repeat (nav, footer) are a few hundred; a page's own text is seen once
def _run_breaks(raws: tuple[str, ...], closed: tuple[bool, ...]) -> tuple[tuple[int, int, int, str], ...]:
    """(piece, offset in its raw text, order, markup) to put in a run of text tokens: ``<wbr>`` between phrases (none
    inside a ``closed`` piece, a short link), and a no-break span around a phrase of at most GLUED characters that holds a
    prolonged sound mark or a small kana (keep-all leaves a break after those: スターゲー/ト).

    Cached: the navigation and the footer are the same runs on every page.
    """
    plains = [_plain(raw) for raw in raws]
    text = "".join(plain for plain, _ in plains)
    firsts, at = [], 0
    for plain, _ in plains:
        firsts.append(at)
        at += len(plain)
    found: list[tuple[int, int, int, str]] = []
    ends = phrase_ends(text)
    for end in ends:
        if text[end - 1] in _BREAKS_AFTER or text[end] in _BREAKS_BEFORE:
            continue  # the browser breaks there already
        piece = bisect_right(firsts, end) - 1
        while piece > 0 and firsts[piece] == end and not plains[piece][0]:
            piece -= 1  # an empty piece cannot hold the break
        offset = end - firsts[piece]
        raw_offset = _raw_offset(raws[piece], *plains[piece], offset)
        if raw_offset < 0:
            continue
        if not closed[piece]:  # inside a piece, or at the start of the one after a tag
            found.append((piece, raw_offset, 1, WBR))
        elif offset == 0 and piece > 0 and not closed[piece - 1]:  # before a short link: after the text before it
            found.append((piece - 1, len(raws[piece - 1]), 1, WBR))
    if not _GLUE.search(text) and not any(closed):
        return tuple(found)
    bounds = [0, *ends, len(text)]
    for piece, (plain, starts) in enumerate(plains):
        first, last = firsts[piece], firsts[piece] + len(plain)
        if closed[piece]:  # a short link's text: held on one line when a mark, a hyphen or a space could break it
            if 2 <= len(plain) <= GLUED and _LINK_BREAKS.search(plain):
                found += [(piece, 0, 2, NOBR), (piece, len(raws[piece]), 0, "</span>")]
            continue
        for a, b in pairwise(bounds):
            if b - a > GLUED or a >= last or b <= first:
                continue
            start, stop = max(a, first) - first, min(b, last) - first  # the phrase's part in this piece
            if stop - start < 2 or not _GLUE.search(plain, start, stop):
                continue
            open_at = _raw_offset(raws[piece], plain, starts, start)
            close_at = _raw_offset(raws[piece], plain, starts, stop)
            if open_at >= 0 and close_at >= 0:
                found += [(piece, open_at, 2, NOBR), (piece, close_at, 0, "</span>")]
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
    inserts: dict[int, list[tuple[int, int, str]]] = {}
    for run in runs:
        found = _run_breaks(tuple(tokens[i] for i in run), tuple(i in closed for i in run))
        for piece, offset, order, markup in found:
            inserts.setdefault(run[piece], []).append((offset, order, markup))
    for index, marks in inserts.items():
        token, parts, at = tokens[index], [], 0
        for offset, _, markup in sorted(set(marks)):  # at one offset: a span closes, a break, a span opens
            parts += [token[at:offset], markup]
            at = offset
        tokens[index] = "".join(parts) + token[at:]
    return "".join(tokens)


def add_breaks_to_body(page: str) -> str:
    """A whole written page with breaks in its body only (the head is left as written)."""
    found = re.search(r"<body\b[^>]*>", page)
    if found is None:
        return add_breaks(page)
    return page[: found.end()] + add_breaks(page[found.end() :])
