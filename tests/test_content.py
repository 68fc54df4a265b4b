"""The learning design of the real article pages, counted from their front matter: every 学習目標 is checked by a
quiz question (its ``goal:``), and every quiz has a question that weighs evidence (``evidence: true``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.learning import count_goals, page_quiz

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "docs" / "article").glob("*.md"))


def design_gaps(raw: str, shown: str) -> list[str]:
    """What the page's quiz leaves out: goals no question checks, and a missing evidence-weighing question."""
    questions, problems = page_quiz(raw, shown)
    if problems or not questions:
        return [f"{shown}: the quiz cannot be read or is missing ({len(problems)} problems)."]
    unchecked = sorted(set(range(1, count_goals(raw) + 1)) - {q.goal for q in questions})
    gaps = [f"{shown}: 学習目標{n} has no quiz question (goal: {n})." for n in unchecked]
    if not any(q.evidence for q in questions):
        gaps.append(f"{shown}: no quiz question weighs evidence (evidence: true).")
    return gaps


def test_the_article_pages_are_found():
    """The lead and the three sections: a glob that found nothing would make the checks below pass vacuously."""
    assert {p.stem for p in ARTICLES} >= {"lead", "cost-efficiency", "us-response", "deepseek-challenges"}


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_goal_is_checked_and_every_quiz_weighs_evidence(path: Path):
    raw = path.read_text(encoding="utf-8")
    assert count_goals(raw) >= 3, "the page lists its 学習目標"
    assert design_gaps(raw, f"docs/article/{path.name}") == []


def test_the_count_finds_an_unchecked_goal_and_a_quiz_of_recall_only():
    """The same count on a page whose quiz checks goals 1 and 2 of 3, none of its questions weighing evidence."""
    question = (
        "  - goal: {n}\n    question: 問{n}はどれか。\n    options:\n"
        "      - text: ア\n        feedback: アの解説。\n"
        "      - text: イ\n        correct: true\n        feedback: イの解説。\n"
        "      - text: ウ\n        feedback: ウの解説。\n"
    )
    quiz = "---\ndescription: 試し。\nquiz:\n" + "".join(question.format(n=n) for n in (1, 2, 2)) + "---\n"
    goals = "## 学習目標 {#goals}\n\n- 一つ目。\n- 二つ目。\n- 三つ目。\n"
    assert design_gaps(quiz + goals, "page.md") == [
        "page.md: 学習目標3 has no quiz question (goal: 3).",
        "page.md: no quiz question weighs evidence (evidence: true).",
    ]
    marked = quiz.replace("  - goal: 1\n", "  - goal: 1\n    evidence: true\n")
    assert design_gaps(marked + goals, "page.md") == ["page.md: 学習目標3 has no quiz question (goal: 3)."]
