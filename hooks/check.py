"""Check the data files and every page: ``python -m hooks.check``.

It runs the site's own build into a temporary folder and prints only its problems, so it reports
exactly what `make build` reports for the same tree: one line per problem (file:line: what. how to
fix.), and exit 1 on any error, or on any warning with ``--strict``. Under GitHub Actions each
problem is also printed as an annotation.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .model import Origin, Problem
from .words import relayed


def check(root: Path, config_file: str = "mkdocs.yml") -> tuple[list[Problem], list[Problem]]:
    """Build the project at root into a temporary folder; return its (errors, warnings)."""
    with tempfile.TemporaryDirectory(prefix="site-check-") as folder:
        found = Path(folder) / "problems.json"
        env = {**os.environ, "SITE_PROBLEMS": str(found), "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
        env.pop("GITHUB_ACTIONS", None)  # the build itself prints no annotations
        command = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / config_file), "-d", str(Path(folder) / "site")]
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        if not found.is_file():
            output = (result.stdout + result.stderr).strip().splitlines()[-1:] or ["no output"]
            stopped = relayed("検査の前にビルドが止まった", output[0])
            return [Problem(Origin(config_file), stopped, "make build を実行して、出力の全体を確かめる。")], []
        problems = [
            Problem(Origin(p["file"], p["line"]), p["message"], p["hint"], p["warning"])
            for p in json.loads(found.read_text(encoding="utf-8"))
        ]
    problems = sorted(set(problems), key=Problem.sort_key)
    return [p for p in problems if not p.warning], [p for p in problems if p.warning]


def annotate(problem: Problem) -> str:
    """A GitHub Actions annotation for one problem."""
    level = "warning" if problem.warning else "error"
    where = f"file={problem.origin.file}" + (f",line={problem.origin.line}" if problem.origin.line else "")
    text = f"{problem.message}{problem.hint}".strip().replace("%", "%25").replace("\n", "%0A")
    return f"::{level} {where}::{text}"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m hooks.check", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors, like the build")
    args = parser.parse_args(argv)
    errors, warnings = check(args.root.resolve())
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in [*errors, *warnings]:
        label = "WARNING" if problem.warning else "ERROR"
        print(f"{label}  {problem}")
        if github:
            print(annotate(problem))
    failed = bool(errors) or (args.strict and bool(warnings))
    print(f"エラー {len(errors)} 件、警告 {len(warnings)} 件。", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
