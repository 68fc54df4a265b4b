"""Teaching aids: the print editions of an article page, and the word list (a printable page and a CSV file).

An article page (one with the answers for print of hooks.learning) gets, once its links are put in, parts that
search leaves out (data-search-exclude): a menu of
its three print editions (生徒用, 生徒用（背景つき）, 教員用: docs/assets/site.js chooses one from the menu or
from ``?print=``, docs/assets/site.css lays it out), a head for print (氏名・組・番号, the page's address and a
QR code of it, drawn here with segno), room to write under each question, a copy of its 出典 for print after the
quiz, a footer for every sheet (the site, the address, the date) and a short form of each external address for print. The word list is the glossary's
terms in 五十音 order: a page and data/wordlist.csv (UTF-8 with BOM, so that Excel opens it as such).
No engine here: the build (hooks.build) and the generated pages call these functions.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from datetime import date

import segno

from .model import Record, SiteData, format_date
from .render import front_matter, md_escape, sort_terms

# (value of ?print=, label): the order of the menu.
EDITIONS = (("student", "生徒用"), ("student-full", "生徒用（背景つき）"), ("teacher", "教員用"))
WORDLIST_PAGE = "wordlist.md"
WORDLIST_CSV = "data/wordlist.csv"
WORDLIST_COLUMNS = ("用語", "読み", "英語", "短い定義", "URL")
_QUESTION = re.compile(r'<details class="question"[^>]*>')
_DETAILS = re.compile(r"<(/?)details\b[^>]*>")
_EXTERNAL = re.compile(r'<a href="(https?://[^"]+)"')
_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)
_SOURCES = re.compile(r'(<h2 id="sources".*?</h2>)\s*(<ul>.*?</ul>)', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def handout_date(environ: dict | None = None) -> date:
    """The date a handout names when its page has none (no git history, no file date): the build's (SOURCE_DATE_EPOCH when set)."""
    from .opendata import generated_at  # here: hooks.opendata imports this module for the word list's CSV

    return (generated_at(environ) if environ is not None else generated_at()).date()


def is_article(content: str) -> bool:
    """Whether a page's HTML is an article page with learning aids (hooks.learning wrote its answers for print)."""
    return '<section class="print-answers' in content


def short_url(url: str, limit: int = 48) -> str:
    """An address as printed: without its scheme, 'www.' and a final '/', cut to ``limit`` characters with '…'."""
    text = re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def qr_svg(url: str) -> str:
    """A QR code of an address as an inline SVG element (scaled by CSS; no image file, no request)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="print-qr", lineclass=None)
    return svg.replace("<svg ", '<svg role="img" aria-label="このページのアドレスのQRコード" ', 1)


def _css_string(text: str) -> str:
    """A text as a CSS string literal that cannot end its string or its <style> element."""
    return '"' + "".join(c if c.isalnum() or c in " ./:-_?=&#%~（）：・" else f"\\{ord(c):x} " for c in text) + '"'


def print_parts(content: str, page_url: str, site_url: str, site_name: str, when: date | None = None) -> str:
    """An article page's HTML with its print menu, print head, writing room, sheet footer and short addresses.

    Other pages come back as they are. ``page_url`` is the page's URL from the site root.
    """
    if not is_article(content):
        return content
    address = (site_url or "/").rstrip("/") + "/" + page_url.lstrip("/")
    day = when or handout_date()
    dated = f"{format_date(day.isoformat())}版"
    esc = html.escape
    menu = "".join(f'<li><a href="?print={value}" data-edition="{value}">{label}</a></li>' for value, label in EDITIONS)
    menu = (
        '<nav class="print-editions" aria-label="印刷" data-search-exclude>'
        '<p class="print-editions-label">印刷する：</p>'
        f'<ul class="print-editions-list">{menu}</ul></nav>'
    )
    head = (
        '<div class="print-head" aria-hidden="true" data-search-exclude>'
        '<div class="print-name">'
        '<p><span>組</span><span class="print-blank"></span>'
        '<span>番号</span><span class="print-blank"></span>'
        '<span>氏名</span><span class="print-blank print-blank-wide"></span></p>'
        f'<p class="print-address">このページ：{esc(address)}<br>{esc(site_name)}（{dated}）</p>'
        "</div>"
        f"{qr_svg(address)}"
        "</div>"
    )
    footer = f"{site_name}　{address}　{dated}"
    style = f"<style>@page {{ @bottom-left {{ content: {_css_string(footer)}; }} }}</style>"
    found = _H1.search(content)
    if found:
        content = content[: found.start()] + head + found.group(0) + menu + content[found.end() :]
    content = _with_sources_at_the_end(_with_writing_room(content))
    content = _EXTERNAL.sub(lambda m: f'{m.group(0)} data-print-url="{esc(short_url(html.unescape(m.group(1))))}"', content)
    return style + content


def _with_sources_at_the_end(content: str) -> str:
    """The page with a copy of its 出典 for print after the quiz (the screen keeps the quiz last; print shows the copy)."""
    found = _SOURCES.search(content)
    answers = content.find('<section class="print-answers')
    if found is None or answers == -1:
        return content
    heading = _HEADERLINK.sub("", found.group(1)).replace(' id="sources"', "", 1)
    copy = f'<section class="print-sources" aria-hidden="true" data-search-exclude>{heading}\n{found.group(2)}</section>\n'
    return content[:answers] + copy + content[answers:]


def _with_writing_room(content: str) -> str:
    """Each question block of the page with room to write its answer after it, the two kept together in print."""
    out, at = [], 0
    for start in _QUESTION.finditer(content):
        if start.start() < at:
            continue  # a question inside a question
        depth, end = 1, None
        for tag in _DETAILS.finditer(content, start.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        if end is None:
            break
        out += [
            content[at : start.start()],
            '<div class="question-block">',
            content[start.start() : end],
            _writing_lines(content[start.end() : end]),
            "</div>",
        ]
        at = end
    return "".join(out) + content[at:]


def _writing_lines(answer: str) -> str:
    """Ruled lines to write an answer on: about one for every 70 characters of the model answer, 3 to 6."""
    length = len(re.sub(r"<[^>]+>", "", answer))
    count = min(6, max(3, -(-length // 70)))
    return '<div class="print-lines" aria-hidden="true">' + "<span></span>" * count + "</div>"


# The word list.


def word_terms(data: SiteData) -> list[Record]:
    """Every term in the glossary's order: 五十音 by reading, terms written in Latin letters last."""
    return [term for _, terms in sort_terms(data.terms.values()) for term in terms]


def render_wordlist(data: SiteData) -> str:
    """The printable word list: one table of term, reading, English and short definition, in 五十音 order."""
    terms = word_terms(data)
    out = [front_matter("用語集の用語を五十音順に並べ、読み・英語・短い定義を1行ずつ示す。印刷して語彙の確認に使える。")]
    out.append("# 単語リスト {#wordlist}\n")
    out.append(
        f"[用語集](glossary.md)の用語 {len(terms)} 語を、読みの五十音順に並べた（英字で書く用語は最後）。"
        "A4の用紙に印刷でき、表計算ソフトで開ける[CSVファイル](data/wordlist.csv)もある。\n"
    )
    out.append('<div class="wordlist" markdown>\n')
    out.append("| 用語 | 読み | 英語 | 短い定義 |")
    out.append("| --- | --- | --- | --- |")
    for term in terms:
        cells = [f"[{_cell(term.ja)}](glossary/{term.id}.md)", _cell(term.reading), _cell(term.en), _cell(term.short)]
        out.append("| " + " | ".join(cells) + " |")
    out.append("\n</div>\n")
    return "\n".join(out)


def _cell(text: str) -> str:
    """A text as the Markdown of a table cell: escaped, its '|' too, on one line."""
    return md_escape(" ".join(text.split()))


def wordlist_csv(data: SiteData, url_of: Callable[[str], str]) -> bytes:
    """data/wordlist.csv: the word list's columns and each term's address, UTF-8 with BOM, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(WORDLIST_COLUMNS)
    for term in word_terms(data):
        writer.writerow([term.ja, term.reading, term.en, " ".join(term.short.split()), url_of(term.id)])
    return buffer.getvalue().encode("utf-8-sig")
