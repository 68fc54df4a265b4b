"""`make serve` between saves: a slip in a data file keeps that file's last good records on the preview (the strict
build still fails), and a rebuild of the unchanged site prints one summary line, not the generated pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hooks.build import NOT_IN_NAV, Build, build_summary, split
from hooks.model import Origin, Problem
from tests.conftest import free_port, wait_for
from tests.fixtures import GLOSSARY, NAV, PEOPLE, REPO, edit, line_of, mkdocs_yml, run_build, write, write_project

# A YAML slip: the colon after the key is missing, so the file gives no list of terms at all.
BROKEN_GLOSSARY = edit(GLOSSARY, ("    en: large language model", "    en large language model"))
# A person without 'reading:': that person's record cannot be read.
PERSON_WITHOUT_READING = edit(PEOPLE, ("    reading: さむ・あるとまん\n", ""))


def _problems(build: Build) -> list[str]:
    """The build's problems as printed, errors then warnings."""
    errors, warnings = split(build.problems)
    return [str(p) for p in [*errors, *warnings]]


def test_serving_keeps_the_last_good_terms_while_the_glossary_is_broken(tmp_path: Path) -> None:
    """Each build of a server shows the last records read without a fault; its problems are the strict build's."""
    write_project(tmp_path)
    last_good: dict = {}
    good = Build(tmp_path, serving=True, last_good=last_good)
    assert "glossary/llm.md" in good.records.generated and good.kept == []
    write(tmp_path, "glossary.yml", BROKEN_GLOSSARY)
    strict = Build(tmp_path)
    served = Build(tmp_path, serving=True, last_good=last_good)
    assert not any(src.startswith("glossary/") for src in strict.records.generated)
    assert [src for src in served.records.generated if src.startswith("glossary/")] == [
        "glossary/reasoning-model.md",
        "glossary/llm.md",
        "glossary/open-weights.md",
    ]
    assert served.records.generated["glossary/llm.md"] == good.records.generated["glossary/llm.md"]
    assert served.kept == ["glossary.yml"]
    assert _problems(served) == _problems(strict)
    assert any(p.startswith(f"glossary.yml:{line_of(BROKEN_GLOSSARY, 'en large')}") for p in _problems(served))
    # The references of the pages still become links to the kept terms.
    markdown = served.page_markdown("article/one.md", "[[term:llm|LLM]]を見る。")
    assert 'data-ref="term:llm"' in markdown
    # Fixed: the file's own records again, nothing kept.
    write(tmp_path, "glossary.yml", GLOSSARY.replace("大量の文章で学習したモデルである。", "大量の文章で学んだモデルである。"))
    fixed = Build(tmp_path, serving=True, last_good=last_good)
    assert fixed.kept == [] and "大量の文章で学んだ" in fixed.records.generated["glossary/llm.md"]


def test_serving_keeps_a_person_whose_record_has_a_fault(tmp_path: Path) -> None:
    """A person without a reading keeps the page of the last good record while serving, and loses it in the strict build."""
    write_project(tmp_path, people=PEOPLE)
    last_good: dict = {}
    Build(tmp_path, serving=True, last_good=last_good)
    write(tmp_path, "docs/data/people.yml", PERSON_WITHOUT_READING)
    served, strict = Build(tmp_path, serving=True, last_good=last_good), Build(tmp_path)
    assert "people/sam-altman.md" in served.records.generated
    assert "people/sam-altman.md" not in strict.records.generated
    assert served.kept == ["docs/data/people.yml"]
    assert _problems(served) == _problems(strict) != []


def test_a_data_file_broken_from_the_start_has_nothing_to_keep(tmp_path: Path) -> None:
    """Without an earlier good load the server shows what the file gives: no term pages, and the problem."""
    write_project(tmp_path, glossary=BROKEN_GLOSSARY)
    served = Build(tmp_path, serving=True, last_good={})
    assert served.kept == [] and not any(src.startswith("glossary/") for src in served.records.generated)


def test_a_build_says_in_japanese_only_the_hand_written_pages_missing_from_the_nav(tmp_path: Path) -> None:
    """`mkdocs build` prints no progress line of MkDocs': a line for the hand-written page the nav leaves out (the
    records' pages are reached from their indexes) and the summary."""
    write_project(tmp_path, people=PEOPLE, config=mkdocs_yml(nav=NAV + "  - 人物: people/index.md\n"))
    write(tmp_path, "docs/extra.md", "---\ndescription: 追加。\n---\n\n# 追加のページ\n\n本文である。\n")
    printed = run_build(tmp_path).stdout.splitlines()
    assert printed[:-1] == [f"INFO    -  docs/extra.md: {NOT_IN_NAV}"], printed
    assert re.fullmatch(r"INFO +- +サイトをビルドした（[0-9.]+ 秒）。問題はない。", printed[-1]), printed


def test_a_rebuild_of_the_unchanged_site_prints_at_most_three_lines(tmp_path: Path) -> None:
    """`mkdocs serve` on a copy of the real site: saving a page unchanged prints one summary line (before: 56 lines)."""
    for name in ("mkdocs.yml", "glossary.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    (tmp_path / "hooks").symlink_to(REPO / "hooks", target_is_directory=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
    env.pop("SITE_URL", None)
    log_path = tmp_path / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{free_port()}"]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    lines = lambda: log_path.read_text(encoding="utf-8").splitlines()  # noqa: E731
    try:
        wait_for(lambda: any("プレビューを http://" in line for line in lines()))
        page = tmp_path / "docs" / "about.md"
        # Saved unchanged, again if nothing at all is printed after it: the watcher sets up its watches of docs/ in a
        # thread of its own, and on a busy machine a save right after the server starts can come before them (a run waited
        # 120 s for nothing). A build that prints anything is the one judged.
        for _ in range(4):
            started = len(lines())
            page.write_bytes(page.read_bytes())
            try:
                wait_for(lambda start=started: len(lines()) > start, timeout=30)
                break
            except AssertionError:
                continue
        wait_for(lambda: any("サイトをビルドした" in line for line in lines()[started:]))
        time.sleep(1.5)  # anything MkDocs prints after the build (it used to say "Reloading browsers")
        printed = lines()[started:]
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert len(printed) <= 3, "\n".join(printed)
    assert re.fullmatch(r"INFO +- +サイトをビルドした（[0-9.]+ 秒）。問題はない。", printed[-1]), printed


@pytest.mark.parametrize(
    ("errors", "warnings", "strict", "said"),
    [
        (0, 0, True, "問題はない。"),
        (0, 2, False, "警告 2 件がある。"),
        (0, 1, True, "警告 1 件がある。--strict のビルドは警告でも失敗する。上の警告を直してからビルドし直す。"),
        (1, 1, False, "エラー 1 件、警告 1 件がある。"),
    ],
)
def test_the_summary_line_counts_the_problems_and_says_when_strict_fails(
    tmp_path: Path, errors: int, warnings: int, strict: bool, said: str
) -> None:
    """The build's last line in Japanese: the time, what it found, and that --strict fails on warnings (MkDocs' own
    last line says it only in English)."""
    write_project(tmp_path)
    build = Build(tmp_path)
    build.errors = [Problem(Origin("glossary.yml", n + 1), "誤り。", "") for n in range(errors)]
    build.warnings = [Problem(Origin("glossary.yml", n + 1), "警告。", "", warning=True) for n in range(warnings)]
    assert re.fullmatch(r"サイトをビルドした（[0-9.]+ 秒）。" + re.escape(said), build_summary(build, strict=strict))
