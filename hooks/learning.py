"""Learning blocks of a page's HTML: the self-check quiz of its front matter and the teachers' answers for print.

A page's ``quiz:`` (3 to 5 multiple-choice questions, each drawn from one of its 学習目標) is read with the
line of every key, checked like the data files (each mistake once, at its file and line) and written as
fieldsets of radio buttons, every answer with its feedback in a <details> (docs/assets/quiz.js shows the
feedback at once). Its texts are text: they are escaped. After it
comes a section printed only in the teachers' edition (docs/assets/site.css, hooks/teaching.py): 「解答例（教員用）」,
the model answers of the page's ``??? question`` blocks and the quiz's answer key, on a page of their own. Both are left out of the search index and of autolinking.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .data import Field, Reader
from .model import Origin, Problem
from .pages import FRONT_MATTER
from .yamlsrc import LineDict, LineList, parse_yaml

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
            self.report(line, f"'{key}' must be one line.", "Write it on one line, without '|'.")
            return None
        return text

    def goal(self, value: object, line: int, key: str) -> int | None:
        """The number of one of the page's 学習目標."""
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= self.goals:
            return value
        listed = f"the page lists {self.goals} under 学習目標" if self.goals else "the page has no 学習目標 list"
        self.report(line, f"'{key}' {value!r} is not the number of a learning goal: {listed}.", "e.g. goal: 1")
        return None

    def options(self, value: object, line: int, key: str) -> tuple[Option, ...] | None:
        """3 to 5 options with different texts, exactly one of them correct."""
        if not isinstance(value, LineList) or not OPTIONS[0] <= len(value) <= OPTIONS[1]:
            count = f"has {len(value)}" if isinstance(value, LineList) else "is not a list"
            self.report(line, f"'{key}' {count}; a question has {OPTIONS[0]} to {OPTIONS[1]}.", "Write '- text: …' for each.")
            return None
        what, found, correct, texts = self.what, [], [], {}
        for number, (item, item_line) in enumerate(zip(value, value.item_lines), start=1):
            fields = (
                self.record(item, OPTION_FIELDS, f"{what}, option {number}", item_line) if isinstance(item, LineDict) else None
            )
            self.what = what
            if fields is None:
                self.report(item_line, f"option {number} must be a mapping.", "Write '- text: …' and 'feedback: …'.")
                continue
            if "text" in fields and texts.setdefault(fields["text"], number) != number:
                self.report(item_line, f"option {number} has the same text as option {texts[fields['text']]}.")
            if fields.get("correct"):
                correct.append(number)
                if len(correct) == 2:
                    self.report(item_line, f"option {number} is marked correct, and so is option {correct[0]}.")
            if {"text", "feedback"} <= fields.keys():
                found.append(Option(fields["text"], fields["feedback"], fields.get("correct", False)))
        if not correct and not any("correct" in item for item in value if isinstance(item, LineDict)):  # else reported
            self.report(line, "no option is marked correct.", "Mark the right answer with 'correct: true'.")
        return tuple(found) if len(found) == len(value) and len(correct) == 1 else None


OPTION_FIELDS = (Field("text", _QuizReader.line), Field("feedback", _QuizReader.line), Field("correct", Reader.flag, False))
QUESTION_FIELDS = (Field("goal", _QuizReader.goal), Field("question", _QuizReader.line), Field("options", _QuizReader.options))


def read_quiz(raw: str, shown: str) -> tuple[list[Question], list[Problem]]:
    """The quiz in a page's front matter, and what is wrong with it (nothing when the page has none).

    A front matter that cannot be read is reported by hooks.pages, once; its quiz is then not read.
    """
    found = FRONT_MATTER.match(raw)
    if not found or "quiz" not in found.group(1):
        return [], []  # most pages: their front matter is not read again
    meta, problems = parse_yaml("\n" + found.group(1), shown)  # "\n": the file's own line numbers
    if problems or not isinstance(meta, LineDict) or "quiz" not in meta:
        return [], []
    entries, line = meta["quiz"], meta.key_lines["quiz"]
    if not isinstance(entries, LineList) or not QUESTIONS[0] <= len(entries) <= QUESTIONS[1]:
        count = f"has {len(entries)} questions" if isinstance(entries, LineList) else "is not a list of questions"
        hint = "Write each as '- goal: …' with its question and options."
        return [], [Problem(Origin(shown, line), f"the quiz {count}; a page's quiz has {QUESTIONS[0]} to {QUESTIONS[1]}.", hint)]
    reader = _QuizReader(shown, raw.splitlines(), problems)
    goals = _GOALS.search(raw)
    reader.goals = len(re.findall(r"^[-*][ \t]", goals.group(1), re.M)) if goals else 0
    questions = []
    for number, (entry, entry_line) in enumerate(zip(entries, entries.item_lines), start=1):
        if not isinstance(entry, LineDict):
            hint = "Write '- goal: …', 'question: …' and 'options:'."
            problems.append(Problem(Origin(shown, entry_line), f"quiz question {number} must be a mapping.", hint))
            continue
        fields = reader.record(entry, QUESTION_FIELDS, f"quiz question {number}", entry_line)
        if len(fields) == len(QUESTION_FIELDS):
            questions.append(Question(fields["goal"], fields["question"], fields["options"]))
    return (questions if not problems else []), problems


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
            f'<p class="quiz-goal">学習目標{question.goal}の確認</p>',
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


def page_extras(content: str, raw: str, shown: str, problems: list[Problem]) -> str:
    """A page's HTML with its quiz and its answers for print at the end; the quiz's mistakes join ``problems``."""
    questions, found = read_quiz(raw, shown)
    problems.extend(found)
    answers = model_answers(content)
    if questions:
        content += "\n" + render_quiz(questions)
    if answers or questions:
        content += "\n" + render_answers(answers, questions)
    return content
