"""After the site is written: every internal href/src and #fragment in its HTML must resolve.

The check streams the pages one at a time (memory stays flat) and does per-link work only once per
distinct link: the theme repeats the same navigation on every page, and '../b/' seen from 'a/x/'
and from 'a/y/' is the same link. Attributes are found by literal search (' href="'), which the
regular-expression engine runs at memory speed; generated HTML always writes them that way.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_HREF = re.compile(r' href="([^"]*)"')
_SRC = re.compile(r' src="([^"]*)"')
_SINGLE = [re.compile(r" href='([^']*)'"), re.compile(r" src='([^']*)'")]
_IDS = [re.compile(r' id="([^"]*)"'), re.compile(r' name="([^"]*)"'), re.compile(r" id='([^']*)'")]
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Text whose links are not page links: scripts, templates and style sheets are copied as they are.
_OPAQUE = ("script", "template", "style")


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


def _blank_opaque(text: str) -> str:
    """Blank out script, template and style bodies that hold href/src text, keeping line numbers.

    Generated HTML writes tags in lower case; most pages have no such text and are returned as they are.
    """
    cuts: list[tuple[int, int]] = []
    for tag in _OPAQUE:
        at = text.find(f"<{tag}")
        while at != -1:
            end = text.find(f"</{tag}", at)
            end = len(text) if end == -1 else end
            body = text[at:end]
            if " href=" in body or " src=" in body[body.find(">") :]:
                cuts.append((at, end))
            at = text.find(f"<{tag}", end)
    if not cuts:
        return text
    pieces: list[str] = []
    last = 0
    for at, end in sorted(cuts):
        if at < last:
            continue  # inside an element already blanked
        pieces.append(text[last:at])
        pieces.append(re.sub(r"[^\n]", " ", text[at:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _links(text: str) -> set[str]:
    """The distinct href/src values in a text."""
    found = set(_HREF.findall(text))
    found.update(_SRC.findall(text))
    if " href='" in text or " src='" in text:
        for pattern in _SINGLE:
            found.update(pattern.findall(text))
    return found


def _is_local(raw: str) -> bool:
    """Whether a link's meaning depends on the page's own folder (not '../…', '/…' or another site)."""
    url = raw.strip()
    return not (url.startswith(("../", "/")) or _SCHEME.match(url))


def _ids(text: str) -> set[str]:
    """The ids (and anchor names) of a page."""
    return {unquote(value) for pattern in _IDS for value in pattern.findall(text)}


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


def _offset_of(text: str, url: str) -> int:
    """Where the first attribute holding url stands (0 when it cannot be found)."""
    places = [text.find(f" {attr}={quote}{url}{quote}") for quote in "\"'" for attr in ("href", "src")]
    places = [at for at in places if at != -1]
    return min(places) if places else 0


class _Checker:
    """State of one check: the site's files, judged links, and fragment checks waiting for their page."""

    def __init__(self, site_dir: Path, base_path: str) -> None:
        self.site_dir = site_dir
        self.files = {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()}
        self.base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self.pending: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (target, fragment) -> (page, link)
        self.found: list[tuple[str, int, str, str, int]] = []  # page, offset, url, reason, line
        self.ids: set[str] | None = None  # ids in the part of the page being checked that is its own
        self.all_ids: set[str] | None = None  # ids of the whole page, when the first look misses
        self.fresh = ""
        # (parent folder, "../…" link) -> its target, judged once for all pages in sibling folders
        self.resolved: dict[tuple[str, str], tuple[str | None, str | None, str]] = {}
        self.groups: dict[str, tuple[set[int], set[int]]] = {}  # parent folder -> pieces seen, pieces with local links

    def report(self, page: str, text: str, raw: str, url: str, reason: str) -> None:
        """Record a broken link with its place in the page."""
        at = _offset_of(text, raw)
        self.found.append((page, at, url, reason, text.count("\n", 0, at) + 1))

    def target_of(self, page: str, url: str) -> tuple[str | None, str | None, str]:
        """(resolved file, reason it is broken, fragment) for a link on a page."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        folder = posixpath.dirname(page)
        if not path:
            target = page
        elif path.startswith("/"):
            if not path.startswith(self.base):
                return None, None, ""  # outside this site's folder: not ours to check
            target = path[len(self.base) :]
        else:
            target = posixpath.normpath(posixpath.join(folder, path))
            if path.endswith("/"):
                target += "/"
        if target in (".", "./"):
            target = ""
        if target.startswith("../"):
            return None, "points outside the site.", ""
        resolved = _resolve(target, self.files)
        if resolved is None:
            return None, f"points at '{target or '/'}', which the build did not write.", ""
        return resolved, None, unquote(parts.fragment)

    def page(self, page: str, text: str) -> None:
        """Check the links of one page, reading only the parts its group has not shown before."""
        self.ids, self.all_ids, self.fresh = None, None, text
        folder = posixpath.dirname(page)
        if not folder:
            for raw in _links(text):
                self.judge(page, text, raw)
            return
        # Pages in sibling folders (a/x/, a/y/) read every '../…' link alike. The theme's navigation
        # fills most of each page with the same list items, so a piece of a page already seen on a page
        # of the group is skipped, unless it holds a link relative to the page's own folder. (Any cut
        # is correct, since pieces are compared whole; cutting at list items keeps the pieces few.)
        seen, local = self.groups.setdefault(posixpath.dirname(folder), (set(), set()))
        # Pieces are remembered by their 64-bit hash, not their text, so memory stays small.
        pieces = {hash(piece): piece for piece in text.split("<li")}
        fresh = [piece for key, piece in pieces.items() if key not in seen]
        again = [piece for key, piece in pieces.items() if key in local] if local else []
        self.fresh = "<li".join(fresh)
        for piece in fresh:
            links = _links(piece) if (" href=" in piece or " src=" in piece) else ()
            for raw in links:
                self.judge(page, text, raw)
            if any(_is_local(raw) for raw in links):
                local.add(hash(piece))
        for piece in again:
            for raw in _links(piece):
                if _is_local(raw):
                    self.judge(page, text, raw)
        seen.update(pieces)

    def judge(self, page: str, text: str, raw: str) -> None:
        """Judge one link of a page; broken ones are recorded, cross-page fragments wait for their page."""
        url = raw.strip()
        if not url or url.startswith("//") or _SCHEME.match(url):
            return
        folder = posixpath.dirname(page)
        if folder and raw.startswith("../"):
            # Same meaning from every sibling folder: resolved once per group.
            key = (posixpath.dirname(folder), raw)
            if key not in self.resolved:
                self.resolved[key] = self.target_of(page, url)
            resolved, reason, fragment = self.resolved[key]
        else:
            resolved, reason, fragment = self.target_of(page, url)
        if reason:
            self.report(page, text, raw, url, reason)
        elif resolved is None or not fragment:
            return
        elif resolved == page:
            # Headings stand in the part of the page that is its own: look there first, then everywhere.
            if self.ids is None:
                self.ids = _ids(self.fresh)
            if fragment not in self.ids:
                if self.all_ids is None:
                    self.all_ids = _ids(text)
                if fragment not in self.all_ids:
                    self.report(page, text, raw, url, f"points at '#{fragment}', but {page} has no element with that id.")
        elif resolved.endswith(".html"):
            self.pending.setdefault((resolved, fragment), []).append((page, raw))

    def fragments(self) -> None:
        """Check fragments on other pages, reading each target page once."""
        by_page: dict[str, list[str]] = {}
        for target, fragment in self.pending:
            by_page.setdefault(target, []).append(fragment)
        for target, fragments in by_page.items():
            text = _blank_opaque((self.site_dir / target).read_text(encoding="utf-8", errors="replace"))
            ids = _ids(text)
            for fragment in fragments:
                if fragment in ids:
                    continue
                for page, raw in self.pending[(target, fragment)]:
                    # Only now, for the few broken ones, read the linking page again for the line.
                    source = _blank_opaque((self.site_dir / page).read_text(encoding="utf-8", errors="replace"))
                    reason = f"points at '#{fragment}', but {target} has no element with that id."
                    self.report(page, source, raw, raw.strip(), reason)


def check_site(site_dir: Path, base_path: str = "/", pages: Iterable[str] | None = None) -> list[BrokenLink]:
    """Check every HTML file under site_dir; base_path is the path part of site_url (for '/…' links)."""
    checker = _Checker(site_dir, base_path)
    names = sorted(pages) if pages is not None else sorted(f for f in checker.files if f.endswith(".html"))
    for name in names:
        text = (site_dir / name).read_text(encoding="utf-8", errors="replace")
        checker.page(name, _blank_opaque(text))
    checker.fragments()
    return [BrokenLink(page, line, url, reason) for page, _, url, reason, line in sorted(checker.found)]
