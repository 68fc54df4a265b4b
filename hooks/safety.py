"""What pages and data may hold: links only to safe schemes, no script, no raw HTML in data Markdown.

Two layers. ``markdown_problems`` reads the Markdown a contributor wrote (a page, or a Markdown field
of a data file) and reports each fault at its line. ``defuse_html`` is the last guard on the HTML
made from it: whatever slipped past is turned into text, so no input puts a live script on a page.
"""

from __future__ import annotations

import html
import re

from .model import Origin, Problem
from .refs import REF, mask_code, unclosed_fences
from .words import q

ALLOWED_SCHEMES = ("http", "https", "mailto")
# Elements that run code or send data; pages keep the raw HTML of layout (<div markdown>, <details>, <span> …).
FORBIDDEN_TAGS = ("script", "iframe", "object", "embed", "form", "frame", "frameset", "applet", "base", "meta", "link", "style")

# A start or end tag; browsers also take '/' between the name and the attributes as a space (<img/src=x>).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[\s/](?:[^>\"']|\"[^\"]*\"|'[^']*')*)?)>")
_COMMENT = re.compile(r"<!--")
# An event handler with its value (a tag's attributes always start with a space or '/').
_HANDLER = re.compile(r"""(?<=[\s/"'])(on[a-z]+)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*)""", re.I)
_URL_ATTR = re.compile(
    r"""(?:(?<=[\s/"'])|^)(href|src|action|formaction|xlink:href|poster|srcset|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.I,
)
# Markdown link destinations: [text](url), [id]: url, <scheme:…>.
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]*)")
_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>")
_UNCLOSED_REF = re.compile(r"\[\[(?![^\n]*?\]\])")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# Browsers drop these from a URL before reading its scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")

UNSAFE_LINK = "リンクに使えない"  # the start of the message of an unsafe link (the engine's message on that line is dropped)
LINK_HINT = "リンクは、ページへの相対パス（other.md#anchor の形）か、https:、http:、mailto: で始まるアドレスにする。"
# The start of an unclosed reference, to show how it reads closed.
_REF_START = re.compile(r"\[\[\s*([^\]:|\s]+)\s*:\s*([A-Za-z0-9-]+)")


def bad_scheme(url: str) -> str | None:
    """The scheme of a URL that may not be linked (javascript:, data:, vbscript: …), or None for a safe one."""
    found = _SCHEME.match(_URL_NOISE.sub("", html.unescape(url)).lower())
    return None if found is None or found.group(1) in ALLOWED_SCHEMES else found.group(1)


def markdown_problems(markdown: str, origin: Origin, *, raw_html: bool) -> list[Problem]:
    """The faults in one Markdown text whose first line is ``origin.line``.

    ``raw_html`` is True for pages (which may use layout HTML but no script, handlers or unsafe
    links) and False for data files (whose Markdown may hold no HTML at all).
    """
    problems: list[Problem] = []
    text = mask_code(markdown)

    def at(offset: int) -> Origin:
        return Origin(origin.file, origin.line + text.count("\n", 0, offset))

    for offset in unclosed_fences(markdown):
        fence = markdown[offset : offset + 3]
        problems.append(
            Problem(
                at(offset),
                f"ここで開いたコードの囲み {q(fence)} が閉じていないため、ここから後ろはコードとして扱われない。",
                f"{fence} だけの行（同じ文字を同じ数以上）で閉じる。",
            )
        )
    for found in _UNCLOSED_REF.finditer(text):
        written = markdown[found.start() :].split("\n", 1)[0][:40].strip()
        start = _REF_START.match(written)
        closed = f"[[{start.group(1)}:{start.group(2)}]]" if start else ""
        hint = f"「]]」で閉じ、{closed} の形にする。" if closed and REF.fullmatch(closed) else "「]]」で閉じる。"
        problems.append(Problem(at(found.start()), f"参照 {q(written)} が閉じていない。", hint))
    for pattern in (_INLINE, _DEFINITION, _AUTOLINK):
        for found in pattern.finditer(text):
            scheme = bad_scheme(markdown[found.start(1) : found.end(1)])
            if scheme:
                problems.append(Problem(at(found.start(1)), f"{UNSAFE_LINK} {q(scheme + ':')} が使われている。", LINK_HINT))
    for found in _TAG.finditer(text):
        name = found.group(2).lower()
        if found.group(1):
            continue  # an end tag: its start tag is the one reported
        if not raw_html:
            file = origin.file
            problems.append(
                Problem(
                    at(found.start()),
                    f"{file} の Markdown に HTML（{q('<' + name + '>')}）は書けない。",
                    "タグの代わりに **太字**、[文字](URL)、リストを使う。「<」という文字そのものは &lt; と書く。",
                )
            )
            continue
        problems.extend(_tag_problems(found, name, at(found.start())))
    if not raw_html:
        for found in _COMMENT.finditer(text):
            problems.append(
                Problem(
                    at(found.start()),
                    f"{origin.file} の Markdown に HTML のコメント（{q('<!--')}）は書けない。",
                    "コメントを消す。",
                )
            )
    return problems


def _tag_problems(tag: re.Match, name: str, origin: Origin) -> list[Problem]:
    """What is wrong with one raw HTML tag in a page."""
    if name in FORBIDDEN_TAGS:
        return [
            Problem(
                origin,
                f"ページに HTML の要素 <{name}> は書けない。",
                "ページに書ける HTML はレイアウトのためのもの（<div markdown>、<details>、<span> など）だけで、"
                "コードを動かすものや読み込むものは書けない（CONTRIBUTING §4）。",
            )
        ]
    problems = []
    attrs = tag.group(3)
    for handler in _HANDLER.finditer(attrs):
        problems.append(
            Problem(
                origin,
                f"<{name}> のイベントハンドラーの属性 {q(handler.group(1))} は書けない。",
                "この属性を消す（ページは独自のスクリプトを動かさない）。",
            )
        )
    for attr in _URL_ATTR.finditer(attrs):
        scheme = bad_scheme(attr.group(2) or attr.group(3) or attr.group(4) or "")
        if scheme:
            problems.append(Problem(origin, f"{UNSAFE_LINK} {q(scheme + ':')} が使われている。", LINK_HINT))
    return problems


def defuse_html(content: str) -> tuple[str, bool]:
    """The page's HTML with every forbidden element, event handler and unsafe link made harmless, and whether anything was.

    Forbidden tags are written as text, handlers are dropped with their values and unsafe URLs become '#'. Our own
    markup has none of these, so a change here means some input got past markdown_problems.
    """
    changed = False

    def tag(found: re.Match) -> str:
        nonlocal changed
        name = found.group(2).lower()
        if name in FORBIDDEN_TAGS:
            changed = True
            return html.escape(found.group(0), quote=False)
        attrs = found.group(3)
        lowered = attrs.lower()
        if "on" not in lowered and ":" not in lowered and "&" not in lowered:
            return found.group(0)  # no handler, and no URL with a scheme (written plainly or with entities)
        cleaned = _HANDLER.sub("", attrs)

        def url(attr: re.Match) -> str:
            value = attr.group(2) if attr.group(2) is not None else attr.group(3) if attr.group(3) is not None else attr.group(4)
            return attr.group(0) if not bad_scheme(value) else f'{attr.group(1)}="#"'

        cleaned = _URL_ATTR.sub(url, cleaned)
        if cleaned != attrs:
            changed = True
        return f"<{found.group(1)}{found.group(2)}{cleaned}>"

    return _TAG.sub(tag, content), changed
