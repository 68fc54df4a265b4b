"""The self-check quiz in a real Chromium: answered by mouse, keyboard and touch, read out by its live region, and
still usable without JavaScript. The expected feedback comes from the page's front matter (hooks.learning)."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from hooks.learning import LETTERS, Question, page_quiz
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTICLES = ["lead", "cost-efficiency", "us-response", "deepseek-challenges"]
PAGE = "cost-efficiency"


def quiz_of(name: str) -> list[Question]:
    """The quiz written in an article page's front matter."""
    questions, problems = page_quiz((ROOT / "docs" / "article" / f"{name}.md").read_text(encoding="utf-8"), name)
    assert not problems and questions
    return questions


def status(page, number: int):
    """The live region of question ``number``, found by its role inside the question's group."""
    legend = page.locator(f"#quiz-{number} legend").inner_text()
    return page.get_by_role("group", name=legend).get_by_role("status")


def expect_feedback(page, number: int, question: Question, chosen: int) -> None:
    """The live region says 正解 or 不正解 and the chosen option's line of feedback; only that option is marked."""
    verdict = "正解" if chosen == question.answer else "不正解"
    region = status(page, number)
    page.wait_for_function(
        "([n, text]) => document.querySelector(`#quiz-${n} .quiz-status`).textContent === text",
        arg=[number, f"{verdict}：{question.options[chosen].feedback}"],
        timeout=3000,
    )
    assert region.get_attribute("aria-live") == "polite"
    result = page.locator(f"#quiz-{number}").get_attribute("data-result")
    assert result == ("right" if chosen == question.answer else "wrong")
    chosen_labels = page.locator(f"#quiz-{number} label.quiz-chosen")
    assert chosen_labels.count() == 1 and question.options[chosen].text in chosen_labels.inner_text()


def wrong_option(question: Question) -> int:
    """An option that is not the right answer."""
    return next(i for i in range(len(question.options)) if i != question.answer)


@pytest.mark.parametrize("name", ARTICLES)
def test_each_article_page_ends_with_its_quiz(browser, server: str, name: str) -> None:
    """The last section of the page is 確認問題: one group a question, named by its legend, with its radios."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}article/{name}/")
    questions = quiz_of(name)
    last = page.locator("article.md-content__inner > :is(h2, section):visible").last
    assert last.get_attribute("class").startswith("quiz"), "the quiz is not the page's last section"
    for number, question in enumerate(questions, start=1):
        group = page.get_by_role("group", name=f"問{number}　{question.text}")
        assert group.count() == 1
        radios = group.get_by_role("radio")
        assert radios.count() == len(question.options)
        for i, option in enumerate(question.options):
            assert group.get_by_role("radio", name=f"{LETTERS[i]} {option.text}", exact=True).count() == 1
        assert status(page, number).inner_text() == ""
    context.close()


def test_answer_by_mouse(browser, server: str) -> None:
    """A click on a wrong option says 不正解 with its feedback; a click on the right one then says 正解."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}article/{PAGE}/")
    for number, question in enumerate(quiz_of(PAGE), start=1):
        wrong = wrong_option(question)
        page.locator(f"#quiz-{number} label").nth(wrong).click()
        expect_feedback(page, number, question, wrong)
        page.locator(f"#quiz-{number} label").nth(question.answer).click()
        expect_feedback(page, number, question, question.answer)
    context.close()


def test_answer_by_keyboard(browser, server: str) -> None:
    """Tab reaches the question's radios; Space chooses one, the arrow keys move the choice, each read out at once."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}article/{PAGE}/")
    questions = quiz_of(PAGE)
    page.locator("#quiz-1 details summary").last.focus()  # the last focusable thing before question 2
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
    assert focused == ["quiz-2", "0"], focused
    page.keyboard.press("Space")
    expect_feedback(page, 2, questions[1], 0)
    page.keyboard.press("ArrowDown")
    expect_feedback(page, 2, questions[1], 1)
    for _ in range((questions[1].answer - 1) % len(questions[1].options)):
        page.keyboard.press("ArrowDown")
    expect_feedback(page, 2, questions[1], questions[1].answer)
    page.keyboard.press("Tab")  # on to the answers' <details>, which Enter opens
    page.keyboard.press("Enter")
    assert page.locator("#quiz-2 details.quiz-answer").get_attribute("open") is not None
    context.close()


def test_answer_by_touch(browser, server: str, built_site: Path) -> None:
    """On a phone, a tap on an option answers it; the quiz fits the screen (a screenshot is kept)."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}article/{PAGE}/")
    questions = quiz_of(PAGE)
    wrong = wrong_option(questions[0])
    page.locator("#quiz-1 label").nth(wrong).tap()
    expect_feedback(page, 1, questions[0], wrong)
    page.locator("#quiz-1 label").nth(questions[0].answer).tap()
    expect_feedback(page, 1, questions[0], questions[0].answer)
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    shots = built_site / "_screenshots"
    shots.mkdir(exist_ok=True)
    page.locator("#quiz-1").screenshot(path=str(shots / "quiz-phone-375.png"))
    context.close()


def test_answered_quiz_stays_accessible(browser, server: str) -> None:
    """With every question answered (right and wrong marks and feedback shown), axe finds no violation in the quiz (the
    page as it loads: test_pages_accessible_local_and_fit)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}article/{PAGE}/")
    for number, question in enumerate(quiz_of(PAGE), start=1):
        chosen = question.answer if number % 2 else wrong_option(question)
        page.locator(f"#quiz-{number} label").nth(chosen).click()
        expect_feedback(page, number, question, chosen)
        page.locator(f"#quiz-{number} details.quiz-answer summary").click()
    violations = Axe().run(page, context="section.quiz").response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    context.close()


def test_quiz_without_javascript(browser, server: str) -> None:
    """Without JavaScript every question shows with its options, and its answer and feedback open from <details>.
    (One page: every article's quiz is written by the same code; each page's questions and options are checked
    above, and each page's right answers with their feedback in the teacher's handout, tests/browser/test_handouts.py.)"""
    name = PAGE
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}article/{name}/")
    assert "「答えと解説」を開いて" in page.locator(".quiz-help").inner_text()  # the script would have reworded it
    for number, question in enumerate(quiz_of(name), start=1):
        group = page.locator(f"#quiz-{number}")
        assert group.locator("legend").inner_text() == f"問{number}　{question.text}"
        assert group.locator("label").count() == len(question.options) and group.locator("label").first.is_visible()
        details = group.locator("details.quiz-answer")
        assert details.get_attribute("open") is None
        assert not details.locator("ul.quiz-feedback").is_visible()
        details.locator("summary").click()  # <details> opens without script
        assert details.get_attribute("open") is not None
        right = question.options[question.answer]
        assert details.locator("p").first.inner_text() == f"正解：{LETTERS[question.answer]}　{right.text}"
        lines = details.locator("ul.quiz-feedback li .quiz-feedback-text").all_inner_texts()
        assert lines == [option.feedback for option in question.options]
        group.locator("label").nth(question.answer).click()
        assert group.locator(".quiz-status").inner_text() == ""  # nothing runs: the answers stay in <details>
    context.close()
