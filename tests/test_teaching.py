"""Teaching aids (hooks/teaching.py): the print parts of an article page, the word list and its CSV, the teachers' page.

The functions are checked on small inputs; the CSV, the word list and the teachers' page on the real site built
by each engine, against glossary.yml and the article pages themselves (nothing counted by hand).
"""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
import yaml

from hooks.render import hiragana
from hooks.teaching import EDITIONS, WORDLIST_COLUMNS, print_parts, qr_svg, render_wordlist, short_url, wordlist_csv
from tests.conftest import ROOT, without_breaks
from tests.fixtures import make_data, make_term

ARTICLES = ["lead", "cost-efficiency", "us-response", "deepseek-challenges"]
ARTICLE = (
    '<h1 id="x">見出し</h1>\n<p>本文。<a href="https://www.example.org/a/very/long/path/that/goes/on/and/on/and/on/">出典</a></p>\n'
    '<details class="question">\n<summary>問1：問い？</summary>\n<p>模範解答：' + "答え。" * 60 + "</p>\n</details>\n"
    '<section class="print-answers no-autolink" data-search-exclude>\n<h2>解答例（教員用）</h2>\n</section>'
)


def glossary_terms() -> list[dict]:
    """The terms of glossary.yml, as written."""
    return yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))["terms"]


def text_of(markup: str) -> str:
    """The text of some HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def test_print_parts_leave_other_pages_alone() -> None:
    """A page without the answers for print (not an article page) comes back unchanged."""
    page = '<h1 id="x">用語集</h1>\n<p><a href="https://example.org/">外部</a></p>'
    assert print_parts(page, "glossary/", "https://example.org/site/", "サイト") == page


def test_print_parts_of_an_article_page() -> None:
    """The head (with the page's address and QR code) before the title, the menu after it, ruled lines after each
    question (about one per 70 characters of its answer, at most 7), short addresses for print, the sheet footer."""
    made = print_parts(ARTICLE, "article/x/", "https://example.org/site/", "サイト")
    head, rest = made.split('<h1 id="x">', 1)
    assert 'class="print-head"' in head and "このページ：https://example.org/site/article/x/" in head
    assert head.count('<svg role="img"') == 1 and "<script" not in made
    menu = re.search(r'<nav class="print-editions".*?</nav>', rest).group(0)
    assert re.findall(r'href="\?print=([a-z-]+)"', menu) == [value for value, _ in EDITIONS]
    lines = re.search(r'</details><div class="print-lines" aria-hidden="true">((?:<span></span>)*)</div></div>', made)
    assert lines and lines.group(1).count("<span>") == 3  # 180 characters of answer
    shown = short_url("https://www.example.org/a/very/long/path/that/goes/on/and/on/and/on/")
    assert shown.endswith("…") and f'data-print-url="{shown}"' in made
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\"); \}", made).group(1)
    assert (
        footer
        == '"サイト\\3000 https://example.org/site/article/x/\\3000 ' + re.search(r"\d+年\d+月\d+日版", head).group(0) + '"'
    )


def test_print_parts_escape_the_site_name_and_address() -> None:
    """A site name or address with markup stays text in the head and cannot leave the footer's CSS string."""
    made = print_parts(ARTICLE, "article/x/", 'https://example.org/"><script>/', '</style><b>"サイト"</b>')
    assert "<script>" not in made and "<b>" not in made and "</style><b>" not in made
    footer = re.search(r"<style>(.*?)</style>", made, re.S).group(1)
    assert footer.count('"') == 2, footer


def test_writing_lines_grow_with_the_answer_up_to_six() -> None:
    """A long model answer gets more room to write, but never more than 6 lines (the student sheets stay within 4 pages)."""
    long = print_parts(ARTICLE.replace("答え。" * 60, "答え。" * 400), "a/", "https://e.org/", "s")
    assert long.count("<span></span>") == 6


def test_short_url() -> None:
    """An address without scheme, 'www.' and final '/', cut with '…' when long."""
    assert short_url("https://www.example.org/") == "example.org"
    assert short_url("http://arxiv.org/abs/2412.19437") == "arxiv.org/abs/2412.19437"
    assert short_url("https://example.org/" + "a" * 80, limit=20) == "example.org/aaaaaaa…"


def test_qr_code_is_an_inline_svg_of_the_address() -> None:
    """The QR code is an SVG element drawn from the address (a longer address makes a larger code), with a label."""
    small, large = qr_svg("https://e.org/a/"), qr_svg("https://example.org/" + "long/" * 20)
    assert small.startswith('<svg role="img" aria-label=') and small.endswith("</svg>")
    size = lambda svg: int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # noqa: E731
    assert size(large) > size(small)


def test_word_list_markdown_and_csv_escape_and_order() -> None:
    """Terms in 五十音 order (Latin last); a '|' or markup in a term stays text in the table; the CSV has the columns."""
    data = make_data(
        [
            make_term("b", "ベクトル", "べくとる"),
            make_term("a", "アルゴリズム|<b>", "あるごりずむ"),
            make_term("gpu", "GPU", "じーぴーゆー"),
        ]
    )
    markdown = render_wordlist(data)
    rows = [line for line in markdown.splitlines() if line.startswith("| [")]
    assert [re.search(r"\(glossary/(\w+)\.md\)", row).group(1) for row in rows] == ["a", "b", "gpu"]
    assert "アルゴリズム\\|&lt;b&gt;" in rows[0]
    body = wordlist_csv(data, lambda ident: f"https://e.org/glossary/{ident}/")
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert (
        table[0] == list(WORDLIST_COLUMNS) and table[1][0] == "アルゴリズム|<b>" and table[3][4] == "https://e.org/glossary/gpu/"
    )


def read_csv(site: Path) -> list[list[str]]:
    """data/wordlist.csv of a built site, read as Excel would be told to: UTF-8 with BOM."""
    with (site / "data" / "wordlist.csv").open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_wordlist_csv_has_a_row_per_term(built_site: Path) -> None:
    """One row per term of glossary.yml, under the columns the data page names, in 五十音 order; each URL is the
    term's page in the site."""
    table = read_csv(built_site)
    terms = glossary_terms()
    assert (built_site / "data" / "wordlist.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    page = (built_site / "data-files" / "index.html").read_text(encoding="utf-8")
    named = re.findall(r"<tr>\s*<td><code>([^<]+)</code></td>", page.split('id="wordlist-csv"', 1)[1])
    assert table[0] == named == list(WORDLIST_COLUMNS)
    rows = table[1:]
    assert len(rows) == len(terms) and {row[0] for row in rows} == {term["ja"] for term in terms}
    by_name = {term["ja"]: term for term in terms}
    for name, reading, english, short, url in rows:
        term = by_name[name]
        assert (reading, english, short) == (term["reading"], term["en"], " ".join(term["short"].split()))
        assert url.endswith(f"/glossary/{term['id']}/") and (built_site / "glossary" / term["id"] / "index.html").is_file()
    kana = [hiragana(row[1]) for row in rows if not row[0][:1].isascii()]
    assert kana == sorted(kana) and all(not row[0][:1].isascii() for row in rows[: len(kana)])


def test_word_list_page_lists_every_term(built_site: Path) -> None:
    """The printable word list: one table row per term, in the CSV's order, with reading, English and definition."""
    page = (built_site / "wordlist" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*(<td>.*?)</tr>", page, re.S)
    cells = [[text_of(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in rows]
    assert cells == [row[:4] for row in read_csv(built_site)[1:]]


def test_both_engines_publish_the_word_list(built_site: Path, zensical_site: Path) -> None:
    """Zensical's build publishes the same CSV, the word list and the teachers' page."""
    assert (zensical_site / "data" / "wordlist.csv").read_bytes() == (built_site / "data" / "wordlist.csv").read_bytes()
    for page in ("wordlist", "teachers"):
        assert (zensical_site / page / "index.html").is_file()
    assert "print-qr" in (zensical_site / "article" / "lead" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def teachers(built_site: Path) -> str:
    """The main content of the built teachers' page."""
    page = (built_site / "teachers" / "index.html").read_text(encoding="utf-8")
    return page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


def test_lesson_plan_adds_up_to_50_minutes(teachers: str) -> None:
    """The lesson plan's table: 導入, 展開 and まとめ, in that order, whose minutes add up to 50."""
    table = teachers.split('id="lesson-plan"', 1)[1].split("</table>", 1)[0]
    rows = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]
    stages = [text_of(row[0]) for row in rows]
    assert stages[0] == "導入" and stages[-1] == "まとめ" and all(s.startswith("展開") for s in stages[1:-1]), stages
    minutes = [int(re.fullmatch(r"(\d+)分", text_of(row[1])).group(1)) for row in rows]
    assert sum(minutes) == 50, minutes
    steps = teachers.split('id="discussion"', 1)[1].split("</ol>", 1)[0]
    assert sum(int(m) for m in re.findall(r"（(\d+)分）", steps)) == minutes[stages.index("展開3")]


def test_teachers_page_links_every_edition_the_word_list_and_the_data(teachers: str) -> None:
    """Both student editions and the teachers' edition of every article page, the word list, its CSV and the data page."""
    links = set(re.findall(r'href="([^"]+)"', teachers))
    for name in ARTICLES:
        for edition, _ in EDITIONS:
            assert f"../article/{name}/?print={edition}" in links, (name, edition)
    assert {"../wordlist/", "../data/wordlist.csv", "../data-files/"} <= links


def test_teachers_page_is_in_the_navigation(built_site: Path) -> None:
    """Every page's navigation leads to 「授業で使う」."""
    home = without_breaks((built_site / "index.html").read_text(encoding="utf-8"))
    assert re.search(r'<a href="teachers/" class="md-nav__link">\s*<span class="md-ellipsis">\s*授業で使う', home)


@pytest.mark.parametrize("name", ARTICLES)
def test_teachers_page_states_each_page_goals_as_the_page_does(teachers: str, built_site: Path, name: str) -> None:
    """The goals listed for a page are the page's own 学習目標, word for word and in order."""
    page = (built_site / "article" / name / "index.html").read_text(encoding="utf-8")
    own = re.findall(r"<li>(.*?)</li>", page.split('id="goals"', 1)[1].split("<h2", 1)[0], re.S)
    listed = re.findall(r"<li>(.*?)</li>", teachers.split(f'id="goals-{name}"', 1)[1].split("<h", 1)[0], re.S)
    assert [text_of(goal) for goal in listed] == [text_of(goal) for goal in own]


def test_sources_are_copied_for_print_after_the_quiz() -> None:
    """The 出典 stay where they are on screen; a copy without the heading's id and permalink comes before the answers."""
    sources = '<h2 id="sources">出典<a class="headerlink" href="#sources">&para;</a></h2>\n<ul>\n<li>A：<a href="https://a.org/">T</a></li>\n</ul>\n'
    page = ARTICLE.replace("<section class", sources + '<section class="quiz">問</section>\n<section class', 1)
    made = print_parts(page, "a/", "https://e.org/", "s")
    copy = re.search(
        r'<section class="print-sources" aria-hidden="true" data-search-exclude>(.*?)</section>\s*<section class="print-answers',
        made,
        re.S,
    )
    assert copy and copy.group(1).startswith("<h2>出典</h2>") and "A：" in copy.group(1)
    assert made.count('id="sources"') == 1 and made.index('id="sources"') < made.index('class="quiz"') < copy.start()
