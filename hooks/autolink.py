"""Find the first mention of each record in a page's HTML, in one pass over its text, and the links of its references."""

from __future__ import annotations

import re
from collections.abc import Callable

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
# What a reference becomes (hooks.site.Links.markdown_link): a link with its href and key and nothing else
# (attr_list writes the key first; the other order is taken too).
_REFERENCE = re.compile(r'<a (?:data-ref="(?P<key>[a-z]+:[^"]+)" href="[^"]*"|href="[^"]*" data-ref="(?P<after>[a-z]+:[^"]+)")>')

# (start, end, key): html[start:end] is text to wrap in a link to the record, or the start tag of a
# reference's link that gets the record's class and tooltip.
Edit = tuple[int, int, str]


def _skips(name: str, attrs: str) -> bool:
    if name in SKIP_TAGS:
        return True
    found = _CLASS.search(attrs)
    classes = (found.group(1) or found.group(2) or found.group(3) or "").split() if found else ()
    return any(c in SKIP_CLASSES for c in classes)


def apply_edits(html: str, edits: list[tuple[int, int, str]]) -> str:
    """The HTML with each (start, end, text) edit, in order and not overlapping, put in place of html[start:end]."""
    pieces: list[str] = []
    last = 0
    for start, end, text in edits:
        pieces += (html[last:start], text)
        last = end
    return "".join(pieces) + html[last:] if pieces else html


def reference_edits(html: str) -> list[Edit]:
    """Only the edits over the references' links, for a page that gets no automatic links."""
    return [(tag.start(), tag.end(), tag.group("key") or tag.group("after")) for tag in _REFERENCE.finditer(html)]


def link_edits(html: str, matcher: Matcher, linkable: Callable[[str], bool], found: set[str]) -> list[Edit]:
    """The edits of one page's HTML: the first linkable mention of each record and the references' links.

    Every record the page mentions or links goes into ``found``. A record linked already (any link with
    a data-ref) is not linked again further down; ``linkable(key)`` is False where a record must not be
    linked (its own page, autolink turned off), and its mentions still count.
    """
    edits: list[Edit] = []
    linked: set[str] = set()
    stack: list[tuple[str, bool]] = []  # open elements and whether each one starts a skipped region
    skipping = 0
    last = 0

    def text(begin: int, stop: int) -> None:
        if skipping or html[begin:stop].isspace():
            return
        for start, end, key in matcher.spans(html[begin:stop]):
            found.add(key)
            if key not in linked and linkable(key):
                linked.add(key)
                edits.append((begin + start, begin + end, key))

    for token in _TOKEN.finditer(html):
        if token.start() > last:
            text(last, token.start())
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
        ref = _DATA_REF.search(attrs) if name == "a" else None
        if ref is not None:
            found.add(ref.group(1))
            linked.add(ref.group(1))
            if _REFERENCE.fullmatch(token.group(0)):
                edits.append((token.start(), token.end(), ref.group(1)))
        if name in VOID_TAGS or attrs.rstrip().endswith("/"):
            continue
        skip = _skips(name, attrs)
        stack.append((name, skip))
        skipping += skip
    if len(html) > last:
        text(last, len(html))
    return edits
