"""The MkDocs and Zensical builds of one site compared: ``python -m tests.engines [MKDOCS_SITE] [ZENSICAL_SITE]``.

What must be the same on both: the page URLs, the records' anchors, the links to records (each page's
data-ref keys, in order), the backlink lists, the article text, each page's share tags, the open data
files (but the day they were made), no raw ``[[`` anywhere and the whole-site link check clean. What the theme makes (markup around the content, assets) may
differ; ``differences`` reports each difference as one line.
"""

from __future__ import annotations

import html
import posixpath
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.sitecheck import broken_links

# Ids the theme puts inside the content area (Zensical: the skip link's target).
THEME_IDS = {"__skip"}

_ARTICLE = re.compile(r'<section class="article-text"[^>]*>(.*?)</section>', re.S)
_CONTENT = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_BACKLINKS = re.compile(r'<ul class="backlinks">(.*?)</ul>|<p class="backlinks backlinks-empty">', re.S)
_ITEM = re.compile(r'<li><a href="([^"]*)">(.*?)</a></li>', re.S)
_CSP = '<meta http-equiv="Content-Security-Policy"'
_SHARE = re.compile(r'<meta (?:property|name)="(?:og|twitter):[^>]*>')
# What the open data files say of when they were made (in timeline.ics once its folded lines are joined).
_MADE = re.compile(r'"generated": "[0-9-]+"|DTSTAMP:[0-9TZ]+|生成日：[0-9-]+')


class _Refs(HTMLParser):
    """The data-ref keys of the links of a piece of HTML and the ids of its elements, in order."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.refs: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("data-ref"):
            # Where the link leads (engines write a link to the page itself differently: ./#id or ../page/#id).
            self.refs.append(f"{values['data-ref']} -> /{resolve_url(values.get('href') or '', self.url)}")
        if values.get("id") and values["id"] not in THEME_IDS:
            self.ids.append(values["id"])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def resolve_url(href: str, page_url: str) -> str:
    """The URL (from the site root, with its #fragment) that a relative href on the page at page_url leads to."""
    path, hash_, fragment = href.partition("#")
    if not path:
        return page_url + hash_ + fragment
    target = posixpath.normpath(posixpath.join("/" + page_url, path)).lstrip("/")
    target = "" if target == "." else target
    return target + ("/" if path.endswith("/") and target else "") + hash_ + fragment


def _text(markup: str) -> str:
    """Text of some HTML, tags out, NFKC, whitespace folded."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", "", markup, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@dataclass
class Page:
    """What is compared of one written page."""

    refs: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    backlinks: list[list[tuple[str, str]]] = field(default_factory=list)
    article: str = ""
    content_text: str = ""
    raw_refs: int = 0
    csp: bool = False
    share: list[str] = field(default_factory=list)


def read_site(site: Path) -> dict[str, Page]:
    """Every page of a built site (URL from the root -> what is compared), 404 and assets left out."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        markup = path.read_text(encoding="utf-8")
        content = _CONTENT.search(markup)
        body = content.group(1) if content else markup
        parser = _Refs(url)
        parser.feed(body)
        page = Page(refs=parser.refs, ids=parser.ids, csp=_CSP in markup, share=_SHARE.findall(markup))
        for found in _BACKLINKS.finditer(body):
            page.backlinks.append([(href, _text(title)) for href, title in _ITEM.findall(found.group(1) or "")])
        article = _ARTICLE.search(body)
        page.article = _text(article.group(1)) if article else ""
        page.content_text = _text(re.sub(r'<a class="headerlink".*?</a>', "", body, flags=re.S))
        page.raw_refs = _text(markup).count("[[")
        pages[url] = page
    return pages


def data_files(site: Path) -> dict[str, str]:
    """The open data files of a built site (path -> text), without the day they were made."""
    files = sorted(path for path in (site / "data").glob("*") if path.is_file())
    return {p.relative_to(site).as_posix(): _MADE.sub("", p.read_text(encoding="utf-8").replace("\r\n ", "")) for p in files}


def differences(mkdocs_site: Path, zensical_site: Path, content: bool = False) -> list[str]:
    """Every difference between the two builds in what must be the same (and in the content's text if asked)."""
    found: list[str] = []
    one, two = read_site(mkdocs_site), read_site(zensical_site)
    for url in sorted(set(one) - set(two)):
        found.append(f"{url or '/'}: only in the MkDocs build")
    for url in sorted(set(two) - set(one)):
        found.append(f"{url or '/'}: only in the Zensical build")
    for url in sorted(set(one) & set(two)):
        a, b = one[url], two[url]
        where = url or "/"
        if a.refs != b.refs:
            found.append(f"{where}: links to records differ: {_diff(a.refs, b.refs)}")
        if [i for i in a.ids if i in b.ids] != [i for i in b.ids if i in a.ids] or set(a.ids) != set(b.ids):
            found.append(f"{where}: element ids differ: {_diff(a.ids, b.ids)}")
        if a.backlinks != b.backlinks:
            found.append(f"{where}: backlinks differ: {_diff(a.backlinks, b.backlinks)}")
        if a.article != b.article:
            found.append(f"{where}: article text differs")
        if a.share != b.share:
            found.append(f"{where}: share tags differ: {_diff(a.share, b.share)}")
        for name, page in (("MkDocs", a), ("Zensical", b)):
            if page.raw_refs:
                found.append(f"{where}: {page.raw_refs} raw '[[' in the {name} build")
            if not page.csp:
                found.append(f"{where}: no Content-Security-Policy in the {name} build")
        if content and a.content_text != b.content_text:
            found.append(f"{where}: content text differs: {_first_change(a.content_text, b.content_text)}")
    one_data, two_data = data_files(mkdocs_site), data_files(zensical_site)
    found.extend(
        f"{path}: open data file differs"
        for path in sorted(set(one_data) | set(two_data))
        if one_data.get(path) != two_data.get(path)
    )
    for name, site in (("MkDocs", mkdocs_site), ("Zensical", zensical_site)):
        found.extend(f"{name} link check: {problem}" for problem in broken_links(site))
    return found


def _diff(a: list, b: list) -> str:
    """What one list has that the other has not, briefly."""
    only_a = [x for x in a if x not in b]
    only_b = [x for x in b if x not in a]
    if not only_a and not only_b:
        return f"same items, other order ({len(a)})"
    return f"MkDocs only {only_a[:4]}{'…' if len(only_a) > 4 else ''}; Zensical only {only_b[:4]}{'…' if len(only_b) > 4 else ''}"


def _first_change(a: str, b: str) -> str:
    """Where two texts part, with a little of each."""
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at {at}: MkDocs {a[max(0, at - 30) : at + 50]!r} / Zensical {b[max(0, at - 30) : at + 50]!r}"


def main(argv: list[str]) -> int:
    """Print the differences; exit 1 when there are any."""
    mkdocs_site = Path(argv[0] if argv else "site")
    zensical_site = Path(argv[1] if len(argv) > 1 else "build/zensical/site")
    found = differences(mkdocs_site, zensical_site, content="--content" in argv)
    for line in found:
        print(line)
    pages = read_site(zensical_site)
    print(f"{len(found)} difference(s); {len(pages)} pages in the Zensical build.", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if not a.startswith("--")] + [a for a in sys.argv[1:] if a.startswith("--")]))
