"""Classroom handouts: each article page printed by Chromium to an A4 PDF, its text read back with pypdf.

The expected texts come from the built page itself (its title, goals, questions and model answers) and from
its front matter's quiz, so the test checks what the page holds, not a copy of it.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from hooks.learning import LETTERS, model_answers, read_quiz
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTICLES = ["lead", "cost-efficiency", "us-response", "deepseek-challenges"]
ANSWERS = "解答例（教員用）"
A4 = (595.92, 842.88)  # points
# Text of the site's chrome that must not be printed: the site's name (header), a nav section, a nav page,
# the search box's placeholder, the back-to-top button, the footer's licence line, the headings' permalink mark.
CHROME = ["DeepSeekショックを読む", "記事を読む", "このサイトについて", "検索", "トップへ戻る", "CC BY 4.0", "¶"]


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


@pytest.fixture(scope="module")
def printed(browser, server: str, built_site: Path) -> dict[str, list[str]]:
    """Each article page printed to an A4 PDF (kept in site/_screenshots for CI's artifact): its pages' text."""
    context = browser.new_context()
    page = context.new_page()
    shots = built_site / "_screenshots"
    shots.mkdir(exist_ok=True)
    texts = {}
    for name in ARTICLES:
        page.goto(f"{server}article/{name}/", wait_until="networkidle")
        pdf = page.pdf(format="A4")
        (shots / f"handout-{name}.pdf").write_bytes(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        for sheet in reader.pages:
            size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
            assert size == pytest.approx(A4, abs=1), f"{name}: a page of {size} points is not A4 portrait"
        texts[name] = [squash(sheet.extract_text()) for sheet in reader.pages]
    context.close()
    return texts


def built(site: Path, name: str) -> str:
    """The main content of a built article page."""
    markup = (site / "article" / name / "index.html").read_text(encoding="utf-8")
    return markup.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize("name", ARTICLES)
def test_first_page_is_the_handout_without_chrome(printed, built_site: Path, name: str) -> None:
    """Page 1 starts with the title, holds the goals, and none of the site's header, nav, search or footer."""
    content = built(built_site, name)
    first = printed[name][0]
    title = text_of(re.search(r"<h1[^>]*>(.*?)</h1>", content, re.S).group(1))
    assert loose(title).match(first), first[:80]
    goals = re.findall(r"<li>(.*?)</li>", content.split('id="goals"', 1)[1].split("<h2", 1)[0], re.S)
    assert 3 <= len(goals) <= 5
    assert holds(first, "学習目標") and all(holds(first, text_of(goal)) for goal in goals), first
    own = squash(text_of(content))
    for chrome in map(squash, CHROME):
        assert chrome not in own, f"{name}: {chrome!r} is the page's own text, so it cannot tell chrome apart"
        assert not any(holds(sheet, chrome) for sheet in printed[name]), f"{name}: {chrome!r} printed"


@pytest.mark.parametrize("name", ARTICLES)
def test_handout_holds_the_page_in_order(printed, built_site: Path, name: str) -> None:
    """Before the answers: key points, the article text with its credit, background, questions, sources, quiz."""
    sheets = printed[name]
    start = next(i for i, sheet in enumerate(sheets) if loose(ANSWERS).match(sheet))
    handout = "".join(sheets[:start])
    content = built(built_site, name)
    at = 0
    for heading in [
        "学習目標",
        "要点",
        "記事本文",
        "背景・補足",
        "考えてみよう",
        "出典",
        "確認問題",
    ]:  # each after the one before
        found = loose(heading).search(handout, at)
        assert found, f"{name}: {heading} missing or out of order"
        at = found.end()
    # The credit is printed in its own layer (it is translucent), so its text comes out of order.
    article = re.search(r'class="article-text">(.*?)<p class="article-credit">(.*?)</p>', content, re.S)
    assert holds(handout, text_of(article.group(1))) and holds(handout, text_of(article.group(2)))
    external = re.findall(r'<a href="(https?://[^"]+)">', content.split('<section class="quiz', 1)[0])
    assert external, name
    for url in external:
        assert holds(handout, f"（{html.unescape(url)}）"), f"{name}: link target {url} not printed"


@pytest.mark.parametrize("name", ARTICLES)
def test_answers_start_on_their_own_page(printed, built_site: Path, name: str) -> None:
    """One page starts with 解答例（教員用）; no answer is printed before it; each question and answer stays on one page."""
    sheets = printed[name]
    starts = [i for i, sheet in enumerate(sheets) if loose(ANSWERS).match(sheet)]
    assert len(starts) == 1 and starts[0] > 0, [sheet[:20] for sheet in sheets]
    before, after = sheets[: starts[0]], sheets[starts[0] :]
    assert not any(holds(sheet, ANSWERS) or holds(sheet, "模範解答") for sheet in before)
    answers = model_answers(built(built_site, name))
    assert 2 <= len(answers) <= 4
    for question, answer in answers:
        assert text_of(answer).startswith("模範解答：")
        assert any(holds(sheet, text_of(question)) for sheet in before), f"{name}: question split or missing: {question}"
        assert any(holds(sheet, text_of(question) + text_of(answer)) for sheet in after), f"{name}: answer split or missing"
    quiz, problems = read_quiz((ROOT / "docs" / "article" / f"{name}.md").read_text(encoding="utf-8"), name)
    assert not problems and 3 <= len(quiz) <= 5
    key = loose("確認問題の正解").split("".join(after), maxsplit=1)[1]
    for number, question in enumerate(quiz, start=1):
        right = question.options[question.answer]
        assert any(holds(sheet, f"問{number}{question.text}") for sheet in before), f"{name}: quiz question {number}"
        assert holds(key, f"問{number}{LETTERS[question.answer]}{right.text}{right.feedback}"), f"{name}: key {number}"
        assert not holds("".join(before), right.feedback), f"{name}: quiz feedback printed before the answers"


def test_answers_opened_on_screen_still_print_on_their_own_page(browser, server: str, built_site: Path) -> None:
    """A reader who opened every question (and the quiz's answers) before printing still gets the answers only at the end."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}article/cost-efficiency/", wait_until="networkidle")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    sheets = [squash(sheet.extract_text()) for sheet in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]
    context.close()
    start = next(i for i, sheet in enumerate(sheets) if loose(ANSWERS).match(sheet))
    before = "".join(sheets[:start])
    answers = model_answers(built(built_site, "cost-efficiency"))
    assert all(holds(before, text_of(question)) for question, _ in answers)
    assert not holds(before, "模範解答") and not holds(before, "答えと解説")
