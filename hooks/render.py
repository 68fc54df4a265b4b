"""Markdown and HTML for the generated pages (glossary, timeline, companies, people), backlinks and the problem panel."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable

from .model import Problem, Record, SiteData, Source, format_date
from .refs import ref_text

# 五十音 rows by their first kana; voiced and small kana fold onto the plain row.
ROWS = (
    ("a", "あ行", "ぁあぃいぅうゔぇえぉお"),
    ("ka", "か行", "かがきぎくぐけげこご"),
    ("sa", "さ行", "さざしじすずせぜそぞ"),
    ("ta", "た行", "ただちぢっつづてでとど"),
    ("na", "な行", "なにぬねの"),
    ("ha", "は行", "はばぱひびぴふぶぷへべぺほぼぽ"),
    ("ma", "ま行", "まみむめも"),
    ("ya", "や行", "ゃやゅゆょよ"),
    ("ra", "ら行", "らりるれろ"),
    ("wa", "わ行", "ゎわゐゑをん"),
)
LATIN_ROW = ("latin", "英数字")


def hiragana(text: str) -> str:
    """Katakana to hiragana (same length), for sorting and grouping readings."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def row_of(term: Record) -> tuple[str, str]:
    """The 五十音 row (anchor, label) a term belongs to; terms written in Latin letters have their own."""
    if term.ja[:1].isascii():
        return LATIN_ROW
    first = hiragana(term.reading)[:1]
    for anchor, label, kana in ROWS:
        if first in kana:
            return anchor, label
    return LATIN_ROW


def sort_terms(terms: Iterable[Record]) -> list[tuple[tuple[str, str], list[Record]]]:
    """Terms grouped by row in 五十音 order, the Latin group last, each group sorted by reading."""
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for term in terms:
        groups[row_of(term)].append(term)
    order = [(a, label) for a, label, _ in ROWS] + [LATIN_ROW]
    result = []
    for row in order:
        if row in groups:
            key = (lambda t: t.ja.casefold()) if row == LATIN_ROW else (lambda t: hiragana(t.reading))
            result.append((row, sorted(groups[row], key=key)))
    return result


# Characters that start Markdown markup anywhere in a line, and at its start only (headings, quotes, lists).
_MD_INLINE = re.compile(r"([\\`*_{}\[\]|])")
_MD_LINE_START = re.compile(r"^(\s*(?:\d+(?=[.)]))?)([#>+=.)-])")


def md_escape(text: str) -> str:
    """A plain text (a name, a title, a summary) as Markdown that shows exactly that text: no markup, no HTML."""
    return _MD_LINE_START.sub(r"\1\\\2", _MD_INLINE.sub(r"\\\1", html.escape(text, quote=False)))


def render_source_inline(source: Source) -> str:
    """One source in a line: publisher, title (linked when its address is known), date."""
    title = f"[{md_escape(source.title)}]({source.url})" if source.url else md_escape(source.title)
    date = f"（{format_date(source.date)}）" if source.date else ""
    return f"{md_escape(source.publisher)}：{title}{date}"


def render_source(source: Source) -> str:
    """One source as a Markdown list item."""
    return f"- {render_source_inline(source)}"


def render_sources(sources: Iterable[Source]) -> str:
    """A Markdown list of sources."""
    return "\n".join(render_source(s) for s in sources)


def backlinks_marker(kind: str, ident: str) -> str:
    """An empty element the late pass fills with the pages that mention a record."""
    return f'<div class="backlinks" data-backlinks="{kind}:{ident}"></div>'


def render_backlink(title: str, url: str) -> str:
    """One page in a list of backlinks: its title, linked by a relative URL."""
    return f'<li><a href="{html.escape(url)}">{html.escape(title)}</a></li>'


def render_backlinks(items: list[str]) -> str:
    """The filled marker: a list of render_backlink items, or a note that no page mentions it yet."""
    if not items:
        return '<p class="backlinks backlinks-empty">まだどのページにも登場しない。</p>'
    return f'<ul class="backlinks">{"".join(items)}</ul>'


def front_matter(description: str) -> str:
    """Front matter with a description (quoted for YAML)."""
    return '---\ndescription: "' + description.replace("\\", "\\\\").replace('"', '\\"') + '"\n---\n\n'


def render_glossary(data: SiteData) -> str:
    """The glossary's index page: rows in 五十音 order, each term with its short definition, linked to its own page.

    Each term keeps an element with its id, so that links to ``glossary/#id`` land on it.
    """
    groups = sort_terms(data.terms.values())
    out = [front_matter("DeepSeekショックを読むための用語集。推論モデル、オープンソース、輸出規制などを五十音順に解説する。")]
    out.append("# 用語集 {#glossary}\n")
    out.append(
        f"記事と学習補助に出てくる用語{len(data.terms)}語を、読みの五十音順に並べた。"
        "英字で書く用語は最後の「英数字」にまとめてある。用語の名前から、その用語のページ（定義、関連用語、"
        "関連する出来事、登場するページ、出典）へ進める。用語を1行ずつ並べた印刷用の[単語リスト](wordlist.md)もある。\n"
    )
    out.append('<nav class="glossary-index" aria-label="行で移動" markdown>\n')
    out.append(" ・ ".join(f"[{label}](#gyo-{anchor})" for (anchor, label), _ in groups) + "\n")
    out.append("</nav>\n")
    for (anchor, label), terms in groups:
        out.append(f"## {label} {{#gyo-{anchor}}}\n")
        out.append('<dl class="glossary-terms" markdown="block">\n')
        out.extend(render_glossary_entry(term) for term in terms)
        out.append("</dl>\n")
    return "\n".join(out)


def term_names(term: Record) -> str:
    """A term's name with its English name beside it, when that differs: 推論モデル（reasoning model）."""
    return f"{term.ja}（{term.en}）" if term.en != term.ja else term.ja


def render_glossary_entry(term: Record) -> str:
    """One term of the index: its name, linked to its page (a plain link, as on the companies index: the short
    definition stands beside it, no tooltip), and its short definition."""
    link = f"[{md_escape(term_names(term))}](glossary/{term.id}.md)"
    return f'<dt id="{term.id}" markdown="span">{link}</dt>\n<dd markdown="span">{md_escape(term.short)}</dd>\n'


def render_term(term: Record, data: SiteData) -> str:
    """A term's page of its own: reading and other spellings, definition, related terms and events, backlinks, sources."""
    events = [event for event in data.events.values() if term.id in event.terms]
    meta = [f"読み：{term.reading}"]
    if term.aliases:
        meta.append("別表記：" + "、".join(term.aliases))
    lines = [
        front_matter(term.short),
        f"# {md_escape(term_names(term))} {{#{term.id}}}\n",
        f'<p class="term-meta">{html.escape(" ／ ".join(meta))}</p>\n',
        f"{term.definition.text.strip()}\n",
    ]
    if term.related:
        lines.append("## 関連用語 {#related}\n")
        lines.append("、".join(f"[[term:{r}]]" for r in term.related) + "\n")
    if events:
        lines.append("## 関連する出来事 {#events}\n")
        lines.extend(f"- [[event:{e.id}|{ref_text(format_date(e.date) + '　' + e.title)}]]" for e in events)
        lines.append("")
    lines.append("## 登場するページ {#mentioned-in}\n")
    lines.append(backlinks_marker("term", term.id) + "\n")
    lines.append("## 出典 {#sources}\n")
    lines.append(render_sources(term.sources) + "\n")
    lines.append(f"[用語集の一覧に戻る](../glossary.md#{term.id})\n")
    return "\n".join(lines)


def render_timeline(data: SiteData) -> str:
    """The timeline page: events grouped by month, each an item of an ordered list."""
    out = [
        front_matter(
            "DeepSeek-V3の公開からR1、スターゲート、株価急落、各国の規制まで、DeepSeekショックの出来事を月ごとにたどる年表。"
        )
    ]
    out.append("# 年表 {#timeline}\n")
    out.append(
        f"DeepSeekショックに関わる出来事{len(data.events)}件を、古い順に月ごとに並べた。"
        "日付が月までしか確かめられない出来事は、月だけを示す。各出来事の出典は項目の末尾にある。\n"
    )
    by_month: dict[str, list[Record]] = defaultdict(list)
    for event in data.events.values():
        by_month[event.date[:7]].append(event)
    for month, events in by_month.items():
        out.append(f"## {format_date(month)} {{#m-{month}}}\n")
        out.append('<ol class="timeline" markdown="block">\n')
        out.extend(render_event(event, data) for event in events)
        out.append("</ol>\n")
    return "\n".join(out)


def render_event(event: Record, data: SiteData) -> str:
    """One timeline entry (an <li> with a <time> element)."""
    parts = [
        f'<li class="timeline-event" id="{event.id}" markdown="block">\n',
        f'<p class="timeline-date"><time datetime="{event.date}">{format_date(event.date)}</time></p>\n',
        f'<p class="timeline-title"><strong>{html.escape(event.title)}</strong></p>\n',
        f"{event.summary.text.strip()}\n",
    ]
    related = []
    if event.companies:
        related.append("企業・組織：" + "、".join(f"[[company:{c}]]" for c in event.companies))
    if event.terms:
        related.append("用語：" + "、".join(f"[[term:{t}]]" for t in event.terms))
    people = [p.id for p in data.people.values() if event.id in p.events]
    if people:
        related.append("人物：" + "、".join(f"[[person:{p}]]" for p in people))
    if related:
        parts.append('<p class="timeline-related" markdown="span">' + " ／ ".join(related) + "</p>\n")
    parts.append(
        '<p class="timeline-sources" markdown="span">出典：'
        + "／".join(render_source_inline(s) for s in event.sources)
        + "</p>\n"
    )
    parts.append("</li>\n")
    return "\n".join(parts)


def render_companies_index(data: SiteData) -> str:
    """The index of company profiles."""
    out = [front_matter("DeepSeekショックに登場する企業・組織のプロフィール一覧。")]
    out.append("# 企業・組織 {#companies}\n")
    out.append("記事に登場する企業と、出来事の理解に欠かせない企業・プロジェクトのプロフィールである。\n")
    for company in data.companies.values():
        # Navigation with the summary beside it: a plain link, without the tooltip a reference gets.
        link = f"[{md_escape(company.name)}]({company.id}.md)"
        out.append(f"- **{link}**（{md_escape(company.kind_label)}）— {md_escape(company.summary)}")
    return "\n".join(out) + "\n"


def render_company(company: Record, data: SiteData) -> str:
    """One profile page: facts box, role in the story, related events, backlinks, sources."""
    facts = [("正式名称", company.name_en)]
    if company.name_local:
        facts.append(("現地語表記", company.name_local))
    facts.append(("種別", company.kind_label))
    if company.founded:
        facts.append(("設立", format_date(company.founded)))  # always a checked YYYY, YYYY-MM or YYYY-MM-DD
    elif company.announced:
        facts.append(("発表", format_date(company.announced)))  # no founding date in the sources: only the announcement
    facts += [
        ("本社・拠点", company.headquarters),
        ("主要人物", "、".join(company.leaders)),  # every value of the box is escaped below
    ]
    if company.products:
        facts.append(("主な製品・モデル", "、".join(company.products)))
    box = "\n".join(f"{name}\n:   {md_escape(value)}\n" for name, value in facts)
    events = [e for e in data.events.values() if company.id in e.companies]
    people = [p for p in data.people.values() if company.id in p.companies]
    extra = (
        ["## 関連する人物 {#people}\n", *(f"- [[person:{p.id}]]（{md_escape(p.position)}）" for p in people), ""]
        if people
        else []
    )
    return _profile_page(company, box, "## この出来事での役割 {#role}", company.role.text, events, "組織", extra)


def _profile_page(record, box: str, heading: str, story: str, events: list[Record], noun: str, extra: list[str]) -> str:
    """A page of its own for a company or a person: title, summary, facts box, their part, events, backlinks, sources."""
    out = [front_matter(record.summary)]
    out.append(f"# {md_escape(record.name)} {{#{record.id}}}\n")
    out.append(f"{md_escape(record.summary)}\n")
    out.append(f'<aside class="facts-box" aria-label="基本情報" markdown="block">\n\n{box}\n</aside>\n')
    out.append(f"{heading}\n")
    out.append(story.strip() + "\n")
    out.append("## 関連する出来事 {#events}\n")
    if events:
        out.extend(f"- [[event:{e.id}|{ref_text(format_date(e.date) + '　' + e.title)}]]" for e in events)
        out.append("")
    else:
        out.append(f"年表には、この{noun}が関わる出来事はまだない。\n")
    out.extend(extra)
    out.append("## 登場するページ {#mentioned-in}\n")
    out.append(backlinks_marker(record.kind, record.id) + "\n")
    out.append("## 出典 {#sources}\n")
    out.append(render_sources(record.sources) + "\n")
    return "\n".join(out)


def render_people_index(data: SiteData) -> str:
    """The index of people, in 五十音 order of their readings."""
    out = [front_matter("DeepSeekショックに登場する人物の一覧。発言や行動を、出来事と出典とともにたどる。")]
    out.append("# 人物 {#people}\n")
    out.append("記事と学習補助に登場する人物を、読みの五十音順に並べた。役職は2025年1〜5月のものである。\n")
    for person in sorted(data.people.values(), key=lambda p: hiragana(p.reading)):
        link = f"[{md_escape(person.name)}]({person.id}.md)"  # as on the companies index
        out.append(f"- **{link}** — {md_escape(person.summary)}")  # the summary names the position
    return "\n".join(out) + "\n"


def render_person(person: Record, data: SiteData) -> str:
    """One person's page: facts box, what they said or did, related events, backlinks, sources."""
    facts = [("英語表記", person.name_en)]
    if person.reading_confirmed:  # an unconfirmed reading only sorts the index; the story glosses it
        facts.append(("読み", person.reading))
    facts.append(("当時の役職", person.position))
    box = "\n".join(f"{name}\n:   {md_escape(value)}\n" for name, value in facts)
    if person.companies:
        box += "\n所属\n:   " + "、".join(f"[[company:{c}]]" for c in person.companies) + "\n"
    events = [data.events[e] for e in person.events if e in data.events]
    return _profile_page(person, box, "## この出来事での発言と行動 {#story}", person.story.text, events, "人物", [])


# The panel brings its own style: it must read well on any page, whatever the site's style sheet says.
_PANEL_STYLE = (
    ".build-problems{position:relative;z-index:5;margin:0;padding:.8rem 1.2rem;background:#fff4f4;color:#3b0000;"
    "border-bottom:.25rem solid #b00020;font-size:.8rem;line-height:1.6;font-family:system-ui,sans-serif}"
    ".build-problems-title{margin:0 0 .4rem;font-weight:700}"
    ".build-problems-list{margin:0;padding-left:1.4rem;max-height:40vh;overflow-y:auto}"
    ".build-problems-list li{margin:.2rem 0;overflow-wrap:anywhere}"
    ".build-problem-where{font-family:ui-monospace,monospace;font-weight:700;color:#7a0014;background:none}"
    ".build-problem-hint{display:block;color:#333}"
    ".build-problems-kept{margin:.4rem 0 0}"
)


def render_problem_panel(problems: list[Problem], kept: Iterable[str] = ()) -> str:
    """The panel that `mkdocs serve` puts on every page while the build has problems: where, what, how to fix.

    ``kept``: the data files whose pages show their last records without a fault, until they are fixed.
    """
    items = "".join(
        f'<li><code class="build-problem-where">{html.escape(str(p.origin))}</code> '
        f"{'警告' if p.warning else 'エラー'}：{html.escape(p.message)}"
        + (f' <span class="build-problem-hint">{html.escape(p.hint)}</span>' if p.hint else "")
        + "</li>"
        for p in problems
    )
    count = len(problems)
    return (
        f"<style>{_PANEL_STYLE}</style>"
        '<div class="build-problems" role="alert" aria-labelledby="build-problems-title">'
        f'<p id="build-problems-title" class="build-problems-title">ビルドに{count}件の問題がある（ファイルを直して保存すると、このページは読み直される）</p>'
        f'<ol class="build-problems-list">{items}</ol>{_kept_note(kept)}</div>'
    )


def _kept_note(kept: Iterable[str]) -> str:
    """The panel's note on the data files shown as they last were without a fault."""
    files = "、".join(f'<code class="build-problem-where">{html.escape(file)}</code>' for file in kept)
    return f'<p class="build-problems-kept">{files} は、直すまで前の正しい内容でページに表示している。</p>' if files else ""
