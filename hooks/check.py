"""Check the data files and every page's references without building the site: ``python -m hooks.check``.

Prints one line per problem (file:line: what. how to fix.) and exits 1 on any error, or on any
warning with ``--strict``. Under GitHub Actions each problem is also printed as an annotation.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import markdown
import yaml

from .model import Origin, Problem
from .site import Site


def _front_matter(text: str) -> tuple[dict, str]:
    """Split '---' front matter from a page (the same rule MkDocs uses)."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            try:
                meta = yaml.safe_load(text[3:end]) or {}
            except yaml.YAMLError:
                meta = {}
            body_start = text.find("\n", end + 4)
            return (meta if isinstance(meta, dict) else {}), text[body_start + 1 :] if body_start != -1 else ""
    return {}, text


# The Markdown extensions of mkdocs.yml that change which text is a heading, code or link, so that
# mentions are counted on the same HTML the build sees.
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"]
EXTENSIONS += ["pymdownx.details", "pymdownx.superfences"]


def check(root: Path, docs_dir: str = "docs") -> tuple[list[Problem], list[Problem]]:
    """Check the data and every Markdown page under docs_dir; return (errors, warnings)."""
    site = Site(root, docs_dir)
    docs = root / docs_dir
    pages: dict[str, tuple[dict, str, int]] = {}
    for path in sorted(docs.rglob("*.md")):
        src = path.relative_to(docs).as_posix()
        if src.startswith("data/"):
            continue
        raw = path.read_text(encoding="utf-8")
        meta, body = _front_matter(raw)
        pages[src] = (meta, body, raw[: len(raw) - len(body)].count("\n") + 1)
        if src in site.generated:
            site.problems.append(
                Problem(Origin(site.shown(src)), "this page is generated from the data files.", "Remove or rename the file.")
            )
    for src, content in site.generated.items():
        pages.setdefault(src, (None, content, 1))
    converter = markdown.Markdown(extensions=EXTENSIONS)
    for src, (meta, body, line) in pages.items():
        linked = site.page_markdown(src, body, line, meta)
        # Count mentions on the HTML, as the build does (headings, code and links do not count).
        html = converter.reset().convert(linked)
        site.page_links(src, html, enabled=False)
    return site.report(site.usage_problems(pages))


def annotate(problem: Problem) -> str:
    """A GitHub Actions annotation for one problem."""
    level = "warning" if problem.warning else "error"
    where = f"file={problem.origin.file}" + (f",line={problem.origin.line}" if problem.origin.line else "")
    text = f"{problem.message} {problem.hint}".strip().replace("%", "%25").replace("\n", "%0A")
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
    print(f"{len(errors)} error(s), {len(warnings)} warning(s).", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
