"""Links checked at the line that holds them.

Every Markdown link and anchor of a page, and every nav entry, is checked by the build itself (``link_problem``,
``nav_problem``) under both engines, whose own checks are off: one message in Japanese at the line of the link
(the data file's line for a generated page), the same under MkDocs and Zensical. Raw HTML links in a page, which
neither engine reads, are checked by ``check_raw_links`` against the pages and ids of the build.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from mkdocs.utils import get_relative_url

from .model import Markdown, Origin, Problem
from .refs import mask_code
from .safety import bad_scheme
from .words import q

# A raw HTML start tag's href or src, as written in Markdown.
_RAW_LINK = re.compile(r"""<[A-Za-z][A-Za-z0-9-]*\s[^>]*?\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_IDS = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_RELATIVE = "ページへの相対パス（other.md の形）で書く。"


def ids_in(html: str) -> set[str]:
    """The ids of the elements in a page's HTML (what a #fragment may name)."""
    return {found.group(1) if found.group(1) is not None else found.group(2) for found in _IDS.finditer(html)}


def lines_of(text: Markdown, needle: str) -> list[Origin]:
    """Where ``needle`` stands in a text outside code, each time."""
    masked = mask_code(text.text)
    found, at = [], masked.find(needle)
    while at != -1:
        found.append(Origin(text.origin.file, text.origin.line + masked.count("\n", 0, at)))
        at = masked.find(needle, at + 1)
    return found


def line_of(text: Markdown, needle: str) -> Origin | None:
    """Where ``needle`` first stands in a text outside code, or None."""
    found = lines_of(text, needle)
    return found[0] if found else None


def where_written(texts: list[Markdown], link: str) -> Origin | None:
    """Where a link is written among a page's texts (the first text's start when not found or ''), or None without texts."""
    for text in texts if link else ():
        # The whole link first: 'about' is also the start of 'about.md' written on another line.
        where = line_of(text, f"]({link})") or line_of(text, f"]({link}") or line_of(text, f"]: {link}") or line_of(text, link)
        if where is not None:
            return where
    return texts[0].origin if texts else None


def missing_page_text(src: str, link: str, pages: Iterable[str]) -> tuple[str, str]:
    """What is wrong with a link of page ``src`` to a page that does not exist, and the pages nearest by name: (message, hint).

    ``pages`` are the site's pages (docs-relative paths).
    """
    path = unquote(link.split("#", 1)[0].split("?", 1)[0])
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)).lstrip("/")
    pages = [page for page in pages if page != src]  # the page that holds the link is never the one it meant
    named = {page: page for page in pages} | {page.removesuffix(".md"): page for page in pages}
    close = dict.fromkeys(named[name] for name in difflib.get_close_matches(target.rstrip("/"), named, n=6, cutoff=0.6))
    near = [q(get_relative_url(page, src)) for page in list(close)[:3]]
    if len(near) == 1:
        hint = f"名前の近いページ {near[0]} へのリンクに直す。"
    elif near:
        hint = f"名前の近いページ（{'、'.join(near)}）のどれかへのリンクに直す。"
    else:
        hint = "docs/ にあるページの .md ファイルをこのページからの相対パスで書くか、リンクを外す。"
    return f"リンク先のページ {q(link)} がない。", hint


def link_problem(src: str, link: str, pages: dict[str, set[str]], files: set[str]) -> tuple[str, str] | None:
    """What is wrong with a Markdown link of page ``src`` and how to fix it, or None for a good one.

    The build's own check, the same under both engines (neither engine's is used): ``pages`` maps each page
    (docs-relative) to its element ids, ``files`` are the site's other files (docs-relative).
    """
    scheme, netloc, path, _, anchor = urlsplit(link)
    if scheme or netloc or "\x02" in link:  # another site's, or an e-mail address Markdown has obfuscated
        return None
    if link.startswith(("/", "\\")):
        return f"リンク {q(link)} が「/」で始まる絶対パスのため、確かめられない。", _RELATIVE
    path = unquote(path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
    if target not in pages and target not in files:
        if not posixpath.splitext(path)[1]:  # 'about/': a URL, which depends on how the site is served
            return f"リンク {q(link)} の行き先がわからない。", _RELATIVE
        return missing_page_text(src, link, pages)
    if anchor and target in pages and anchor not in pages[target]:
        where = "このページ" if target == src else "行き先のページ"
        return (
            f"リンク {q(link)} の {q('#' + anchor)} は、{where}にない見出し（id）である。",
            f"{where}にある見出しの id を使う。",
        )
    return None


def nav_problem(entry: str, files: set[str]) -> tuple[str, str] | None:
    """What is wrong with a page entry of the nav (docs-relative) and how to fix it, or None for a good one."""
    if entry.startswith("/"):
        return f"nav に書かれた {q(entry)} は「/」で始まる絶対パスである。", "docs/ から見た相対パスで書く。"
    if entry not in files:
        return f"nav に書かれた {q(entry)} のページがない。", "mkdocs.yml の nav のパスを直すか、そのページを作る。"
    return None


def nav_entries(nav: list | None) -> list[tuple[str | None, str]]:
    """(title or None, src) for every page of the nav, in reading order (links to other sites left out)."""
    found: list[tuple[str | None, str]] = []
    for item in nav or []:
        for title, value in item.items() if isinstance(item, dict) else [(None, item)]:
            if isinstance(value, list):
                found.extend(nav_entries(value))
            elif isinstance(value, str) and "://" not in value:
                found.append((title, value))
    return found


def raw_links(text: Markdown) -> list[tuple[str, Origin]]:
    """The href and src values of the raw HTML tags in a Markdown text, with their lines."""
    masked = mask_code(text.text)
    links = []
    for found in _RAW_LINK.finditer(masked):
        value = next(group for group in found.groups() if group is not None)
        line = text.origin.line + masked.count("\n", 0, found.start())
        links.append((value, Origin(text.origin.file, line)))
    return links


def _target(path: str, page_url: str, pages: dict[str, str]) -> str:
    """The site URL (from the root, 'a/b/' for a page) that a relative path on the page at ``page_url`` leads to."""
    if not path:
        return page_url
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    target = posixpath.normpath(posixpath.join("/" + folder, path)).lstrip("/")
    if target.endswith("index.html"):
        return target[: -len("index.html")]
    return target + "/" if target and target + "/" in pages else target


def check_raw_links(
    links: list[tuple[str, Origin]], page_url: str, pages: dict[str, str], ids: dict[str, set[str]], files: set[str]
) -> list[Problem]:
    """Problems with the raw HTML links written on the page at ``page_url``.

    ``pages`` maps each page's URL (from the site root, 'a/b/') to how it is named in messages,
    ``ids`` maps a page's URL to its ids, ``files`` holds the URLs of the other files of the site.
    """
    problems = []
    for link, origin in links:
        link = link.strip()
        if _EXTERNAL.match(link) or link.startswith("/") or bad_scheme(link):
            continue  # another site's (its scheme is checked by the safety rules), or a path that depends on the host
        path, _, fragment = unquote(link).partition("#")
        url = _target(path, page_url, pages)
        if url not in pages and url not in files:
            problems.append(
                Problem(
                    origin,
                    f"HTML のリンク {q(link)} の行き先がサイトにない。",
                    "このページから見た相対 URL（../glossary/#id の形）か、Markdown のリンク [文字](page.md#id) で書く。",
                )
            )
        elif fragment and url in pages and fragment not in ids.get(url, ()):
            problems.append(
                Problem(
                    origin,
                    f"HTML のリンク {q(link)} の {q('#' + fragment)} は、{pages[url]} にない id である。",
                    "そのページにある id（見出しの {#id}）を使う。",
                )
            )
    return problems
