"""Zensical adapter (prototype): the site built by Zensical, with the same Build as the MkDocs adapter.

``python -m hooks.zensical_build`` (``make build ENGINE=zensical``) runs three stages:

- prepare: the project's own Build, in-process and without MkDocs, checks every page and data file,
  resolves the [[kind:id]] references into Markdown links and makes the generated pages; the complete
  Markdown tree and a Zensical config derived from mkdocs.yml are written under build/zensical/
  (never into docs/);
- render: ``zensical build`` on that tree; its link warnings are read back to the source's file:line;
- finish: every written page's content goes through the Build's HTML stage (safety, first-mention
  links, tooltips, backlinks, the raw HTML link check), edit links of generated pages point at their
  data file, each page gets its Content-Security-Policy; all problems are printed at once and any
  error (or, as with ``--strict``, any warning) makes the exit status 1.

The page's content is found in the written HTML between two comments that prepare puts around each
page's Markdown, so no template of the theme is copied or changed.
"""

from __future__ import annotations

import argparse
import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec
import yaml

from .build import Build, format_problems
from .links import line_of
from .model import Origin, Problem
from .pages import FRONT_MATTER

# Around each page's Markdown, so its content can be found in the written page (and taken out again).
START = "<!-- page-content:start -->"
END = "<!-- page-content:end -->"
_CONTENT = re.compile(re.escape(START) + r"\n?(.*?)\n?" + re.escape(END), re.S)
# MkDocs leaves these out of the docs by default (its exclude_docs adds to them).
_DEFAULT_EXCLUDES = ".*\n/templates/\n"
# Keys of mkdocs.yml that Zensical does not read, or that this adapter does itself.
_DROPPED = ("hooks", "validation", "exclude_docs", "watch", "strict", "site_dir", "docs_dir")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# A Zensical diagnostic: "Warning: what" then a box whose first line names "file:line:col".
_DIAGNOSTIC = re.compile(r"^(Warning|Error): (.+?)\n\s*╭─\[ (.+?):(\d+):(\d+) \]", re.M)
_EDIT_LINK = re.compile(r'(<a href=")([^"]*)("[^>]*class="md-content__button md-icon")')
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


# Config: mkdocs.yml read without MkDocs, its !ENV and Python tags as plain values Zensical accepts.


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's loader: !ENV as MkDocs resolves it; !!python/name and /object/apply as dotted names."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else None
    default = None
    if names is None:
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
    return default


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> str:
    return suffix.replace("material.extensions", "zensical.extensions")


def _python_apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict:
    value = loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) else {}
    return {"object": suffix, "kwds": value.get("kwds", {})}


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _python_apply)


def load_config(path: Path) -> dict:
    """mkdocs.yml as plain data."""
    return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader) or {}


def own_search_theme(root: Path, custom_dir: str, out: Path) -> Path:
    """A copy of the theme overrides without the search ones, so Zensical's own search interface and worker run.

    Zensical's interface speaks another protocol to its worker than Material's, which our worker speaks.
    """
    theme = out / "theme"
    if theme.exists():
        shutil.rmtree(theme)
    shutil.copytree(root / custom_dir, theme)
    (theme / "partials" / "search.html").unlink(missing_ok=True)
    main = theme / "main.html"
    if main.is_file():
        text = main.read_text(encoding="utf-8")
        main.write_text(re.sub(r"\{% block config %\}.*?\{% endblock %\}", "", text, flags=re.S), encoding="utf-8")
    return theme


def zensical_config(config: dict, root: Path, out: Path, own_search: bool = False) -> dict:
    """The config Zensical reads from out/: the staged docs, its own site folder, the theme overrides by path.

    Zensical wants docs_dir and site_dir inside the folder of its config, so both live in ``out``; the
    theme keeps Material's classic look (Zensical's default is its 'modern' variant).
    """
    made = {key: value for key, value in config.items() if key not in _DROPPED}
    made["docs_dir"] = "docs"
    made["site_dir"] = "site"
    theme = dict(made.get("theme") or {})
    if theme.get("custom_dir"):
        folder = own_search_theme(root, theme["custom_dir"], out) if own_search else root / theme["custom_dir"]
        theme["custom_dir"] = os.path.relpath(folder, out)
    theme.setdefault("variant", "classic")
    made["theme"] = theme
    # Only Zensical's own search is configured by a search entry; 'lang' is not one of its options.
    made["plugins"] = [{"search": {}}] if any(_plugin_name(p) == "search" for p in config.get("plugins") or []) else []
    return made


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


# Pages: which files are pages, their reading order (the nav's), URLs and nav titles, as MkDocs makes them.


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL (from the site root) of a page, as MkDocs writes it."""
    stem, _ = posixpath.splitext(src)
    folder, name = posixpath.split(stem)
    if not directory_urls:
        return stem + ".html"
    if name in ("index", "README"):
        return folder + "/" if folder else ""
    return stem + "/"


def output_path(url: str) -> str:
    """The written file of a page's URL."""
    return url + "index.html" if url.endswith("/") or not url else url


def nav_entries(nav: list) -> list[tuple[str | None, str]]:
    """(title or None, src) for every page of the nav, in reading order (links to other sites left out)."""
    found: list[tuple[str | None, str]] = []
    for item in nav or []:
        if isinstance(item, str):
            found.append((None, item))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    found.extend(nav_entries(value))
                elif isinstance(value, str) and "://" not in value:
                    found.append((title, value))
    return found


def doc_files(docs: Path, excludes: str | None) -> list[str]:
    """Every file under docs/ that MkDocs would read (its default exclusions and exclude_docs applied)."""
    spec = pathspec.GitIgnoreSpec.from_lines((_DEFAULT_EXCLUDES + (excludes or "")).splitlines())
    files = [path.relative_to(docs).as_posix() for path in sorted(docs.rglob("*")) if path.is_file()]
    return [src for src in files if not spec.match_file(src)]


def split_front_matter(raw: str) -> tuple[str, str, dict]:
    """(what stands before the Markdown body, the body, the meta), as MkDocs' get_data splits a page."""
    found = FRONT_MATTER.match(raw)
    if not found:
        return "", raw, {}
    try:
        meta = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return "", raw, {}
    if not isinstance(meta, dict):
        return "", raw, {}
    body = raw[found.end() :].lstrip("\n")
    return raw[: len(raw) - len(body)], body, meta


def front_matter(meta: dict) -> str:
    """Front matter for a staged page: one line per key where YAML allows."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1 << 30) + "---\n\n"


# The three stages.


@dataclass
class Staged:
    """What prepare made: the pages and their URLs, titles from the nav, the files it copied."""

    out: Path
    config: dict
    pages: dict[str, str] = field(default_factory=dict)  # src -> URL
    nav_titles: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    engine_problems: list[Problem] = field(default_factory=list)
    shift: dict[str, int] = field(default_factory=dict)  # src -> lines the staged body stands below the source's


def prepare(build: Build, root: Path, config: dict, out: Path, own_search: bool = False) -> Staged:
    """Check and resolve every page with the Build; write the Markdown tree and Zensical's config under ``out``."""
    docs_dir = root / config.get("docs_dir", "docs")
    staged_docs = out / "docs"
    if staged_docs.exists():
        shutil.rmtree(staged_docs)
    staged_docs.mkdir(parents=True)
    directory_urls = config.get("use_directory_urls", True)
    staged = Staged(out, zensical_config(config, root, out, own_search))
    sources: dict[str, tuple[str, str, str, dict]] = {}  # src -> (raw, prefix, body, meta)

    for src in doc_files(docs_dir, config.get("exclude_docs")):
        path = docs_dir / src
        if not src.endswith(".md"):
            (staged_docs / src).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staged_docs / src)
            continue
        keep, text = build.page_file(src, path.read_bytes())
        if not keep:
            continue
        raw = text if text is not None else path.read_bytes().decode("utf-8-sig")
        sources[src] = (raw, *split_front_matter(raw))
    for src, markdown in build.records.generated.items():
        sources[src] = (markdown, *split_front_matter(markdown))

    staged.pages = {src: page_url(src, directory_urls) for src in sources}
    entries = nav_entries(config.get("nav") or [])
    staged.order = [src for _, src in entries if src in sources]
    staged.nav_titles = {src: title for title, src in entries if title}
    build.set_pages(staged.order, staged.pages)

    # The glossary (the first generated page) first, as the MkDocs adapter does: peak memory.
    order = [
        *list(build.records.generated)[:1],
        *[s for s in sources if s not in build.records.generated],
        *list(build.records.generated)[1:],
    ]
    for src in order:
        raw, prefix, body, meta = sources[src]
        escaped = {key: html.escape(value) if isinstance(value, str) else value for key, value in meta.items()}
        resolved = build.page_markdown(src, body, raw, escaped)
        target = staged_docs / src
        target.parent.mkdir(parents=True, exist_ok=True)
        # Zensical writes front matter values into the page unescaped (MkDocs' adapter escapes page.meta):
        # they are text, so the staged front matter holds them escaped. The comments stand on lines of
        # their own; the body keeps its lines, shifted by a known number, which messages take back.
        head = front_matter(escaped) if prefix else ""
        staged.shift[src] = head.count("\n") + 2 - prefix.count("\n")
        target.write_text(f"{head}{START}\n\n{resolved}\n\n{END}\n", encoding="utf-8")

    (out / "mkdocs.yml").write_text(
        "# Made by python -m hooks.zensical_build from mkdocs.yml; a build output, never edited.\n"
        + yaml.safe_dump(staged.config, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return staged


def render(staged: Staged, build: Build) -> tuple[int, str]:
    """Run Zensical on the staged tree; its diagnostics become the build's engine problems at the source's line."""
    command = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(staged.out / "mkdocs.yml")]
    result = subprocess.run(command, cwd=staged.out, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    output = _ANSI.sub("", result.stdout + result.stderr)
    for found in _DIAGNOSTIC.finditer(output):
        level, message, file, line, column = found.groups()
        staged.engine_problems.append(engine_problem(build, staged, level, message, file, int(line), int(column)))
    return result.returncode, output


def engine_problem(build: Build, staged: Staged, level: str, message: str, file: str, line: int, column: int) -> Problem:
    """A Zensical diagnostic about a staged page, at the file and line of what was written in the source."""
    src = file.replace(os.sep, "/")
    if src.startswith("docs/"):
        src = src[len("docs/") :]
    staged_lines = (staged.out / "docs" / src).read_text(encoding="utf-8").splitlines()
    text = staged_lines[line - 1] if 0 < line <= len(staged_lines) else ""
    link = _link_at(text, column - 1)
    source = build.sources.get(src)
    if source is not None and not source.generated:
        # The staged page's body is the source's, a known number of lines further down.
        origin = Origin(source.shown, max(1, line - staged.shift.get(src, 0)))
    else:
        # A generated page: the link stands in one of the data file's texts shown on it.
        origin = None
        for written in build.locator.texts.get(src, ()):
            origin = (line_of(written, f"]({link}") or line_of(written, link)) if link else None
            if origin is not None:
                break
        if origin is None:
            texts = build.locator.texts.get(src)
            origin = texts[0].origin if texts else Origin(build.shown(src))
    what = f"{message}: '{link}'" if link else message
    return Problem(origin, f"Zensical: {what}.", warning=level == "Warning")


def _link_at(text: str, at: int) -> str:
    """The target of the Markdown link whose target holds (or starts at) column ``at`` of a line."""
    opening = text.rfind("](", 0, at + 1)
    start = opening + 2 if opening != -1 and ")" not in text[opening + 2 : at] else at
    found = re.match(r"[^)\s]*", text[start:])
    return found.group(0) if found else ""


def finish(build: Build, staged: Staged, site_dir: Path, repo_url: str | None, edit_uri: str | None) -> None:
    """The Build's HTML stage on every written page; edit links of generated pages; a security policy for each."""
    written: dict[str, tuple[str, re.Match]] = {}
    contents: dict[str, tuple[str | None, str]] = {}
    for src, url in staged.pages.items():
        path = site_dir / output_path(url)
        page = path.read_text(encoding="utf-8")
        found = _CONTENT.search(page)
        if found is None:
            build.problems.append(Problem(Origin(build.shown(src)), "Zensical wrote this page without its content."))
            continue
        raw = (staged.out / "docs" / src).read_text(encoding="utf-8")
        meta = split_front_matter(raw)[2]
        enabled = meta.get("autolink", True) is not False
        meta_title = meta.get("title")
        content = build.page_content(src, found.group(1), enabled)
        heading = _H1.search(content)
        title = staged.nav_titles.get(src) or meta_title or (_text(heading.group(1)) if heading else src)
        written[src] = (page, found)
        contents[src] = (title, content)
    pages = set(staged.pages.values())
    static = {
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*")
        if path.is_file() and not (path.name == "index.html" and path.relative_to(site_dir).parent.as_posix() + "/" in pages)
    }
    build.all_rendered(contents, static)
    for src, (page, found) in written.items():
        url = staged.pages[src]
        content = build.page_context(src, contents[src][1], url)
        page = page[: found.start()] + content + page[found.end() :]
        if src in build.records.generated:
            edit = build.edit_url(src, repo_url, edit_uri)
            page = _EDIT_LINK.sub(lambda m, e=edit: m.group(1) + html.escape(e or m.group(2)) + m.group(3), page, count=1)
        (site_dir / output_path(url)).write_text(build.finish_html(page), encoding="utf-8")
    for path in site_dir.glob("404.html"):
        path.write_text(build.finish_html(path.read_text(encoding="utf-8")), encoding="utf-8")


def _text(markup: str) -> str:
    """The text of a piece of HTML (a heading without its permalink)."""
    markup = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: prepare, render, finish; exit 1 on any error, or any warning with --strict."""
    parser = argparse.ArgumentParser(prog="python -m hooks.zensical_build", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's config (default: mkdocs.yml)")
    parser.add_argument("--out", type=Path, default=None, help="staging folder (default: build/zensical)")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too, like mkdocs build --strict")
    parser.add_argument(
        "--search",
        choices=("zensical", "ours"),
        default="zensical",
        help="Zensical's own search (default), or our worker, which speaks Material's protocol, not Zensical's (no results)",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / "build" / "zensical").resolve()
    out.mkdir(parents=True, exist_ok=True)
    timings = {}
    start = time.perf_counter()
    config = load_config(root / args.config_file)
    build = Build(root, config.get("docs_dir", "docs"), args.config_file)
    staged = prepare(build, root, config, out, own_search=args.search == "zensical")
    timings["prepare"] = time.perf_counter() - start
    start = time.perf_counter()
    status, output = render(staged, build)
    timings["render"] = time.perf_counter() - start
    site_dir = out / "site"
    if status != 0 or not (site_dir / "index.html").is_file():
        print(output, file=sys.stderr)
        print(f"ERROR   -  Zensical stopped (exit status {status}); the site was not finished.", file=sys.stderr)
        return 1
    start = time.perf_counter()
    finish(build, staged, site_dir, config.get("repo_url"), config.get("edit_uri"))
    timings["finish"] = time.perf_counter() - start
    warnings = sorted({*build.warnings, *(p for p in staged.engine_problems if p.warning)}, key=Problem.sort_key)
    errors = sorted({*build.errors, *(p for p in staged.engine_problems if not p.warning)}, key=Problem.sort_key)
    for warning in warnings:
        print(f"WARNING -  {warning}", file=sys.stderr)
    if errors:
        print("ERROR   -  " + format_problems(errors, "The site has problems"), file=sys.stderr)
    print(
        "INFO    -  Zensical site in {}: prepare {:.2f} s, render {:.2f} s, finish {:.2f} s".format(
            site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir, *timings.values()
        ),
        file=sys.stderr,
    )
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
