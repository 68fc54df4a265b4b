"""Link the first mention of each term or company in a page's HTML, in one pass over its text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .matcher import Matcher

# Text inside these elements is never linked: headings, code, existing links, controls.
SKIP_TAGS = frozenset(
    "a abbr button code h1 h2 h3 h4 h5 h6 kbd label option pre samp script select style summary svg textarea time title".split()
)
# The article block is the source's text as published: no site markup inside it.
SKIP_CLASSES = ("admonition-title", "no-autolink", "headerlink", "term-meta", "backlinks", "article-text")
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_DATA_REF = re.compile(r"""\bdata-ref\s*=\s*["']([a-z]+:[^"']+)["']""")
_HREF = re.compile(r'\bhref\s*=\s*"([^"]*)"')
# What Markdown makes of [text](url): a start tag with its href and nothing else.
_PLAIN_LINK = re.compile(r'<a href="([^"]*)">')


@dataclass(slots=True)
class Mentions:
    """What one page mentions: keys like 'term:reasoning-model', and which of them are linked."""

    found: set[str] = field(default_factory=set)
    linked: set[str] = field(default_factory=set)


def _skips(name: str, attrs: str) -> bool:
    if name in SKIP_TAGS:
        return True
    found = _CLASS.search(attrs)
    if not found:
        return False
    classes = (found.group(1) or found.group(2) or found.group(3) or "").split()
    return any(c in SKIP_CLASSES for c in classes)


# (start, end, key): html[start:end] is text to wrap in a link to the record, or the start tag of a
# plain link to the record's page (a [[kind:id]] reference) that gets the record's class and tooltip.
Edit = tuple[int, int, str]


def autolink(html: str, matcher: Matcher, make_link: Callable[[str, str], str | None], mentions: Mentions) -> str:
    """Return the HTML with the first unlinked mention of each key wrapped by ``make_link(key, text)``.

    ``make_link`` returns the link HTML, or None where the key must not be linked here (its own
    page, autolink turned off); such mentions still count as found. Existing reference links
    (``data-ref``) count as linked, so a term linked by hand is not linked again further down.
    """
    return apply_edits(html, link_edits(html, matcher, make_link, mentions))


def apply_edits(html: str, edits: list[Edit]) -> str:
    """Apply edits (in order, not overlapping) to the HTML they were computed on."""
    if not edits:
        return html
    pieces: list[str] = []
    last = 0
    for start, end, text in edits:
        pieces.append(html[last:start])
        pieces.append(text)
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


def link_edits(
    html: str,
    matcher: Matcher,
    make_link: Callable[[str, str], str | None],
    mentions: Mentions,
    link_target: Callable[[str], str | None] | None = None,
) -> list[Edit]:
    """The edits that autolink() makes, as (start, end, link) on this HTML; mentions are recorded.

    With ``link_target`` (href -> key of the record shown there, or None), links that point at a
    record count as linked, and each plain one gets an edit over its start tag, keyed by the record.
    """
    edits: list[Edit] = []
    stack: list[tuple[str, bool]] = []  # open elements and whether each one starts a skipped region
    skipping = 0
    last = 0
    for token in _TOKEN.finditer(html):
        if token.start() > last and not skipping:
            _link_text(html, last, token.start(), matcher, make_link, mentions, edits)
        last = token.end()
        tag = _TAG.match(token.group(0))
        if tag is None:
            continue  # a comment or a declaration
        closing, name, attrs = tag.group(1), tag.group(2).lower(), tag.group(3)
        if closing:
            # Pop to the matching element; stray end tags are ignored.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    skipping -= sum(1 for _, skip in stack[depth:] if skip)
                    del stack[depth:]
                    break
            continue
        if name == "a":
            key = _record_linked(attrs, link_target)
            if key is not None:
                mentions.found.add(key)
                mentions.linked.add(key)
                if link_target is not None and _PLAIN_LINK.fullmatch(token.group(0)):
                    edits.append((token.start(), token.end(), key))
        if name in VOID_TAGS or attrs.rstrip().endswith("/"):
            continue
        skip = _skips(name, attrs)
        stack.append((name, skip))
        skipping += skip
    if len(html) > last and not skipping:
        _link_text(html, last, len(html), matcher, make_link, mentions, edits)
    return edits


def plain_link_edits(html: str, link_target: Callable[[str], str | None]) -> list[Edit]:
    """Only the edits over plain links to records, for a page that gets no automatic links."""
    edits = []
    for tag in _PLAIN_LINK.finditer(html):
        key = link_target(tag.group(1))
        if key is not None:
            edits.append((tag.start(), tag.end(), key))
    return edits


def _record_linked(attrs: str, link_target: Callable[[str], str | None] | None) -> str | None:
    """The key of the record a link points at: its data-ref, else what its href leads to."""
    ref = _DATA_REF.search(attrs)
    if ref:
        return ref.group(1)
    href = _HREF.search(attrs) if link_target is not None else None
    return link_target(href.group(1)) if href else None


def _link_text(
    html: str,
    begin: int,
    stop: int,
    matcher: Matcher,
    make_link: Callable[[str, str], str | None],
    mentions: Mentions,
    edits: list[Edit],
) -> None:
    """Find mentions in the text html[begin:stop] and add an edit for each first, linkable one."""
    text = html[begin:stop]
    if text.isspace():
        return  # the line breaks between tags
    for start, end, key in matcher.spans(text):
        mentions.found.add(key)
        if key in mentions.linked:
            continue
        link = make_link(key, text[start:end])
        if link is None:
            continue
        mentions.linked.add(key)
        edits.append((begin + start, begin + end, link))
