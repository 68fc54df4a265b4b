"""Classroom handouts: each article page printed by Chromium to A4 in its print editions, read back with pypdf.

Each page is opened as a teacher's shared link opens it (``?print=student``, ``?print=student-full``,
``?print=teacher``): the page's script chooses the edition and asks to print (window.print is replaced by a
counter, as a headless browser cannot show the print dialog), then the page is printed to PDF. The expected
texts come from the built page itself (title, goals, questions, model answers, its address) and from its front
matter's quiz, so the tests check what the page holds, not a copy of it.
"""

from __future__ import annotations

import html
import io
import multiprocessing
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader

from hooks.kinds import load
from hooks.learning import LETTERS, model_answers, page_quiz
from hooks.teaching import EDITIONS
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTICLES = ["lead", "cost-efficiency", "us-response", "deepseek-challenges"]
ANSWERS = "解答例（教員用）"
A4 = (595.92, 842.88)  # points
MM = 72 / 25.4
MARGIN_TOP, MARGIN_BOTTOM = 13 * MM, 15 * MM  # the @page margins of site.css; the footer stands in the bottom one
STUDENT_PAGES = 4
# Text of the site's chrome that must not be printed: a nav section, a nav page, the search box's placeholder,
# the back-to-top button, the footer's licence line, the headings' permalink mark.
CHROME = ["記事を読む", "このサイトについて", "検索", "トップへ戻る", "CC BY 4.0", "¶"]
MENU = "印刷する：" + "".join(label for _, label in EDITIONS)  # the print menu, which is the page's own
# Record the calls of window.print instead of opening a print dialog.
NO_DIALOG = "window.__printed = 0; window.print = () => { window.__printed += 1; };"
# The footer of a sheet, which its text starts with: "1/4", the site's name, the page's address, its date.
FOOTER = re.compile(r"^(\d+)/(\d+)DeepSeekショックを読む(.*?)(\d{4}年\d{1,2}月\d{1,2}日版)")


def squash(text: str) -> str:
    """Text compared without whitespace (PDF text breaks lines where the page wraps them), in NFKC.

    The fonts' maps back to text give some kanji as Kangxi radicals (⽬ for 目), which NFKC folds, the katakana
    middle dot as U+2027 and the full-width slash as U+2215.
    """
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)).replace("\u2027", "\u30fb").replace("\u2215", "/")


def loose(text: str) -> re.Pattern:
    """A pattern for some text in PDF text: a kanji may also come back as a CJK radical (⻑ for 長), which NFKC keeps."""
    return re.compile("".join(f"[{c}\u2e80-\u2eff]" if "\u4e00" <= c <= "\u9fff" else re.escape(c) for c in squash(text)))


def holds(sheet: str, text: str) -> bool:
    """Whether the (squashed) text of a printed page holds the text."""
    return loose(text).search(sheet) is not None


def text_of(markup: str) -> str:
    """The text of some HTML (without the headings' permalink marks)."""
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", markup)))


def read(sheet) -> tuple[str, float]:
    """A printed page's text, and how much of its content area (between its margins) is used: from its top to the
    lowest text or drawn line, 0 to 1. Clipping rectangles are not drawings; the footer in the bottom margin is left out."""
    height = float(sheet.mediabox.height)
    lows, pending = [], []

    def text(found: str, cm: list, tm: list, font: object, size: float) -> None:
        if found.strip():
            lows.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    def operator(op: bytes, args: list, cm: list, tm: list) -> None:
        if op == b"re" and len(args) == 4:
            pending.extend(float(y) * cm[3] + cm[5] for y in (args[1], float(args[1]) + float(args[3])))
        elif op in (b"f", b"F", b"f*", b"S", b"B", b"B*", b"b", b"b*"):
            lows.extend(pending)
            pending.clear()
        elif op in (b"W", b"W*", b"n"):
            pending.clear()

    found = sheet.extract_text(visitor_text=text, visitor_operand_before=operator)
    inside = [y for y in lows if MARGIN_BOTTOM <= y <= height - MARGIN_TOP + 1]
    return found, (height - MARGIN_TOP - min(inside)) / (height - MARGIN_TOP - MARGIN_BOTTOM) if inside else 0.0


def read_back(pdf: bytes) -> dict:
    """A printed PDF read back with pypdf: each sheet's size in points, its footer's parts (page, pages, address,
    date) or None, its text without the footer (squashed), and its fill."""
    sheets = PdfReader(io.BytesIO(pdf)).pages
    pages = [read(sheet) for sheet in sheets]
    texts = [squash(text) for text, _ in pages]
    return {
        "sizes": [(float(sheet.mediabox.width), float(sheet.mediabox.height)) for sheet in sheets],
        "footers": [found.groups() if (found := FOOTER.match(text)) else None for text in texts],
        "sheets": [FOOTER.sub("", text) for text in texts],
        "filled": [fill for _, fill in pages],
    }


@pytest.fixture(scope="module")
def printed(browser, server: str, built_site: Path) -> dict[tuple[str, str], dict]:
    """Each article page in each edition, opened by its ?print= link and printed to an A4 PDF (kept in
    site/_screenshots for CI's artifact): its pages' text and fill, how often it asked to print, its edition.

    Reading a PDF back (pypdf, in Python) takes longer than printing it: two other processes read each
    PDF while Chromium prints the next one.
    """
    context = browser.new_context()
    context.add_init_script(NO_DIALOG)
    page = context.new_page()
    shots = built_site / "_screenshots"
    shots.mkdir(exist_ok=True)
    found = {}
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as readers:
        for name in ARTICLES:
            for edition, _ in EDITIONS:
                page.goto(f"{server}article/{name}/?print={edition}", wait_until="load")
                pdf = page.pdf(format="A4")
                (shots / f"handout-{name}-{edition}.pdf").write_bytes(pdf)
                found[name, edition] = {
                    "read": readers.submit(read_back, pdf),
                    "printed": page.evaluate("window.__printed"),
                    "edition": page.evaluate("document.documentElement.getAttribute('data-print')"),
                }
        for (name, edition), result in found.items():
            result.update(result.pop("read").result())
            for size in result["sizes"]:
                assert size == pytest.approx(A4, abs=1), f"{name} {edition}: a page of {size} points is not A4 portrait"
    context.close()
    return found


def built(site: Path, name: str) -> str:
    """The main content of a built article page."""
    markup = (site / "article" / name / "index.html").read_text(encoding="utf-8")
    return markup.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


def address(site: Path, name: str) -> str:
    """The page's address on the published site (its canonical link)."""
    markup = (site / "article" / name / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.search(r'<link rel="canonical" href="([^"]+)"', markup).group(1))


def quiz_of(name: str):
    """The quiz of an article page's front matter."""
    quiz, problems = page_quiz((ROOT / "docs" / "article" / f"{name}.md").read_text(encoding="utf-8"), name)
    assert not problems and 3 <= len(quiz) <= 5
    return quiz


@pytest.mark.parametrize("edition", [value for value, _ in EDITIONS])
@pytest.mark.parametrize("name", ARTICLES)
def test_every_edition_prints_the_page_without_chrome(printed, built_site: Path, name: str, edition: str) -> None:
    """The link chose its edition and asked to print once; page 1 has the head and the title and goals; every
    sheet's footer names the site, the page's address and the date; none of the site's chrome is printed."""
    result = printed[name, edition]
    assert result["edition"] == edition and result["printed"] == 1, result["edition"]
    content = built(built_site, name)
    sheets = result["sheets"]
    title = text_of(re.search(r"<h1[^>]*>(.*?)</h1>", content, re.S).group(1))
    first = sheets[0]
    assert holds(first, title) and holds(first, "学習目標"), first[:200]
    goals = re.findall(r"<li>(.*?)</li>", content.split('id="goals"', 1)[1].split("<h2", 1)[0], re.S)
    assert 3 <= len(goals) <= 5 and all(holds(first, text_of(goal)) for goal in goals), first
    for number, footer in enumerate(result["footers"], start=1):
        assert footer, f"{name} {edition}: page {number} has no footer"
        assert footer[:3] == (str(number), str(len(sheets)), address(built_site, name)), footer
    own = squash(text_of(content))
    for chrome in map(squash, CHROME):
        assert chrome not in own, f"{name}: {chrome!r} is the page's own text, so it cannot tell chrome apart"
        assert not any(holds(sheet, chrome) for sheet in sheets), f"{name} {edition}: {chrome!r} printed"
    assert holds(own, MENU) and not any(holds(sheet, MENU) for sheet in sheets), f"{name} {edition}: the print menu printed"


@pytest.mark.parametrize("name", ARTICLES)
def test_student_worksheet(printed, built_site: Path, name: str) -> None:
    """生徒用: 組・番号・氏名, the page's address, goals, key points, the article, the questions and the quiz's
    questions in order, no background, sources, answers or feedback, on at most 4 A4 pages."""
    sheets = printed[name, "student"]["sheets"]
    assert len(sheets) <= STUDENT_PAGES, f"{name}: the student worksheet takes {len(sheets)} pages"
    worksheet = "".join(sheets)
    assert all(holds(sheets[0], label) for label in ("組", "番号", "氏名")), sheets[0][:120]
    assert holds(sheets[0], "このページ：" + address(built_site, name))
    content = built(built_site, name)
    at = 0
    for heading in ["学習目標", "要点", "記事本文", "考えてみよう", "確認問題"]:  # each after the one before
        found = loose(heading).search(worksheet, at)
        assert found, f"{name}: {heading} missing or out of order"
        at = found.end()
    article = re.search(r'class="article-text">(.*?)<p class="article-credit">', content, re.S)
    assert holds(worksheet, text_of(article.group(1)))
    for left_out in ["背景・補足", ANSWERS, "模範解答", "答えと解説"]:
        assert not holds(worksheet, left_out), f"{name}: {left_out} printed on the student worksheet"
    sources = re.findall(r"<li>(.*?)</li>", content.split('id="sources"', 1)[1].split("</ul>", 1)[0], re.S)
    assert sources and not any(holds(worksheet, text_of(source)) for source in sources), f"{name}: sources printed"
    for question, _ in model_answers(content):
        assert any(holds(sheet, text_of(question)) for sheet in sheets), f"{name}: question split or missing: {question}"
    for number, question in enumerate(quiz_of(name), start=1):
        assert any(holds(sheet, f"問{number}{question.text}") for sheet in sheets), f"{name}: quiz question {number}"
        assert all(holds(worksheet, option.text) for option in question.options), f"{name}: quiz {number}'s options"
        assert not any(holds(worksheet, option.feedback) for option in question.options), f"{name}: quiz feedback printed"


@pytest.mark.parametrize("name", ARTICLES)
def test_student_worksheet_with_background(printed, built_site: Path, name: str) -> None:
    """生徒用（背景つき）: the worksheet with the background, then the quiz, then the sources (short addresses);
    no answers."""
    sheets = printed[name, "student-full"]["sheets"]
    handout = "".join(sheets)
    at = 0
    for heading in ["学習目標", "要点", "記事本文", "背景・補足", "考えてみよう", "確認問題", "出典"]:
        found = loose(heading).search(handout, at)
        assert found, f"{name}: {heading} missing or out of order"
        at = found.end()
    assert holds(sheets[0], "氏名") and not holds(handout, ANSWERS) and not holds(handout, "模範解答")
    # The sources section: from its heading to the page's own lines below the text (dates, share, report).
    sources = built(built_site, name).split('id="sources"', 1)[1].split('class="page-dates"', 1)[0]
    for url in re.findall(r'<a href="(https?://[^"]+)"', sources):
        short = re.sub(r"^https?://(www\.)?", "", html.unescape(url)).rstrip("/")[:40]
        assert holds(handout, short), f"{name}: source address {url} not printed in its short form"


@pytest.mark.parametrize("name", ARTICLES)
def test_teacher_copy_has_every_answer_on_sheets_of_their_own(printed, built_site: Path, name: str) -> None:
    """教員用: everything, then from a new sheet every model answer (with its question, on one sheet) and the quiz's
    key with its feedback; no answer before that sheet."""
    sheets = printed[name, "teacher"]["sheets"]
    starts = [i for i, sheet in enumerate(sheets) if loose(ANSWERS).match(sheet)]
    assert len(starts) == 1 and starts[0] > 0, [sheet[:20] for sheet in sheets]
    before, after = sheets[: starts[0]], sheets[starts[0] :]
    assert holds("".join(before), "背景・補足") and holds("".join(before), "出典")
    assert not any(holds(sheet, "模範解答") for sheet in before)
    answers = model_answers(built(built_site, name))
    assert 2 <= len(answers) <= 4
    for question, answer in answers:
        assert text_of(answer).startswith("模範解答：")
        assert any(holds(sheet, text_of(question) + text_of(answer)) for sheet in after), f"{name}: answer split or missing"
    key = loose("確認問題の正解").split("".join(after), maxsplit=1)[1]
    for number, question in enumerate(quiz_of(name), start=1):
        right = question.options[question.answer]
        assert holds(key, f"問{number}{LETTERS[question.answer]}{right.text}{right.feedback}"), f"{name}: key {number}"
        assert not holds("".join(before), right.feedback), f"{name}: quiz feedback printed before the answers"


@pytest.mark.parametrize("edition", [value for value, _ in EDITIONS])
@pytest.mark.parametrize("name", ARTICLES)
def test_no_sheet_is_mostly_empty(printed, name: str, edition: str) -> None:
    """No sheet is more than two-thirds empty, except the last one and the one before the teachers' answers
    (which start a sheet of their own), and even that one is no lone heading or question: a quarter at least."""
    result = printed[name, edition]
    answers = next((i for i, sheet in enumerate(result["sheets"]) if loose(ANSWERS).match(sheet)), None)
    for number, fill in enumerate(result["filled"][:-1], start=1):
        least = 0.25 if answers is not None and number == answers else 1 / 3
        assert fill >= least, f"{name} {edition}: page {number} is only {fill:.0%} filled"


def test_menu_prints_the_chosen_edition(browser, server: str) -> None:
    """On the page, the print menu's 教員用 chooses that edition, asks to print and puts it in the address."""
    context = browser.new_context()
    context.add_init_script(NO_DIALOG)
    page = context.new_page()
    page.goto(f"{server}article/cost-efficiency/", wait_until="load")
    assert page.evaluate("document.documentElement.getAttribute('data-print')") is None
    menu = page.get_by_role("navigation", name="印刷")
    assert [link.inner_text() for link in menu.get_by_role("link").all()] == [label for _, label in EDITIONS]
    menu.get_by_role("link", name="教員用").click()
    assert page.evaluate("document.documentElement.getAttribute('data-print')") == "teacher"
    assert page.evaluate("window.__printed") == 1 and page.url.endswith("?print=teacher")
    page.emulate_media(media="print")
    assert page.locator(".print-answers").is_visible() and page.locator(".print-qr").is_visible()
    page.emulate_media(media="screen")
    assert not page.locator(".print-answers").is_visible() and not page.locator(".print-qr").is_visible()
    context.close()


def test_word_list_prints_without_cut_rows(browser, server: str) -> None:
    """The word list printed on A4: every term's row whole on one sheet."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}wordlist/", wait_until="load")
    rows = [[squash(cell) for cell in row.locator("td").all_inner_texts()] for row in page.locator(".wordlist tbody tr").all()]
    sheets = [squash(sheet.extract_text()) for sheet in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]
    context.close()
    data, _ = load(ROOT)
    assert len(rows) == len(data.table("term")) and all(len(cells) == 4 for cells in rows)
    for cells in rows:
        assert any(all(holds(sheet, cell) for cell in cells) for sheet in sheets), f"row cut or missing: {cells}"
