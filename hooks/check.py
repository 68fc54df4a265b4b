"""Check the data files and every page without writing the site: ``python -m hooks.check`` (``make check``).

It runs the stages of the strict build that find problems, in this process and with the same code: MkDocs reads
the configuration, the files and the nav, the hooks check the data and each page, each page's Markdown is converted,
and the hooks' whole-site checks run (the pages' links and anchors and the nav's entries among them). The theme, the
search index, the share cards and the writing of the site are left out. It prints one line per problem (file:line:
what. how to fix.) and exits 1 on any problem that fails `make build` (any error or warning); ``--lenient`` exits 1 on
errors only. Under GitHub Actions each problem is also printed as an annotation.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import _populate_page, get_files, get_navigation, set_exclusions
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from .mkdocs_hooks import build_of
from .model import Origin, Problem
from .words import command_parser, q, relayed

# MkDocs' message about one setting of mkdocs.yml, and the path it names when a file is missing.
_CONFIG_VALUE = re.compile(r"^Config value '(?P<key>[^']+)': (?:The path '(?P<path>[^']+)' isn't an existing file)?")


class _Collect(logging.Handler):
    """Keeps the text of every warning and error MkDocs logs: each fails the strict build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def check(root: Path, config_file: str = "mkdocs.yml") -> tuple[list[Problem], list[Problem]]:
    """Every problem the strict build of the project at root reports, without writing it: (errors, warnings)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner is printed when its plugins load
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    saved = logger.level, logger.propagate
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the problems are printed below, once, in the check's own form
    try:
        with tempfile.TemporaryDirectory(prefix="site-check-") as site_dir:
            problems = _dry_build(root, config_file, site_dir)
    finally:
        logger.removeHandler(collect)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
    known = {str(problem) for problem in problems}
    # What MkDocs or the theme logged that the hooks did not already report: it fails the strict build too.
    problems += [Problem(Origin(config_file), *_explained(text), warning=True) for text in collect.messages if text not in known]
    unique = sorted(set(problems), key=Problem.sort_key)
    return [p for p in unique if not p.warning], [p for p in unique if p.warning]


def _explained(message: str) -> tuple[str, str]:
    """A message MkDocs logged, in Japanese with its advice (a setting of mkdocs.yml), its original text after."""
    found = _CONFIG_VALUE.match(message)
    if found is None:
        return relayed("MkDocs が次のように知らせた", message), ""
    if found.group("path"):
        advice = f"ファイル {q(found.group('path'))} を元に戻すか、mkdocs.yml の {found.group('key')} から外す。"
        return relayed(f"mkdocs.yml の {found.group('key')} に書かれたファイルがない", message), advice
    return relayed(f"mkdocs.yml の {found.group('key')} の値が正しくない", message), "原文が示す値に直す。"


def _dry_build(root: Path, config_file: str, site_dir: str) -> list[Problem]:
    """The build's problems: mkdocs.commands.build.build up to its whole-site checks, without the theme's templates or writing."""
    try:
        config = load_config(str(root / config_file), strict=True, site_dir=site_dir)
    except (Abort, ConfigurationError, OSError) as error:
        # MkDocs logged what is wrong with the configuration (above, explained); the error itself only says it stopped.
        return [
            Problem(Origin(config_file), relayed("設定を読めないため、検査できない", str(error)), f"{config_file} の設定を直す。")
        ]
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = config.plugins.on_files(get_files(config), config=config)
        set_exclusions(files, config)
        config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in pages:
            if file.page is None:
                Page(None, file, config)
            _populate_page(file.page, config, files)
        config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    except Exception as error:  # the build stops on it too: one line at the configuration, not a traceback
        return [
            Problem(
                Origin(config_file),
                f"ビルドが途中で止まった：{type(error).__name__}: {error}",
                "この問題を直してから再び確かめる。",
            )
        ]
    build = build_of(config)
    return build.reported()


def annotate(problem: Problem) -> str:
    """A GitHub Actions annotation for one problem."""
    level = "warning" if problem.warning else "error"
    where = f"file={problem.origin.file}" + (f",line={problem.origin.line}" if problem.origin.line else "")
    text = f"{problem.message}{problem.hint}".strip().replace("%", "%25").replace("\n", "%0A")
    return f"::{level} {where}::{text}"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser, options = command_parser(
        "python -m hooks.check", "データとすべてのページを、サイトを書き出さずに検査する（make check）。"
    )
    options.add_argument("--root", type=Path, default=Path.cwd(), help="プロジェクトのフォルダー（既定：いまのフォルダー）")
    options.add_argument("--lenient", action="store_true", help="エラーのときだけ失敗する（警告だけなら終了コード 0）")
    args = parser.parse_args(argv)
    errors, warnings = check(args.root.resolve())
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in [*errors, *warnings]:
        label = "WARNING" if problem.warning else "ERROR"
        print(f"{label}  {problem}")
        if github:
            print(annotate(problem))
    failed = bool(errors) or (not args.lenient and bool(warnings))
    print(f"エラー {len(errors)} 件、警告 {len(warnings)} 件。", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
