"""After the site is written: every internal href/src and #fragment in its HTML must resolve.

The check streams the pages one at a time (memory stays flat) and reads each page as bytes (no
decoding of the whole page). The theme repeats the same navigation on every page, and '../b/' seen
from 'a/x/' and from 'a/y/' is the same link, so a page is compared with the last page checked in a
sibling folder and only the parts it does not share are read. The stretches both pages have are
found by comparing bytes in place, so the time a page takes follows what is new on it, not how long
the navigation is (which grows with the site). Attributes are found by literal search (' href="');
generated HTML always writes them that way.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_HREF = re.compile(rb' href="([^"]*)"')
_SRC = re.compile(rb' src="([^"]*)"')
_SINGLE = [re.compile(rb" href='([^']*)'"), re.compile(rb" src='([^']*)'")]
_IDS = [re.compile(rb' id="([^"]*)"'), re.compile(rb' name="([^"]*)"'), re.compile(rb" id='([^']*)'")]
SCHEME_TEXT = r"[a-zA-Z][a-zA-Z0-9+.-]*:"  # 'https:', 'mailto:': another site's, or not a page
SCHEME = re.compile("^" + SCHEME_TEXT)
# Where an href/src value starts that depends on the page's own folder: not '../…', '/…' or another site's.
_LOCAL_VALUE = rb"(?!\s*(?:\.\./|/|" + SCHEME_TEXT.encode() + rb"))"
_LOCAL_START = re.compile(_LOCAL_VALUE)
_LOCAL_ATTR = re.compile(rb""" (?:href|src)=["']""" + _LOCAL_VALUE)
# Text whose links are not page links: scripts, templates and style sheets are copied as they are.
_OPAQUE = (b"script", b"template", b"style")


@dataclass(frozen=True)
class BrokenLink:
    """A link in a built page that leads nowhere."""

    page: str
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        return self.describe()

    def describe(self, source: str | None = None) -> str:
        """The message, naming the Markdown source of the page when it is known."""
        where = f"{source} → site/{self.page}:{self.line}" if source else f"site/{self.page}:{self.line}"
        return f"{where}: link '{self.url}' {self.reason}"


def _blank_opaque(text: bytes) -> bytes:
    """Blank out script, template and style bodies that hold href/src text, keeping line numbers.

    Generated HTML writes tags in lower case; most pages have no such text and are returned as they are.
    """
    cuts: list[tuple[int, int]] = []
    for tag in _OPAQUE:
        at = text.find(b"<" + tag)
        while at != -1:
            end = text.find(b"</" + tag, at)
            end = len(text) if end == -1 else end
            body = text[at:end]
            if b" href=" in body or b" src=" in body[body.find(b">") :]:
                cuts.append((at, end))
            at = text.find(b"<" + tag, end)
    if not cuts:
        return text
    pieces: list[bytes] = []
    last = 0
    for at, end in sorted(cuts):
        if at < last:
            continue  # inside an element already blanked
        pieces.append(text[last:at])
        pieces.append(re.sub(rb"[^\n]", b" ", text[at:end]))
        last = end
    pieces.append(text[last:])
    return b"".join(pieces)


_OPAQUE_TAG = re.compile(rb"</?(?:" + b"|".join(_OPAQUE) + rb")")  # an opening or closing tag of one


def _self_contained(piece: bytes) -> bool:
    """Whether every script, template or style element in a piece of a page both starts and ends in it."""
    for tag in _OPAQUE:
        opened, closed = piece.count(b"<" + tag), piece.count(b"</" + tag)
        if opened != closed or (opened and piece.rfind(b"</" + tag) < piece.rfind(b"<" + tag)):
            return False
        if closed and piece.find(b"</" + tag) < piece.find(b"<" + tag):
            return False
    return True


# Pages are compared piece by piece, cut before each list item: the theme's navigation is one long list.
_CUT = b"<li"
Span = tuple[int, int]  # start and end of a stretch of a page
_MEET_WITHIN = 512  # pieces on each side of a difference searched for a piece both pages have


def _common(old: memoryview, a: int, new: bytes, b: int) -> int:
    """How many bytes old[a:] and new[b:] have in common at their start, compared in place."""
    limit = min(len(old) - a, len(new) - b)
    low, high = 0, 256  # old[a:a+low] is known to agree; double the stretch while it does
    while True:
        high = min(high, limit)
        if not new.startswith(old[a + low : a + high], b + low):
            break
        if high == limit:
            return limit
        low, high = high, 2 * high
    while high - low > 1:  # the first difference lies in [low, high): halve
        middle = (low + high) // 2
        if new.startswith(old[a + low : a + middle], b + low):
            low = middle
        else:
            high = middle
    return low


class _Cutter:
    """The pieces of a text from a piece start on, cut one at a time and filed by length."""

    def __init__(self, text: bytes, at: int) -> None:
        self.text, self.view, self.at, self.ended = text, memoryview(text), at, False
        self.filed: dict[tuple[int, bool], list[int]] = {}  # (length with its cut, whether last) -> starts

    def cut(self) -> tuple[int, tuple[int, bool]] | None:
        """The next piece: where it starts and how it is filed; None once the text has ended."""
        if self.ended:
            return None
        start, cut = self.at, self.text.find(_CUT, self.at)
        if cut == -1:
            self.ended, key = True, (len(self.text) - start, True)
        else:
            self.at = cut + len(_CUT)
            key = (self.at - start, False)
        self.filed.setdefault(key, []).append(start)
        return start, key


def _meet(old: bytes, a: int, new: bytes, b: int) -> tuple[int, int] | None:
    """The nearest piece starts from a in old and b in new where the two texts have the same piece.

    Both texts are cut a piece at a time, in turn, and each new piece is looked for among the pieces
    of the same length cut from the other text. Past a few hundred pieces the pages have little
    left in common, and reading the rest as new costs less than cutting it.
    """
    cutters = (_Cutter(old, a), _Cutter(new, b))
    for _ in range(_MEET_WITHIN):
        cut_any = False
        for side in (0, 1):
            this, other = cutters[side], cutters[1 - side]
            piece = this.cut()
            if piece is None:
                continue
            cut_any = True
            start, key = piece
            for other_start in other.filed.get(key, ()):
                if this.text.startswith(other.view[other_start : other_start + key[0]], start):
                    return (start, other_start) if side == 0 else (other_start, start)
        if not cut_any:
            return None
    return None


def _shared_runs(old: bytes, new: bytes) -> list[tuple[int, int, int]]:
    """Stretches of whole pieces that new repeats from old in the same order: (start in old, start in new, length).

    Where the two agree is measured by comparing bytes in place, so a page costs about as much as its
    differences from the last one, however long the navigation both repeat; only around a
    difference are pieces cut and looked up, to find where the two texts meet again. A stretch
    begins where a piece begins in both texts and ends just after a cut (or where both texts end).
    """
    runs: list[tuple[int, int, int]] = []
    view = memoryview(old)
    a = b = 0
    while True:
        common = _common(view, a, new, b)
        if a + common == len(old) and b + common == len(new):
            return [*runs, (a, b, common)] if common else runs
        cut = new.rfind(_CUT, b, b + common)
        if cut != -1:
            length = cut + len(_CUT) - b
            runs.append((a, b, length))
            a, b = a + length, b + length
        meet = _meet(old, a, new, b)
        if meet is None:
            return runs
        a, b = meet


def _gaps(runs: list[tuple[int, int, int]], size: int) -> list[Span]:
    """The stretches of the new text that no run covers."""
    gaps, at = [], 0
    for _, start, length in runs:
        if start > at:
            gaps.append((at, start))
        at = start + length
    return [*gaps, (at, size)] if at < size else gaps


def _piece_at(text: bytes, at: int) -> Span:
    """The piece of text that holds position `at`."""
    start = text.rfind(_CUT, 0, at)
    end = text.find(_CUT, at)
    return (0 if start == -1 else start + len(_CUT)), (len(text) if end == -1 else end)


def _pieces_holding(pattern: re.Pattern[bytes], text: bytes, gaps: list[Span], reads: list[bytes]) -> Iterator[Span]:
    """The pieces of text in which the pattern is found, searching reads[i] (gap i as read) for gaps[i]."""
    for (start, _), read in zip(gaps, reads):
        at = 0
        while (found := pattern.search(read, at)) is not None:
            piece = _piece_at(text, start + found.start())
            yield piece
            at = piece[1] - start  # on to the next piece


def _unshared(before: _LastPage | None, text: bytes) -> tuple[list[tuple[int, int, int]], list[Span], list[bytes]]:
    """The runs a page shares with the last page of its group, the gaps between them and their text."""
    runs = _shared_runs(before.text, text) if before else []
    gaps = _gaps(runs, len(text))
    return runs, gaps, [text[start:end] for start, end in gaps]


def _carry(spans: list[Span], runs: list[tuple[int, int, int]]) -> list[Span]:
    """Spans of the old text that lie within a run, moved to where they stand in the new text."""
    starts = [start for start, _, _ in runs]
    carried = []
    for start, end in spans:
        k = bisect_right(starts, start) - 1
        if k >= 0 and end <= runs[k][0] + runs[k][2]:
            carried.append((start - runs[k][0] + runs[k][1], end - runs[k][0] + runs[k][1]))
    return carried


def _links(text: bytes) -> set[bytes]:
    """The distinct href/src values in a text, as written."""
    found = set(_HREF.findall(text))
    found.update(_SRC.findall(text))
    if b" href='" in text or b" src='" in text:
        for pattern in _SINGLE:
            found.update(pattern.findall(text))
    return found


def _is_local(raw: bytes) -> bool:
    """Whether a link's meaning depends on the page's own folder (not '../…', '/…' or another site)."""
    return _LOCAL_START.match(raw) is not None


def _ids(text: bytes) -> set[str]:
    """The ids (and anchor names) of a page."""
    return {unquote(value.decode("utf-8", "replace")) for pattern in _IDS for value in pattern.findall(text)}


def _resolve(target: str, files: set[str]) -> str | None:
    """The file a site-relative target names (a folder means its index.html), or None."""
    if target == "" or target.endswith("/"):
        candidate = target + "index.html"
        return candidate if candidate in files else None
    if target in files:
        return target
    if f"{target}/index.html" in files:
        return f"{target}/index.html"
    return None


def _offset_of(text: bytes, raw: bytes) -> int:
    """Where the first attribute holding a link stands (0 when it cannot be found)."""
    places = [text.find(b" " + attr + b"=" + quote + raw + quote) for quote in (b'"', b"'") for attr in (b"href", b"src")]
    places = [at for at in places if at != -1]
    return min(places) if places else 0


@dataclass(frozen=True)
class _LastPage:
    """What is kept of the last page checked in a group: one page per group, so memory stays flat."""

    text: bytes  # as it was compared: blanked whole when a script, template or style ran across a cut
    local: list[Span]  # its pieces that hold links relative to its own folder


class _Checker:
    """State of one check: the site's files, the verdicts on links shared by pages, ids of linked pages."""

    def __init__(self, site_dir: Path, base_path: str) -> None:
        self.site_dir = site_dir
        self.files = {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()}
        self.base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self.found: list[tuple[str, int, str, str, int]] = []  # page, offset, url, reason, line
        # parent folder -> "../…" or "/…" link -> why it is broken, or None: judged once for all pages
        # in sibling folders, which read such a link alike; and the broken ones among them
        self.verdicts: dict[str, dict[bytes, str | None]] = {}
        self.broken: dict[str, set[bytes]] = {}
        self.target_ids: dict[str, set[str]] = {}  # ids of pages that links point into, read once each
        self.last: dict[str, _LastPage] = {}  # parent folder -> the last page checked there
        # The page being checked: its name, text, the part of it that is its own, and its ids.
        self.name, self.text, self.fresh = "", b"", b""
        self.blanked: bytes | None = None
        self.ids: set[str] | None = None
        self.all_ids: set[str] | None = None
        self.paths: dict[str, tuple[str | None, str | None]] = {}  # link path -> what resolve() said, this page

    def report(self, raw: bytes, reason: str) -> None:
        """Record a broken link of the current page with its place in the page."""
        text = self.whole()
        at = _offset_of(text, raw)
        self.found.append((self.name, at, raw.decode("utf-8", "replace").strip(), reason, text.count(b"\n", 0, at) + 1))

    def target_of(self, url: str) -> tuple[str | None, str | None, str]:
        """(resolved file, reason it is broken, fragment) for a link on the current page."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        # Many links of a page go to the same file (a glossary and its anchors): resolve each path once.
        found = self.paths.get(path)
        if found is None:
            found = self.paths[path] = self.resolve(path)
        resolved, reason = found
        return resolved, reason, unquote(parts.fragment) if resolved else ""

    def resolve(self, path: str) -> tuple[str | None, str | None]:
        """(file, None) for the path of a link on the current page, or (None, why it is broken or None)."""
        if not path:
            target = self.name
        elif path.startswith("/"):
            if not path.startswith(self.base):
                return None, None  # outside this site's folder: not ours to check
            target = path[len(self.base) :]
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.name), path))
            if path.endswith("/"):
                target += "/"
        if target in (".", "./"):
            target = ""
        if target.startswith("../"):
            return None, "points outside the site."
        resolved = _resolve(target, self.files)
        if resolved is None:
            return None, f"points at '{target or '/'}', which the build did not write."
        return resolved, None

    def page(self, name: str, text: bytes) -> None:
        """Check the links of one page, reading only the parts the last page of its group did not have."""
        self.name, self.text, self.blanked, self.ids, self.all_ids = name, text, None, None, None
        self.paths = {}
        folder = posixpath.dirname(name)
        group = posixpath.dirname(folder) if folder else None
        if group is None:
            self.fresh = self.whole()
            self.judge_own(_links(self.fresh))
            return
        # Pages in sibling folders (a/x/, a/y/) read every '../…' link alike. The theme's navigation
        # fills most of each page with the same list items, so a stretch of whole pieces that the last
        # page of the group also had was checked there (or before), unless it holds a link relative to
        # the page's own folder: those pieces are carried from page to page and read again on each.
        before = self.last.get(group)
        source = text
        runs, gaps, reads = _unshared(before, source)
        # Script, template and style elements are blanked stretch by stretch, which is exact as long as
        # none of them runs across a cut; when one does, the page is blanked whole and compared again.
        # (Pieces the last page had were found self-contained there, or were blanked.)
        opaque = {source[start:end] for start, end in _pieces_holding(_OPAQUE_TAG, source, gaps, reads)}
        if not all(map(_self_contained, opaque)):
            source = self.whole()
            runs, gaps, reads = _unshared(before, source)
        reads = [_blank_opaque(read) for read in reads]  # blanking keeps every byte's place
        self.fresh = _CUT.join(reads)
        links = _links(self.fresh)
        own = {raw for raw in links if _is_local(raw)}
        local = list(dict.fromkeys(_pieces_holding(_LOCAL_ATTR, source, gaps, reads))) if own else []
        again = _carry(before.local, runs) if before else []
        for start, end in again:
            own.update(raw for raw in _links(_blank_opaque(source[start:end])) if _is_local(raw))
        self.judge_shared(links - own, group)
        self.judge_own(own)
        self.last[group] = _LastPage(source, sorted(local + again))

    def whole(self) -> bytes:
        """The current page with its script, template and style bodies blanked (made when first needed)."""
        if self.blanked is None:
            self.blanked = _blank_opaque(self.text)
        return self.blanked

    def judge_shared(self, links: set[bytes], group: str) -> None:
        """Judge links that read alike on every page of the group: each once, broken ones on every page."""
        verdicts = self.verdicts.setdefault(group, {})
        broken = self.broken.setdefault(group, set())
        # set.difference(dict) looks each link up; 'links - verdicts.keys()' would walk every verdict.
        for raw in links.difference(verdicts):
            reason = verdicts[raw] = self.verdict(raw)
            if reason:
                broken.add(raw)
        for raw in links & broken:
            self.report(raw, verdicts[raw])

    def judge_own(self, links: set[bytes]) -> None:
        """Judge links whose meaning depends on the current page."""
        for raw in links:
            reason = self.verdict(raw)
            if reason:
                self.report(raw, reason)

    def verdict(self, raw: bytes) -> str | None:
        """Why a link of the current page is broken, or None."""
        url = raw.decode("utf-8", "replace").strip()
        if not url or url.startswith("//") or SCHEME.match(url):
            return None  # empty, or another site's
        resolved, reason, fragment = self.target_of(url)
        if reason or resolved is None or not fragment or not resolved.endswith(".html"):
            return reason
        if resolved == self.name:
            # Headings stand in the part of the page that is its own: look there first, then everywhere.
            if self.ids is None:
                self.ids = _ids(self.fresh)
            if fragment in self.ids:
                return None
            if self.all_ids is None:
                self.all_ids = _ids(self.whole())
            ids = self.all_ids
        else:
            if resolved not in self.target_ids:
                self.target_ids[resolved] = _ids(_blank_opaque((self.site_dir / resolved).read_bytes()))
            ids = self.target_ids[resolved]
        return None if fragment in ids else f"points at '#{fragment}', but {resolved} has no element with that id."


def check_site(site_dir: Path, base_path: str = "/", pages: Iterable[str] | None = None) -> list[BrokenLink]:
    """Check every HTML file under site_dir; base_path is the path part of site_url (for '/…' links)."""
    checker = _Checker(site_dir, base_path)
    names = sorted(pages) if pages is not None else sorted(f for f in checker.files if f.endswith(".html"))
    for name in names:
        checker.page(name, (site_dir / name).read_bytes())
    return [BrokenLink(page, line, url, reason) for page, _, url, reason, line in sorted(checker.found)]
