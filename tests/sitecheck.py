"""A plain whole-site link check for the tests: every href, src and #fragment of a built site must resolve.

It reads every written page in full (the theme's navigation included), so it catches what the build's
own checks leave to MkDocs or to construction: the links the hooks write, and the theme's.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    """The ids of a page and the href/src values of its tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif name in ("href", "src") and value is not None:
                self.links.append(value)


def _read(path: Path) -> _Page:
    """One written page, parsed."""
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Every link of the site that leads to no written file or to no element with its #id, as 'page: link (why)'."""
    pages = {path: _read(path) for path in site.rglob("*.html")}
    broken = []
    for path, page in sorted(pages.items()):
        folder = path.parent.relative_to(site).as_posix()
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target_path = unquote(parts.path)
            if target_path.startswith("/"):
                if not target_path.startswith(base_path):
                    continue  # another site on the same host
                target = target_path[len(base_path) :]
            elif target_path:
                target = posixpath.normpath(posixpath.join(folder, target_path))
            else:
                target = path.relative_to(site).as_posix()
            file = site / target
            if file.is_dir():
                file = file / "index.html"
            where = f"{path.relative_to(site).as_posix()}: {link}"
            if not file.is_file():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in pages[file].ids:
                broken.append(f"{where} (no id '{parts.fragment}')")
    return broken
