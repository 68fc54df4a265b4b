"""hooks.check: the command-line check, in this process and without writing the site; exit codes, lines, annotations.

One test builds a fixture with mistakes for real and compares: check and the strict build report the same problems.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hooks.check import annotate, check, main
from hooks.model import Origin, Problem
from tests.fixtures import (
    ABOUT_MD,
    ARTICLE_MD,
    GLOSSARY,
    INDEX_MD,
    NAV,
    PAGES,
    UNUSED_TERM,
    edit,
    files_under,
    line_of,
    mkdocs_yml,
    run_build,
    write,
    write_project,
)

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


def test_clean_project_exits_0_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A clean fixture project prints nothing but the summary and exits 0, also with --lenient; no file is added or changed."""
    write_project(tmp_path)
    before = {path: (tmp_path / path).read_bytes() for path in files_under(tmp_path)}
    assert run(tmp_path, capsys) == (0, [], "エラー 0 件、警告 0 件。\n")
    assert run(tmp_path, capsys, "--lenient") == (0, [], "エラー 0 件、警告 0 件。\n")
    assert {path: (tmp_path / path).read_bytes() for path in files_under(tmp_path)} == before


def test_errors_exit_1_and_print_each_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every error is printed as 'ERROR  file:line: message hint', sorted, and the exit code is 1."""
    about = ABOUT_MD.replace("---\ndescription: このサイトについて。\n---\n\n", "")
    write_project(tmp_path, pages={**PAGES, "index.md": BROKEN_INDEX, "about.md": about})
    code, lines, err = run(tmp_path, capsys)
    assert code == 1
    assert lines == [f"ERROR  {NO_DESCRIPTION}", f"ERROR  {BROKEN_REF}"]
    assert err == "エラー 2 件、警告 0 件。\n"


def test_warnings_fail_like_the_strict_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unmentioned term is a warning, which fails the strict build: exit 1, and 0 only with --lenient; printed both times."""
    write_project(tmp_path, glossary=GLOSSARY + UNUSED_TERM)
    assert run(tmp_path, capsys) == (1, [f"WARNING  {UNUSED_WARNING}"], "エラー 0 件、警告 1 件。\n")
    assert run(tmp_path, capsys, "--lenient") == (0, [f"WARNING  {UNUSED_WARNING}"], "エラー 0 件、警告 1 件。\n")


def test_link_to_a_missing_page_fails_with_the_nearest_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Markdown link to a page that does not exist fails the check, in Japanese at its file:line, naming the pages nearest by name."""
    article = ARTICLE_MD + "\n[ホームへ](../indx.md)と[説明](../nowhere-at-all.md)を読む。\n"
    write_project(tmp_path, pages={**PAGES, "article/one.md": article})
    code, lines, err = run(tmp_path, capsys)
    at = line_of(article, "../indx.md")
    assert code == 1
    assert lines == [
        f'WARNING  docs/article/one.md:{at}: リンク先のページ "../indx.md" がない。名前の近いページ（"../index.md"、"../people/index.md"）'
        "のどれかへのリンクに直す。",
        f'WARNING  docs/article/one.md:{at}: リンク先のページ "../nowhere-at-all.md" がない。'
        "docs/ にあるページの .md ファイルをこのページからの相対パスで書くか、リンクを外す。",
    ]
    assert err == "エラー 0 件、警告 2 件。\n"


def test_github_actions_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Under GitHub Actions each problem is followed by its ::error/::warning annotation."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write_project(tmp_path, glossary=GLOSSARY + UNUSED_TERM, pages={**PAGES, "index.md": BROKEN_INDEX})
    code, lines, _ = run(tmp_path, capsys)
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


# One mistake of each stage the strict build checks: data, a reference, front matter, raw HTML, links, anchors, nav.
MISTAKES = {
    "glossary.yml": GLOSSARY + UNUSED_TERM,
    "docs/index.md": BROKEN_INDEX + "\n[記事の節](article/one.md#nowhere)と[記事](article/on.md)を読む。\n",
    "docs/about.md": ABOUT_MD.replace("description: このサイトについて。", "title: このサイトについて")
    + '\n<a href="../missing/">ない</a>\n',
    "docs/article/one.md": ARTICLE_MD + "\n[上へ](#nothing-here)\n",
    "mkdocs.yml": mkdocs_yml(nav=NAV + "  - ない: not-there.md\n"),
}


def _build_problems(output: str) -> list[str]:
    """The problems a strict build printed, as the check prints them ('ERROR  …' or 'WARNING  …')."""
    warnings = [f"WARNING  {text}" for text in re.findall(r"^WARNING\s+-\s+(.*)$", output, re.M)]
    errors = [f"ERROR  {text}" for text in re.findall(r"^  ((?:docs/|glossary\.yml|mkdocs\.yml)\S*: .*)$", output, re.M)]
    return sorted(errors) + sorted(warnings)


def test_check_reports_what_the_strict_build_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On a fixture with a mistake of every stage, check prints the same problems as `mkdocs build --strict` (built for real)."""
    write_project(tmp_path)
    for rel, text in MISTAKES.items():
        write(tmp_path, rel, text)
    code, lines, _ = run(tmp_path, capsys)
    built = run_build(tmp_path)
    assert code == 1 and built.returncode == 1
    assert sorted(line for line in lines if line.startswith("ERROR")) + sorted(
        line for line in lines if line.startswith("WARNING")
    ) == _build_problems(built.stdout)
    # One line per mistake above, each at its file.
    assert [line.split(":", 1)[0].split()[-1] for line in lines] == [
        "docs/about.md",
        "docs/about.md",
        "docs/index.md",
        "docs/article/one.md",
        "docs/index.md",
        "docs/index.md",
        "glossary.yml",
        "mkdocs.yml",
    ], lines


def test_an_earlier_build_in_this_process_does_not_take_the_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The filter that a build by another copy of the adapter left on MkDocs' loggers (the event tests load one) is
    replaced, so a link's message is put at its line in the project checked now, not at the earlier project's line."""
    from tests.test_events import render

    link = "\n[記事](on.md)\n"
    render(write_project(tmp_path / "earlier", pages={**PAGES, "article/one.md": ARTICLE_MD + link}))
    article = ARTICLE_MD + "\n\n\n" + link
    now = write_project(tmp_path / "now", pages={**PAGES, "article/one.md": article})
    code, lines, _ = run(now, capsys)
    assert code == 1
    assert [line.split(" リンク先")[0] for line in lines] == [f"WARNING  docs/article/one.md:{line_of(article, 'on.md)')}:"]


def test_a_watched_file_that_is_missing_is_explained_in_japanese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """mkdocs.yml watches glossary.yml (as the real one does): without the file MkDocs stops before the checks; the
    check says which file is missing and what to do, in Japanese, and fails."""
    write_project(tmp_path)
    write(tmp_path, "mkdocs.yml", mkdocs_yml() + "watch:\n  - glossary.yml\n")
    (tmp_path / "glossary.yml").unlink()
    code, lines, err = run(tmp_path, capsys)
    missing = tmp_path / "glossary.yml"
    assert code == 1
    assert lines == [
        "ERROR  mkdocs.yml: 設定を読めないため、検査できない（原文: Aborted with a configuration error!）。mkdocs.yml の設定を直す。",
        f"WARNING  mkdocs.yml: mkdocs.yml の watch に書かれたファイルがない（原文: Config value 'watch': The path '{missing}' "
        f'isn\'t an existing file or directory）。ファイル "{missing}" を元に戻すか、mkdocs.yml の watch から外す。',
    ]
    assert err == "エラー 1 件、警告 1 件。\n"


@pytest.mark.parametrize(
    ("argv", "code", "said"),
    [
        (["-h"], 0, "オプション:\n  -h, --help   この説明を出して終わる\n  --root ROOT  プロジェクトのフォルダー"),
        (
            ["--strict"],
            2,
            "python -m hooks.check: コマンドの引数を読めない（原文: unrecognized arguments: --strict）。使い方は -h で見る。\n",
        ),
    ],
)
def test_a_command_says_its_help_and_what_it_cannot_read_in_japanese(
    argv: list[str], code: int, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m hooks.check -h` and a mistyped option: Japanese but for argparse's own "usage:" line."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    out, err = capsys.readouterr()
    assert stopped.value.code == code
    assert said in (out if code == 0 else err), out + err
    assert "show this help" not in out and "options:" not in out
