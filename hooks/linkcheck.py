"""After the site is written: every internal href/src and #fragment in its HTML must resolve."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ID = re.compile(r"""\s(?:id|name)\s*=\s*["']?([^"'\s>]*)""")
_LINK = re.compile(r"""\s(?:href|src)\s*=\s*["']([^"']*)["']""")
_UP = re.compile(r"(?:\.\./)*")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Text whose links are not real page links: scripts, templates and style sheets are copied as they are.
_OPAQUE = re.compile(r"<(script|template|style)\b.*?</\1\s*>", re.S | re.I)


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
    """Blank out script/style bodies, keeping line numbers."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def check_site(site_dir: Path, base_path: str = "/") -> list[BrokenLink]:
    """Check every HTML file under site_dir; base_path is the path part of site_url (for '/…' links)."""
    files = {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()}
    pages = {
        name: _blank_opaque((site_dir / name).read_text(encoding="utf-8", errors="replace"))
        for name in sorted(files)
        if name.endswith(".html")
    }
    ids: dict[str, set[str]] = {}
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"

    def ids_of(page: str) -> set[str]:
        # Computed on first use: most pages are only ever a link target without a fragment.
        if page not in ids:
            ids[page] = {unquote(value) for value in _ID.findall(pages[page])}
        return ids[page]

    def verdict(page: str, folder: str, url: str) -> str | None:
        """Why a link is broken, or None when it resolves (or is not ours to check)."""
        if not url or url.startswith("//") or _SCHEME.match(url):
            return None
        parts = urlsplit(url)
        path = unquote(parts.path)
        if not path:
            target = page
        elif path.startswith("/"):
            if not path.startswith(base):
                return None  # outside this site's folder: not ours to check
            target = path[len(base) :]
        else:
            target = posixpath.normpath(posixpath.join(folder, path))
            if path.endswith("/"):
                target += "/"
        if target in (".", "./"):
            target = ""
        if target.startswith("../"):
            return "points outside the site."
        resolved = _resolve(target, files)
        if resolved is None:
            return f"points at '{target or '/'}', which the build did not write."
        fragment = unquote(parts.fragment)
        if fragment and resolved in pages and fragment not in ids_of(resolved):
            return f"points at '#{fragment}', but {resolved} has no element with that id."
        return None

    # The theme repeats the same navigation on every page. A link is judged once per place it
    # resolves from: '../b/' seen from 'a/x' and from 'a/y' is the same link, judged from 'a'.
    judged: dict[tuple[str, str], str | None] = {}
    broken: list[BrokenLink] = []
    for page, text in pages.items():
        folder = posixpath.dirname(page)
        parts = folder.split("/") if folder else []
        depth = len(parts)
        bad: list[tuple[str, str]] = []
        for url in _LINK.findall(text):
            if url.startswith("#"):
                key = (page, url)
            else:
                up = min(_UP.match(url).end() // 3, depth)
                key = ("/".join(parts[: depth - up]), url[3 * up :])
            if key not in judged:
                judged[key] = verdict(page, folder, url.strip())
            if judged[key] is not None:
                bad.append((url, judged[key]))
        if bad:
            broken.extend(_locate(page, text, bad))
    return broken


def _locate(page: str, text: str, bad: list[tuple[str, str]]) -> list[BrokenLink]:
    """Line numbers for the broken links of one page (only computed when something is broken)."""
    found = []
    for found_link in _LINK.finditer(text):
        if bad and found_link.group(1) == bad[0][0]:
            url, reason = bad.pop(0)
            found.append(BrokenLink(page, _line(text, found_link.start()), url.strip(), reason))
    return found


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


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
