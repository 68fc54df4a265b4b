"""Learning blocks of a page's HTML: the self-check quiz of its front matter and the teachers' answers for print.

A page's ``quiz:`` (3 to 5 multiple-choice questions, each drawn from one of its 学習目標; ``evidence: true``
marks one that weighs evidence rather than recalls a fact) is read with the line of every key, checked like the
data files (each mistake once, at its file and line) and written as fieldsets of radio buttons, every answer with
its feedback in a <details> (docs/assets/quiz.js shows the feedback at once). Its texts are text: they are escaped.
After it comes a section printed only in the teachers' edition (docs/assets/site.css, hooks/teaching.py):
「解答例（教員用）」, the model answers of the page's ``??? question`` blocks and the quiz's answer key, on a page of
their own. Both are left out of the search index and of autolinking.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .data import Field, Reader
from .model import Origin, Problem
from .pages import read_front_matter
from .words import q
from .yamlsrc import LineDict, LineList

LETTERS = "アイウエオ"
QUESTIONS, OPTIONS = (3, 5), (3, 5)
_GOALS = re.compile(r"^##[ \t]+学習目標[^\n]*\n((?:[ \t]*\n|[-*][ \t][^\n]*\n|[ \t]+\S[^\n]*\n)*)", re.M)  # its list
_QUESTION = re.compile(r'<details class="question"[^>]*>\s*<summary>(.*?)</summary>', re.S)
_DETAILS = re.compile(r"<(/?)details\b[^>]*>")


@dataclass(frozen=True)
class Option:
    text: str
    feedback: str
    correct: bool = False


@dataclass(frozen=True)
class Question:
    goal: int
    text: str
    options: tuple[Option, ...]
    evidence: bool = False  # the reader weighs evidence for and against a claim, rather than recalls a fact

    @property
    def answer(self) -> int:
        """The index of the right option."""
        return next(i for i, option in enumerate(self.options) if option.correct)


class _QuizReader(Reader):
    """The data files' reader, with the values of a quiz: one-line texts, a goal's number, the options."""

    goals = 0

    def line(self, value: object, line: int, key: str) -> str | None:
        """A non-empty text on one line."""
        text = self.text(value, line, key)
        if text is not None and "\n" in text:
            self.report(line, f"{q(key)} が1行になっていない。", "「|」を使わずに1行で書く。")
            return None
        return text

    def goal(self, value: object, line: int, key: str) -> int | None:
        """The number of one of the page's 学習目標."""
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= self.goals:
            return value
        listed = f"このページの学習目標は{self.goals}つ" if self.goals else "このページに学習目標の箇条書きがない"
        hint = (
            f"1 から {self.goals} までの番号を書く。" if self.goals else "「## 学習目標」の下に目標を箇条書きし、その番号を書く。"
        )
        self.report(line, f"{q(key)} の {q(value)} は学習目標の番号ではない（{listed}）。", hint)
        return None

    def options(self, value: object, line: int, key: str) -> tuple[Option, ...] | None:
        """3 to 5 options with different texts, exactly one of them correct."""
        if not isinstance(value, LineList) or not OPTIONS[0] <= len(value) <= OPTIONS[1]:
            count = f"の選択肢が{len(value)}つである" if isinstance(value, LineList) else "がリストになっていない"
            self.report(line, f"{q(key)} {count}（1問に{OPTIONS[0]}つから{OPTIONS[1]}つ）。", "選択肢ごとに「- text: …」を書く。")
            return None
        what, found, correct, texts = self.what, [], [], {}
        for number, (item, item_line) in enumerate(zip(value, value.item_lines), start=1):
            fields = (
                self.record(item, OPTION_FIELDS, f"{what}の選択肢{number}", item_line) if isinstance(item, LineDict) else None
            )
            self.what = what
            if fields is None:
                self.report(
                    item_line, f"選択肢{number}が「キー: 値」の形になっていない。", "「- text: …」と「feedback: …」を書く。"
                )
                continue
            if "text" in fields and texts.setdefault(fields["text"], number) != number:
                self.report(
                    item_line, f"選択肢{number}の文が選択肢{texts[fields['text']]}と同じである。", "選択肢ごとに違う文にする。"
                )
            if fields["correct"]:
                correct.append(number)
                if len(correct) == 2:
                    self.report(
                        item_line,
                        f"選択肢{number}と選択肢{correct[0]}の両方が正解になっている。",
                        "正解の1つだけに「correct: true」を残す。",
                    )
            if {"text", "feedback"} <= fields.keys():
                found.append(Option(**fields))
        if not correct and not any("correct" in item for item in value if isinstance(item, LineDict)):  # else reported
            self.report(line, "正解の選択肢がない。", "正解の選択肢に「correct: true」を書く。")
        return tuple(found) if len(found) == len(value) and len(correct) == 1 else None


OPTION_FIELDS = (
    Field("text", _QuizReader.line),
    Field("feedback", _QuizReader.line),
    Field("correct", Reader.flag, default=False),
)
QUESTION_FIELDS = (
    Field("goal", _QuizReader.goal),
    Field("evidence", Reader.flag, default=False),
    Field("question", _QuizReader.line),
    Field("options", _QuizReader.options),
)


def count_goals(raw: str) -> int:
    """How many items the page's 学習目標 list has (0 without one): the numbers a question's ``goal`` may take."""
    goals = _GOALS.search(raw)
    return len(re.findall(r"^[-*][ \t]", goals.group(1), re.M)) if goals else 0


def read_quiz(front_matter: LineDict | None, raw: str, shown: str) -> tuple[list[Question], list[Problem]]:
    """The quiz in a page's front matter (hooks.pages.read_front_matter), and what is wrong with it (nothing when the
    page has none; a front matter that cannot be read is reported there, once, and gives no quiz)."""
    if front_matter is None or "quiz" not in front_matter:
        return [], []
    problems: list[Problem] = []
    entries, line = front_matter["quiz"], front_matter.key_lines["quiz"]
    if not isinstance(entries, LineList) or not QUESTIONS[0] <= len(entries) <= QUESTIONS[1]:
        count = f"が{len(entries)}問である" if isinstance(entries, LineList) else "が問題のリストになっていない"
        hint = "各問を「- goal: …」で始め、question と options を書く。"
        limits = f"1ページに{QUESTIONS[0]}問から{QUESTIONS[1]}問"
        return [], [Problem(Origin(shown, line), f"確認問題（quiz）{count}（{limits}）。", hint)]
    reader = _QuizReader(shown, raw.splitlines(), problems)
    reader.goals = count_goals(raw)
    questions = []
    for number, (entry, entry_line) in enumerate(zip(entries, entries.item_lines), start=1):
        if not isinstance(entry, LineDict):
            hint = "「- goal: …」「question: …」「options:」を書く。"
            problems.append(Problem(Origin(shown, entry_line), f"確認問題の問{number}が「キー: 値」の形になっていない。", hint))
            continue
        fields = reader.record(entry, QUESTION_FIELDS, f"確認問題の問{number}", entry_line)
        if {"goal", "question", "options"} <= fields.keys():
            questions.append(Question(fields["goal"], fields["question"], fields["options"], fields["evidence"]))
    return (questions if not problems else []), problems


def page_quiz(raw: str, shown: str) -> tuple[list[Question], list[Problem]]:
    """The quiz of a page's file as the build reads it, its front matter read by hooks.pages."""
    return read_quiz(read_front_matter(raw, shown)[0], raw, shown)


def render_quiz(questions: list[Question]) -> str:
    """The quiz as HTML: one fieldset a question, its live region, and its answers in a <details>."""
    esc = html.escape
    parts = [
        '<section class="quiz no-autolink" aria-labelledby="quiz" data-search-exclude>',
        '<h2 id="quiz">確認問題</h2>',
        '<p class="quiz-help">各問の答えを1つ選んだら、その下の「答えと解説」を開いて確かめる。</p>',
    ]
    for number, question in enumerate(questions, start=1):
        name, right = f"quiz-{number}", question.answer
        parts += [
            f'<fieldset class="quiz-question" id="{name}">',
            f"<legend>問{number}　{esc(question.text)}</legend>",
            f'<p class="quiz-goal">学習目標{question.goal}の確認{"（根拠を比べる問題）" if question.evidence else ""}</p>',
            '<ul class="quiz-options">',
            *(
                f'<li><label><input type="radio" name="{name}" value="{i}"{" data-correct" if option.correct else ""}>'
                f'<span class="quiz-letter">{LETTERS[i]}</span> {esc(option.text)}</label></li>'
                for i, option in enumerate(question.options)
            ),
            "</ul>",
            '<p class="quiz-status" role="status" aria-live="polite" aria-atomic="true"></p>',
            '<details class="quiz-answer">',
            "<summary>答えと解説</summary>",
            f"<p>正解：{LETTERS[right]}　{esc(question.options[right].text)}</p>",
            '<ul class="quiz-feedback">',
            *(
                f'<li data-option="{i}"><span class="quiz-letter">{LETTERS[i]}</span> '
                f'<span class="quiz-feedback-text">{esc(option.feedback)}</span></li>'
                for i, option in enumerate(question.options)
            ),
            "</ul>",
            "</details>",
            "</fieldset>",
        ]
    return "\n".join([*parts, "</section>"])


def model_answers(content: str) -> list[tuple[str, str]]:
    """The (question, answer HTML) of each ``??? question`` block in a page's HTML."""
    found = []
    for start in _QUESTION.finditer(content):
        depth = 1
        for tag in _DETAILS.finditer(content, start.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                found.append((start.group(1).strip(), content[start.end() : tag.start()].strip()))
                break
    return found


def render_answers(answers: list[tuple[str, str]], questions: list[Question]) -> str:
    """The section shown only in print, on a page of its own: the model answers, then the quiz's key."""
    parts = ['<section class="print-answers no-autolink" data-search-exclude>', "<h2>解答例（教員用）</h2>"]
    if answers:
        parts.append("<h3>考えてみよう</h3>")
        parts += [f'<div class="print-answer"><p class="print-question">{q}</p>\n{a}\n</div>' for q, a in answers]
    if questions:
        parts += ["<h3>確認問題の正解</h3>", '<ul class="print-key">']
        for number, question in enumerate(questions, start=1):
            right = question.options[question.answer]
            key = f"問{number}　{LETTERS[question.answer]}　{html.escape(right.text)}"
            parts.append(f"<li>{key}<p>{html.escape(right.feedback)}</p></li>")
        parts.append("</ul>")
    return "\n".join([*parts, "</section>"])


def page_extras(content: str, front_matter: LineDict | None, raw: str, shown: str, problems: list[Problem]) -> str:
    """A page's HTML with its quiz and its answers for print at the end; the quiz's mistakes join ``problems``."""
    questions, found = read_quiz(front_matter, raw, shown)
    problems.extend(found)
    answers = model_answers(content)
    if questions:
        content += "\n" + render_quiz(questions)
    if answers or questions:
        content += "\n" + render_answers(answers, questions)
    return content
