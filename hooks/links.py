"""Links checked at the line that holds them.

MkDocs validates every Markdown link and anchor itself; ``Locator`` gives its messages the file and
line of the link (the data file's line for a generated page). Zensical's are checked by the build, and
``link_message`` says of them what MkDocs would, so that the same message follows. Raw HTML links in a
page, which neither engine reads, are checked by ``check_raw_links`` against the pages and ids of the build.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

from mkdocs.utils import get_relative_url

from .model import Markdown, Origin, Problem
from .refs import mask_code
from .safety import bad_scheme
from .words import ORIGINAL, q, relayed

# A raw HTML start tag's href or src, as written in Markdown.
_RAW_LINK = re.compile(r"""<[A-Za-z][A-Za-z0-9-]*\s[^>]*?\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_IDS = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# MkDocs' messages about a page's links and about nav entries, and the link each names.
_PAGE_MESSAGE = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains (?:a link|an absolute link|an unrecognized relative link|a link to) '(?P<link>[^']+)'"
)
# MkDocs' messages about a link to a page that does not exist (a .md path, or a path without a file name).
_MISSING_PAGE = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains (?:a link '(?P<link>[^']+)', but the target.* is not found among documentation files"
    r"|an unrecognized relative link '(?P<bare>[^']+)', it was left as is)"
)
_NAV_MESSAGE = re.compile(r"^An? (?:reference|absolute path) to '(?P<link>[^']+)' is included in the 'nav' configuration")
_ANCHOR = re.compile(r"does not contain an anchor '(?P<anchor>[^']+)'")
_RELATIVE = "ページへの相対パス（other.md の形）で書く。"
# What MkDocs' messages about links and nav entries say, in Japanese, with the advice each calls for:
# (a text of the message, the explanation, the advice); the first that the message holds is taken.
_EXPLAINED = (
    ("is not found among documentation files", "リンク {link} の行き先のページがない", "リンク先のファイル名とパスを確かめる。"),
    (
        "does not contain an anchor",
        "リンク {link} の {anchor} は、行き先のページにない見出し（id）である",
        "行き先のページにある見出しの id を使う。",
    ),
    (
        "which is excluded from the built site",
        "リンク {link} の行き先は、公開しないファイルである",
        "公開されるページにリンクする。",
    ),
    ("contains an absolute link", "リンク {link} が「/」で始まる絶対パスのため、確かめられない", _RELATIVE),
    ("contains an unrecognized relative link", "リンク {link} の行き先がわからない", _RELATIVE),
    (
        "which is not found in the documentation files",
        "nav に書かれた {link} のページがない",
        "mkdocs.yml の nav のパスを直すか、そのページを作る。",
    ),
    (
        "but this file is excluded from the built site",
        "nav に書かれた {link} は、公開しないファイルである",
        "nav から消すか、exclude_docs を直す。",
    ),
    (
        "which presumably points to an external resource",
        "nav に書かれた {link} は「/」で始まる絶対パスである",
        "docs/ から見た相対パスで書く。",
    ),
)


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


class Locator:
    """Finds the file and line of what an engine's messages name: a page's link, or a nav entry (MkDocs')."""

    def __init__(self, texts_of: Callable[[str], list[Markdown]], config_file: str, config_text: str) -> None:
        """``texts_of`` gives the Markdown texts shown on a page (docs-relative path); none for an unknown page."""
        self.texts_of = texts_of
        self.config = Markdown(config_text, Origin(config_file, 1))

    def link_origin(self, src: str, link: str) -> Origin | None:
        """Where a link of a page is written (the page's first text when not found or ''), or None for an unknown page."""
        texts = self.texts_of(src)
        for text in texts if link else ():
            # The whole link first: 'about' is also the start of 'about.md' written on another line.
            where = (
                line_of(text, f"]({link})") or line_of(text, f"]({link}") or line_of(text, f"]: {link}") or line_of(text, link)
            )
            if where is not None:
                return where
        return texts[0].origin if texts else None

    def origin(self, message: str) -> Origin | None:
        """The origin of the link or nav entry a MkDocs message is about, or None when it names neither."""
        found = _PAGE_MESSAGE.match(message)
        if found:
            return self.link_origin(found.group("src"), found.group("link"))
        found = _NAV_MESSAGE.match(message)
        if found:
            return line_of(self.config, found.group("link")) or self.config.origin
        return None


def explain(message: str) -> tuple[str, str]:
    """A MkDocs message in Japanese, its original text after, and the advice it calls for ('' when it is not known)."""
    found = _PAGE_MESSAGE.match(message) or _NAV_MESSAGE.match(message)
    anchor = _ANCHOR.search(message)
    for text, explanation, advice in _EXPLAINED if found else ():
        if text in message:
            words = {"link": q(found.group("link")), "anchor": q(anchor.group("anchor")) if anchor else ""}
            return relayed(explanation.format(**words), message), advice
    return relayed("MkDocs が次のように知らせた", message), ""


def missing_page(message: str, pages: Iterable[str]) -> tuple[str, str] | None:
    """A MkDocs message about a link to a missing page as missing_page_text gives it; None for any other message."""
    found = _MISSING_PAGE.match(message)
    if found is None:
        return None
    return missing_page_text(found.group("src"), found.group("link") or found.group("bare"), pages, message)


def missing_page_text(src: str, link: str, pages: Iterable[str], original: str) -> tuple[str, str]:
    """What is wrong with a link of page ``src`` to a page that does not exist, and the pages nearest by name: (message, hint).

    ``pages`` are the site's pages (docs-relative paths); the engine's own text (``original``) follows the hint.
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
    return f"リンク先のページ {q(link)} がない。", f"{hint}（{ORIGINAL}{original.strip().rstrip('.')}）"


def link_message(src: str, link: str, pages: dict[str, set[str]], files: set[str]) -> str | None:
    """What MkDocs says of a Markdown link of page ``src`` that leads nowhere (None for a good one), for an engine
    that does not check links as MkDocs does (Zensical): the same words, so the same message follows.

    ``pages`` maps each page (docs-relative) to its element ids; ``files`` are the site's other files.
    """
    scheme, netloc, path, _, anchor = urlsplit(link)
    if scheme or netloc or "\x02" in link:  # another site's, or an e-mail address Markdown has obfuscated
        return None
    if link.startswith(("/", "\\")):
        return f"Doc file '{src}' contains an absolute link '{link}', it was left as is."
    path = unquote(path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
    if target not in pages and target not in files:
        if not posixpath.splitext(path)[1]:
            return f"Doc file '{src}' contains an unrecognized relative link '{link}', it was left as is."
        named = f" '{target}'" if target != link else ""
        return f"Doc file '{src}' contains a link '{link}', but the target{named} is not found among documentation files."
    if anchor and target in pages and anchor not in pages[target]:
        problem = (
            "there is no such anchor on this page"
            if target == src
            else f"the doc '{target}' does not contain an anchor '#{anchor}'"
        )
        return f"Doc file '{src}' contains a link '{link}', but {problem}."
    return None


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
