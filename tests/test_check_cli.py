"""hooks.check (`make check`): the strict build's problems without writing the site; exit codes, printed lines and GitHub
annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.check import annotate, check, main
from hooks.model import Origin, Problem
from tests.fixtures import ABOUT_MD, GLOSSARY, INDEX_MD, PAGES, UNUSED_TERM, edit, line_of, write, write_project

UNUSED_LINE = line_of(GLOSSARY + UNUSED_TERM, "- id: distillation")
UNUSED_WARNING = (
    f"glossary.yml:{UNUSED_LINE}: "
    '用語 "distillation" はどのページにも出てこない。ページで触れるか [[term:distillation]] と書く。要らなければ glossary.yml から消す。'
)
BROKEN_INDEX = edit(INDEX_MD, ("[[event:r1-release]]", "[[event:r1-relase]]"))
BROKEN_REF = (
    f"docs/index.md:{line_of(BROKEN_INDEX, '[[event:r1-relase]]')}: "
    '[[event:r1-relase]] の指す出来事がない（docs/data/timeline.yml に id "r1-relase" がない）。"r1-release" の書き間違いではないか。'
)
NO_DESCRIPTION = (
    "docs/about.md:1: フロントマターに description（ページの説明）がない。"
    "ページの先頭に「---」「description: 一文の説明。」「---」の3行を書く（検索エンジンとリンクのプレビューが使う）。"
)


@pytest.fixture(autouse=True)
def _no_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as on a developer's machine unless a test says otherwise."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Run main() on a project; return the exit code, the printed lines and the summary on stderr."""
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_clean_project_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A clean fixture project prints nothing but the summary and exits 0, also with --strict."""
    write_project(tmp_path)
    assert run(tmp_path, capsys) == (0, [], "エラー 0 件、警告 0 件。\n")
    assert run(tmp_path, capsys, "--strict") == (0, [], "エラー 0 件、警告 0 件。\n")


def test_errors_exit_1_and_print_each_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every error is printed as 'ERROR  file:line: message hint', sorted, and the exit code is 1."""
    about = ABOUT_MD.replace("---\ndescription: このサイトについて。\n---\n\n", "")
    write_project(tmp_path, pages={**PAGES, "index.md": BROKEN_INDEX, "about.md": about})
    code, lines, err = run(tmp_path, capsys)
    assert code == 1
    assert lines == [f"ERROR  {NO_DESCRIPTION}", f"ERROR  {BROKEN_REF}"]
    assert err == "エラー 2 件、警告 0 件。\n"


def test_warnings_fail_only_with_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unmentioned term is a warning: exit 0 without --strict, 1 with it; printed both times."""
    write_project(tmp_path, glossary=GLOSSARY + UNUSED_TERM)
    assert run(tmp_path, capsys) == (0, [f"WARNING  {UNUSED_WARNING}"], "エラー 0 件、警告 1 件。\n")
    assert run(tmp_path, capsys, "--strict") == (1, [f"WARNING  {UNUSED_WARNING}"], "エラー 0 件、警告 1 件。\n")


def test_github_actions_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Under GitHub Actions each problem is followed by its ::error/::warning annotation."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write_project(tmp_path, glossary=GLOSSARY + UNUSED_TERM, pages={**PAGES, "index.md": BROKEN_INDEX})
    code, lines, _ = run(tmp_path, capsys, "--strict")
    ref_line = line_of(BROKEN_INDEX, "[[event:r1-relase]]")
    assert code == 1
    assert lines == [
        f"ERROR  {BROKEN_REF}",
        f"::error file=docs/index.md,line={ref_line}::{BROKEN_REF.split(': ', 1)[1]}",
        f"WARNING  {UNUSED_WARNING}",
        f"::warning file=glossary.yml,line={UNUSED_LINE}::{UNUSED_WARNING.split(': ', 1)[1]}",
    ]


def test_github_actions_not_true_prints_no_annotations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Annotations appear only when GITHUB_ACTIONS is exactly 'true'."""
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    write_project(tmp_path, pages={**PAGES, "index.md": BROKEN_INDEX})
    assert run(tmp_path, capsys)[1] == [f"ERROR  {BROKEN_REF}"]


def test_missing_data_file_is_an_error_without_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing glossary.yml is reported (and annotated) without a line, never as a traceback."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write_project(tmp_path)
    (tmp_path / "glossary.yml").unlink()
    code, lines, _ = run(tmp_path, capsys)
    assert code == 1
    at = lines.index("ERROR  glossary.yml: ファイルがない。ファイルを作るか、パスを直す。")
    assert lines[at + 1] == "::error file=glossary.yml::ファイルがない。ファイルを作るか、パスを直す。"


def test_page_named_like_a_generated_page_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A hand-written docs/glossary.md would be overwritten by the generated glossary, so it is reported."""
    write_project(tmp_path, pages={**PAGES, "glossary.md": "---\ndescription: 手書き。\n---\n\n# 用語集\n"})
    code, lines, _ = run(tmp_path, capsys)
    assert (code, lines) == (
        1,
        [
            "ERROR  docs/glossary.md:1: このページは glossary.yml から作られるため、同じ名前のこのファイルは使われない。"
            "このファイルを消すか、名前を変える。"
        ],
    )


def test_default_root_is_the_current_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --root the project in the current folder is checked."""
    write_project(tmp_path, pages={**PAGES, "index.md": BROKEN_INDEX})
    monkeypatch.chdir(tmp_path)
    assert main([]) == 1
    assert capsys.readouterr().out.splitlines() == [f"ERROR  {BROKEN_REF}"]


def test_refs_in_data_files_are_reported_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad reference in the glossary is reported at glossary.yml, not again for the generated page."""
    glossary = edit(GLOSSARY, ("[[term:llm]]である。", "[[term:lml]]である。"))
    write_project(tmp_path, glossary=glossary)
    code, lines, _ = run(tmp_path, capsys)
    assert code == 1
    assert lines == [
        f"ERROR  glossary.yml:{line_of(glossary, '[[term:lml]]')}: "
        '[[term:lml]] の指す用語がない（glossary.yml に id "lml" がない）。"llm" の書き間違いではないか。'
    ]


@pytest.mark.parametrize(
    "about_body",
    [
        pytest.param("## 蒸留について {#distill}\n\n本文。\n", id="only-in-a-heading"),
        pytest.param("`蒸留` はコードとして書いた。\n", id="only-in-inline-code"),
        pytest.param("[外部の解説](https://example.org/ '蒸留の解説')を読む。\n", id="only-in-a-link-title"),
    ],
)
def test_check_counts_mentions_like_the_build(tmp_path: Path, about_body: str) -> None:
    """Where the build's autolinker sees no mention (headings, code, attributes), check must warn as the build does."""
    write_project(tmp_path, glossary=GLOSSARY + UNUSED_TERM, pages={**PAGES, "about.md": ABOUT_MD + "\n" + about_body})
    errors, warnings = check(tmp_path)
    assert errors == []
    assert [str(w) for w in warnings] == [UNUSED_WARNING]


def test_check_finds_a_plain_mention(tmp_path: Path) -> None:
    """A term mentioned in running text is not reported as unmentioned."""
    write_project(tmp_path, glossary=GLOSSARY + UNUSED_TERM, pages={**PAGES, "about.md": ABOUT_MD + "\n蒸留の話。\n"})
    assert check(tmp_path) == ([], [])


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (Problem(Origin("a.md", 3), "誤りがある。", "直す。"), "::error file=a.md,line=3::誤りがある。直す。"),
        (Problem(Origin("a.md"), "誤りがある。"), "::error file=a.md::誤りがある。"),
        (Problem(Origin("g.yml", 2), "100% 確か\n次", warning=True), "::warning file=g.yml,line=2::100%25 確か%0A次"),
    ],
)
def test_annotate(problem: Problem, expected: str) -> None:
    """Annotations carry file and line, and escape % and newlines in the text."""
    assert annotate(problem) == expected


def test_unreadable_page_front_matter_is_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Front matter that is not valid YAML is reported as such, at the line of the fault, not as a missing description."""
    write_project(tmp_path)
    write(tmp_path, "docs/about.md", "---\ndescription: [unclosed\n---\n\n# About\n\n推論モデル\n")
    code, lines, _ = run(tmp_path, capsys)
    assert (code, lines) == (
        1,
        [
            "ERROR  docs/about.md:2: フロントマターを読めないため、description などの設定が効かない。"
            "YAML の書き方の誤り：ここで開いた括弧が閉じていない（原文: did not find expected ',' or ']' (while parsing a flow sequence)）。"
            "ここで開いた括弧を閉じる（[ は ] で、{ は } で）。"
        ],
    )
