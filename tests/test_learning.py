"""The self-check quiz of a page's front matter and the answers for print (hooks/learning.py), without a build.

The table of bad quizzes gives each mistake with the exact message the build prints for it, at its file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hooks.learning import model_answers, page_extras, page_quiz, render_quiz
from hooks.pages import read_front_matter
from tests.conftest import without_breaks
from tests.fixtures import ARTICLE_MD, PAGES, line_of, run_build, write, write_project

SHOWN = "docs/article/page.md"


def question(n: int, goal: int | str = "") -> str:
    """One question of the quiz, in the front matter's YAML; its texts name its number."""
    return (
        f"  - goal: {goal or n}\n"
        f"    question: 問{n}の問いはどれか。\n"
        "    options:\n"
        f"      - text: 問{n}のア\n"
        f"        feedback: 問{n}のアの解説である。\n"
        f"      - text: 問{n}のイ\n"
        "        correct: true\n"
        f"        feedback: 問{n}のイの解説である。\n"
        f"      - text: 問{n}のウ\n"
        f"        feedback: 問{n}のウの解説である。\n"
    )


GOALS = "## 学習目標 {#goals}\n\n- 1つ目の目標。\n- 2つ目の目標。\n- 3つ目の目標。\n"


def page(quiz: str = "quiz:\n" + question(1) + question(2) + question(3), goals: str = GOALS) -> str:
    """A page with a front matter holding the quiz, and its 学習目標."""
    return f"---\ndescription: 試しのページである。\n{quiz}---\n\n# 見出し {{#heading}}\n\n{goals}\n## 要点 {{#key-points}}\n\n- 要点。\n"


GOOD = page()

# (id, the page, [(text on the line the message is about, the message)]): each mistake, once, at its line.
BAD = [
    (
        "two-questions",
        page("quiz:\n" + question(1) + question(2)),
        [
            (
                "quiz:",
                "確認問題（quiz）が2問である（1ページに3問から5問）。各問を「- goal: …」で始め、question と options を書く。",
            )
        ],
    ),
    (
        "six-questions",
        page("quiz:\n" + "".join(question(n, 1) for n in range(1, 7))),
        [
            (
                "quiz:",
                "確認問題（quiz）が6問である（1ページに3問から5問）。各問を「- goal: …」で始め、question と options を書く。",
            )
        ],
    ),
    (
        "not-a-list",
        page("quiz: 問いを3つ\n"),
        [
            (
                "quiz:",
                "確認問題（quiz）が問題のリストになっていない（1ページに3問から5問）。各問を「- goal: …」で始め、question と options を書く。",
            )
        ],
    ),
    (
        "empty",
        page("quiz:\n"),
        [
            (
                "quiz:",
                "確認問題（quiz）が問題のリストになっていない（1ページに3問から5問）。各問を「- goal: …」で始め、question と options を書く。",
            )
        ],
    ),
    (
        "question-not-a-mapping",
        page("quiz:\n" + question(1) + question(2) + question(3) + "  - 4つ目の問い\n"),
        [("- 4つ目の問い", "確認問題の問4が「キー: 値」の形になっていない。「- goal: …」「question: …」「options:」を書く。")],
    ),
    (
        "misspelt-key",
        GOOD.replace("    question: 問2", "    questoin: 問2"),
        [
            (
                "questoin:",
                '確認問題の問2：キー "questoin" は使えない。"question" の書き間違いではないか。使えるキーは goal, evidence, question, options である。',
            )
        ],
    ),
    (
        "evidence-not-a-flag",
        GOOD.replace("  - goal: 2\n", "  - goal: 2\n    evidence: はい\n"),
        [("evidence: はい", '確認問題の問2："evidence" の値 "はい" は true でも false でもない。true か false を書く。')],
    ),
    (
        "missing-goal",
        GOOD.replace("  - goal: 3\n    question:", "  - question:"),
        [("  - question: 問3", '確認問題の問3："goal" がない。この項目に「goal: …」を書き足す。')],
    ),
    (
        "goal-out-of-range",
        GOOD.replace("  - goal: 2\n", "  - goal: 4\n"),
        [
            (
                "goal: 4",
                '確認問題の問2："goal" の "4" は学習目標の番号ではない（このページの学習目標は3つ）。1 から 3 までの番号を書く。',
            )
        ],
    ),
    (
        "goal-not-a-number",
        GOOD.replace("  - goal: 1\n", "  - goal: 一\n"),
        [
            (
                "goal: 一",
                '確認問題の問1："goal" の "一" は学習目標の番号ではない（このページの学習目標は3つ）。1 から 3 までの番号を書く。',
            )
        ],
    ),
    (
        "no-goals-on-the-page",
        page(goals=""),
        [
            (
                f"goal: {n}",
                f'確認問題の問{n}："goal" の "{n}" は学習目標の番号ではない（このページに学習目標の箇条書きがない）。'
                "「## 学習目標」の下に目標を箇条書きし、その番号を書く。",
            )
            for n in (1, 2, 3)
        ],
    ),
    (
        "two-options",
        GOOD.replace("      - text: 問3のウ\n        feedback: 問3のウの解説である。\n", ""),
        [("options:", '確認問題の問3："options" の選択肢が2つである（1問に3つから5つ）。選択肢ごとに「- text: …」を書く。', 3)],
    ),
    (
        "options-not-a-list",
        GOOD.replace("    options:\n      - text: 問1のア", "    options: 問1のア\n    x:\n      - text: 問1のア", 1),
        [
            (
                "options: 問1のア",
                '確認問題の問1："options" がリストになっていない（1問に3つから5つ）。選択肢ごとに「- text: …」を書く。',
            ),
            ("    x:", '確認問題の問1：キー "x" は使えない。使えるキーは goal, evidence, question, options である。'),
        ],
    ),
    (
        "no-right-answer",
        GOOD.replace("        correct: true\n        feedback: 問2のイ", "        feedback: 問2のイ"),
        [("options:", "確認問題の問2：正解の選択肢がない。正解の選択肢に「correct: true」を書く。", 2)],
    ),
    (
        "two-right-answers",
        GOOD.replace("      - text: 問1のウ\n", "      - text: 問1のウ\n        correct: true\n"),
        [
            (
                "- text: 問1のウ",
                "確認問題の問1：選択肢3と選択肢2の両方が正解になっている。正解の1つだけに「correct: true」を残す。",
            )
        ],
    ),
    (
        "same-text-twice",
        GOOD.replace("      - text: 問3のウ", "      - text: 問3のア"),
        [("- text: 問3のア", "確認問題の問3：選択肢3の文が選択肢1と同じである。選択肢ごとに違う文にする。", 2)],
    ),
    (
        "missing-feedback",
        GOOD.replace("        feedback: 問2のアの解説である。\n", ""),
        [("- text: 問2のア", '確認問題の問2の選択肢1："feedback" がない。この項目に「feedback: …」を書き足す。')],
    ),
    (
        "misspelt-feedback",
        GOOD.replace("        feedback: 問2のウ", "        feedbak: 問2のウ"),
        [
            (
                "feedbak:",
                '確認問題の問2の選択肢3：キー "feedbak" は使えない。"feedback" の書き間違いではないか。使えるキーは text, feedback, correct である。',
            )
        ],
    ),
    (
        "correct-not-a-flag",
        GOOD.replace("        correct: true\n        feedback: 問3", '        correct: "はい"\n        feedback: 問3'),
        [
            (
                'correct: "はい"',
                '確認問題の問3の選択肢2："correct" の値 "はい" は true でも false でもない。true か false を書く。',
            )
        ],
    ),
    (
        "feedback-on-two-lines",
        GOOD.replace(
            "        feedback: 問1のアの解説である。\n", "        feedback: |\n          1行目である。\n          2行目である。\n"
        ),
        [("feedback: |", '確認問題の問1の選択肢1："feedback" が1行になっていない。「|」を使わずに1行で書く。')],
    ),
    (
        "empty-question",
        GOOD.replace("    question: 問2の問いはどれか。", '    question: ""'),
        [('question: ""', '確認問題の問2："question" の値が空である。値を書くか、空の項目を消す。')],
    ),
    (
        "option-not-a-mapping",
        GOOD.replace("      - text: 問1のウ\n        feedback: 問1のウの解説である。\n", "      - 問1のウ\n"),
        [("- 問1のウ", "確認問題の問1：選択肢3が「キー: 値」の形になっていない。「- text: …」と「feedback: …」を書く。")],
    ),
    (
        "option-a-list",
        GOOD.replace("      - text: 問1のウ\n        feedback: 問1のウの解説である。\n", "      - [問1のウ, 解説]\n"),
        [("- [問1のウ", "確認問題の問1：選択肢3が「キー: 値」の形になっていない。「- text: …」と「feedback: …」を書く。")],
    ),
]


def expected(raw: str, where: list[tuple]) -> list[str]:
    """Each message as the build prints it, at the line of its text (the nth time the text stands there, when given)."""
    return [f"{SHOWN}:{line_of(raw, found[0], *found[2:])}: {found[1]}" for found in where]


def test_a_good_quiz_is_read_in_order() -> None:
    """The good page gives its three questions, each with its goal, options, feedback and one right answer."""
    questions, problems = page_quiz(GOOD, SHOWN)
    assert problems == []
    assert [(q.goal, q.text, q.answer) for q in questions] == [(n, f"問{n}の問いはどれか。", 1) for n in (1, 2, 3)]
    assert [(o.text, o.feedback) for o in questions[0].options] == [(f"問1の{x}", f"問1の{x}の解説である。") for x in "アイウ"]


@pytest.mark.parametrize(("raw", "where"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_each_mistake_is_reported_once_at_its_line(raw: str, where: list[tuple]) -> None:
    """A bad quiz gives exactly its messages, at its file and lines, and no quiz; nothing is raised."""
    questions, problems = page_quiz(raw, SHOWN)
    assert [str(p) for p in problems] == expected(raw, where)
    assert questions == []
    content = page_extras("<p>本文</p>", read_front_matter(raw, SHOWN)[0], raw, SHOWN, found := [])
    assert [str(p) for p in found] == expected(raw, where)
    assert 'class="quiz' not in content


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "---\ndescription: 試し。\nquiz:\n  - goal: 1\n    question: [閉じない\n---\n",
            "YAML の書き方の誤り：ここで開いた括弧が閉じていない",
        ),
        (
            GOOD.replace("    question: 問1の問いはどれか。\n", "    question: 問1の問いはどれか。\n    question: 2回目\n"),
            'キー "question" が同じまとまりに2回書かれている',
        ),
    ],
    ids=["yaml-syntax", "key-twice"],
)
def test_a_front_matter_that_cannot_be_read_is_reported_once(raw: str, message: str) -> None:
    """A front matter YAML cannot read is the page's one problem (hooks.pages reports it); the quiz adds none."""
    assert page_quiz(raw, SHOWN) == ([], [])
    _, problem = read_front_matter(raw, SHOWN)
    assert problem is not None and message in problem.message


def test_a_page_without_quiz_or_questions_is_left_as_it_is() -> None:
    """No quiz and no ??? question: the HTML comes back unchanged, and nothing is reported."""
    raw = "---\ndescription: 試し。\n---\n\n# 見出し\n"
    problems: list = []
    assert page_extras("<p>本文</p>", read_front_matter(raw, SHOWN)[0], raw, SHOWN, problems) == "<p>本文</p>"
    assert page_extras("<p>本文</p>", None, "# 見出し\n", SHOWN, problems) == "<p>本文</p>"
    assert problems == []


def test_quiz_texts_are_escaped() -> None:
    """Every text of the quiz is text: markup in the data is shown, never run or parsed."""
    raw = GOOD.replace("問1のイ\n", "<script>alert(1)</script>\n", 1).replace(
        "問2の問いはどれか。", '<img src=x onerror="alert(2)">&amp;'
    )
    raw = raw.replace("問3のイの解説である。", "<b>太字</b>の解説である。")
    problems: list = []
    written = page_extras("", read_front_matter(raw, SHOWN)[0], raw, SHOWN, problems)  # the quiz and the answer key for print
    assert problems == []
    assert "<script" not in written and "<img" not in written and "<b>" not in written
    assert written.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # the right option, 正解 in <details>, the key
    assert written.count("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&amp;amp;") == 1
    assert written.count("&lt;b&gt;太字&lt;/b&gt;の解説である。") == 2  # in <details>, and in the key for print


def test_the_quiz_is_fieldsets_with_a_live_region_and_answers_in_details() -> None:
    """Each question: a fieldset whose legend is the question, radios in labels, a live region, the answers in <details>."""
    quiz = render_quiz(page_quiz(GOOD, SHOWN)[0])
    fieldsets = re.findall(r'<fieldset class="quiz-question" id="quiz-(\d)">(.*?)</fieldset>', quiz, re.S)
    assert [n for n, _ in fieldsets] == ["1", "2", "3"]
    for n, body in fieldsets:
        assert re.search(rf"<legend>問{n}　問{n}の問いはどれか。</legend>", body)
        assert re.findall(r'<label><input type="radio" name="quiz-(\d)"', body) == [n] * 3
        assert body.count("data-correct") == 1 and re.search(r'value="1" data-correct>', body)
        assert re.search(r'<p class="quiz-status" role="status" aria-live="polite" aria-atomic="true"></p>', body)
        details = body.split('<details class="quiz-answer">', 1)[1]
        assert f"正解：イ　問{n}のイ" in details
        assert all(f"問{n}の{x}の解説である。" in details for x in "アイウ")
    assert "data-search-exclude" in quiz.split(">", 1)[0] and "no-autolink" in quiz.split(">", 1)[0]


QUESTIONS_HTML = """<h2 id="questions">考えてみよう</h2>
<details class="question">
<summary>問1：一つ目か？</summary>
<p>模範解答：一つ目である。</p>
</details>
<details class="question" open="open">
<summary>問2：二つ目か？</summary>
<p>模範解答：二つ目である。</p>
<details class="note"><summary>補足</summary><p>入れ子である。</p></details>
<p>続きである。</p>
</details>
<details class="note"><summary>問いではない</summary><p>ほかの囲みである。</p></details>
"""


def test_model_answers_are_read_from_the_question_blocks() -> None:
    """Each ??? question block gives its title and its whole body (nested blocks included); other blocks none."""
    answers = model_answers(QUESTIONS_HTML)
    assert [q for q, _ in answers] == ["問1：一つ目か？", "問2：二つ目か？"]
    assert answers[0][1] == "<p>模範解答：一つ目である。</p>"
    assert answers[1][1].startswith("<p>模範解答：二つ目である。</p>") and answers[1][1].endswith("<p>続きである。</p>")


def test_the_answers_for_print_follow_the_page() -> None:
    """At the end of the page: the quiz, then 解答例（教員用） with the model answers and the quiz's key."""
    content = page_extras(QUESTIONS_HTML, read_front_matter(GOOD, SHOWN)[0], GOOD, SHOWN, [])
    assert content.startswith(QUESTIONS_HTML)
    quiz, answers = content.index('<section class="quiz '), content.index('<section class="print-answers ')
    assert quiz < answers
    section = content[answers:]
    assert section.startswith('<section class="print-answers no-autolink" data-search-exclude>\n<h2>解答例（教員用）</h2>')
    assert section.index("模範解答：一つ目である。") < section.index("模範解答：二つ目である。") < section.index("確認問題の正解")
    assert re.findall(r"<li>問(\d)　イ　問\d+のイ<p>問\d+のイの解説である。</p></li>", section) == ["1", "2", "3"]
    only_questions = page_extras(QUESTIONS_HTML, None, "# 見出し\n", SHOWN, [])
    assert "解答例（教員用）" in only_questions and "確認問題の正解" not in only_questions


def test_a_real_build_reports_the_quiz_at_its_line_and_writes_it(tmp_path: Path) -> None:
    """Through MkDocs and the adapter: a bad quiz fails the build with its file:line message, no traceback;
    fixed, the page ends with the quiz and the answers for print."""
    good = ARTICLE_MD.replace("---\n\n", "quiz:\n" + question(1) + question(1) + question(1) + "---\n\n", 1) + "\n" + GOALS
    bad = good.replace("  - goal: 1\n", "  - goal: 9\n", 1)
    root = write_project(tmp_path, pages={**PAGES, "article/one.md": bad})
    result = run_build(root)
    message = (
        f"docs/article/one.md:{line_of(bad, 'goal: 9')}: "
        '確認問題の問1："goal" の "9" は学習目標の番号ではない（このページの学習目標は3つ）。1 から 3 までの番号を書く。'
    )
    assert result.returncode != 0 and "Traceback" not in result.stdout
    assert result.stdout.count(message) == 1, result.stdout
    write(root, "docs/article/one.md", good.replace("- 2つ目の目標。\n- 3つ目の目標。\n", ""))  # now one goal
    result = run_build(root)
    assert result.returncode == 0, result.stdout
    written = without_breaks((root / "site" / "article" / "one" / "index.html").read_text(encoding="utf-8"))
    assert written.count('<fieldset class="quiz-question"') == 3 and "解答例（教員用）" in written
    assert written.index('<section class="quiz ') < written.index('<section class="print-answers ')


def test_a_question_marked_evidence_is_read_and_labelled() -> None:
    """``evidence: true`` is kept on its question and shown beside its goal; the other questions carry no label."""
    questions, problems = page_quiz(GOOD.replace("  - goal: 2\n", "  - goal: 2\n    evidence: true\n"), SHOWN)
    assert problems == []
    assert [q.evidence for q in questions] == [False, True, False]
    html = render_quiz(questions)
    assert html.count("（根拠を比べる問題）") == 1
    assert "学習目標2の確認（根拠を比べる問題）" in html


def test_a_key_written_twice_in_the_front_matter_names_the_files_own_lines() -> None:
    """Both lines of a key written twice are the file's: the first 'title' stands on line 3, not the front matter's 2."""
    raw = "---\ndescription: 説明。\ntitle: A\ntitle: B\n---\n\n# 見出し\n"
    _, problem = read_front_matter(raw, SHOWN)
    assert str(problem) == (
        f"{SHOWN}:4: フロントマターを読めないため、description などの設定が効かない。"
        'キー "title" が同じまとまりに2回書かれている（1回目は3行目）。どちらか1つにする。'
    )
