"""Zensical adapter: the site built by Zensical with the stages of hooks.build, as the MkDocs adapter builds it.

``python -m hooks.zensical_build`` (``make build ENGINE=zensical``; ``--serve``: ``make serve ENGINE=zensical``):

- prepare: a Build checks the data and the pages' files; the complete Markdown tree (the generated pages
  included) and a Zensical config derived from mkdocs.yml are written under build/zensical/ (never into docs/);
- render: Zensical, in this process, on that tree: it converts every page with the site's Markdown extension
  (hooks.extension), which finds this run's Build in ``extension.RUNS`` and does each page's work there;
- finish, on the written files: the whole-site checks (the pages' Markdown links and anchors among them,
  which Zensical is told not to check), backlinks, share tags and cards, the phrase breaks and the security
  policy; every problem is printed at once, and any error (with ``--strict``, any warning) exits 1.
"""

from __future__ import annotations

import functools
import http.server
import os
import posixpath
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec
import yaml

from . import cards, extension, opendata
from .build import Build, escape_meta, format_problems, split
from .links import nav_entries
from .model import Origin, Problem
from .pages import FRONT_MATTER
from .words import command_parser

_DEFAULT_EXCLUDES = ".*\n/templates/\n"  # what MkDocs leaves out of the docs before exclude_docs
# Keys of mkdocs.yml that Zensical does not read, or that this adapter does itself.
_DROPPED = ("hooks", "validation", "exclude_docs", "watch", "strict", "site_dir", "docs_dir")
# While serving: each page asks for the number of the build it shows, and reloads when a newer one is written.
_RELOAD = "<script>setInterval(()=>fetch('/.build').then(r=>r.text()).then(n=>n!=='{}'&&location.reload()),1000)</script>"


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml read without MkDocs: !ENV as MkDocs resolves it, Python tags as the dotted names Zensical takes."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    values = [node] if isinstance(node, yaml.ScalarNode) else list(node.value)
    default = loader.construct_object(values.pop()) if len(values) > 1 else None
    for name in map(loader.construct_scalar, values):
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix.replace("material.extensions", "zensical.extensions")
)
_ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/object/apply:",
    lambda loader, suffix, node: {
        "object": suffix,
        "kwds": loader.construct_mapping(node, deep=True).get("kwds", {}) if isinstance(node, yaml.MappingNode) else {},
    },
)


def load_config(path: Path) -> dict:
    """mkdocs.yml as plain data."""
    return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader) or {}


def zensical_config(config: dict, root: Path, out: Path, run: str) -> dict:
    """The config Zensical reads from ``out``: the staged docs and site there, the theme overrides copied beside them,
    the site's Markdown extension told the key of this ``run``, no link check (finish does it, as MkDocs would).

    The copy leaves out partials/search.html (Material's search box): Zensical's interface brings its own, and
    main.html points it at our worker (docs/assets/search-worker.js), which speaks both interfaces' protocols.
    """
    made = {key: value for key, value in config.items() if key not in _DROPPED}
    made |= {"docs_dir": "docs", "site_dir": "site", "validation": False}
    listed = [entry for entry in config.get("markdown_extensions") or [] if entry != extension.NAME]
    made["markdown_extensions"] = [*listed, {extension.NAME: {"run": run}}]  # its processors have their own places
    theme = made["theme"] = {"variant": "classic", **(made.get("theme") or {})}  # Zensical's default look is 'modern'
    if theme.get("custom_dir"):
        shutil.rmtree(out / "theme", ignore_errors=True)
        skip = lambda folder, names: ["search.html"] if Path(folder).name == "partials" else []  # noqa: E731
        shutil.copytree(root / theme["custom_dir"], out / "theme", ignore=skip)
        theme["custom_dir"] = "theme"
    names = [entry if isinstance(entry, str) else next(iter(entry)) for entry in config.get("plugins") or []]
    made["plugins"] = [{"search": {}}] if "search" in names else []  # 'lang' is not one of Zensical's options
    return made


# MkDocs' conventions, without MkDocs: which files are pages, their URLs, the nav's order and titles, front matter.


def doc_files(docs: Path, excludes: str | None) -> list[str]:
    """Every file under docs/ that MkDocs would read (its default exclusions and exclude_docs applied)."""
    spec = pathspec.GitIgnoreSpec.from_lines((_DEFAULT_EXCLUDES + (excludes or "")).splitlines())
    return [
        src
        for src in (p.relative_to(docs).as_posix() for p in sorted(docs.rglob("*")) if p.is_file())
        if not spec.match_file(src)
    ]


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL (from the site root) of a page, as MkDocs writes it."""
    stem = posixpath.splitext(src)[0]
    folder, name = posixpath.split(stem)
    if not directory_urls:
        return stem + ".html"
    return (folder + "/" if folder else "") if name in ("index", "README") else stem + "/"


def output_path(url: str) -> str:
    """The written file of a page's URL."""
    return url + "index.html" if url.endswith("/") or not url else url


def split_front_matter(raw: str) -> tuple[str, dict]:
    """(the Markdown body, the meta) of a page, as MkDocs' get_data splits it; no meta when there is no readable one."""
    found = FRONT_MATTER.match(raw)
    try:
        meta = yaml.safe_load(found.group(1)) if found else None
    except yaml.YAMLError:
        meta = None
    return (raw[found.end() :].lstrip("\n"), meta) if found and isinstance(meta, dict) else (raw, {})


# The three stages.


@dataclass
class Staged:
    """What prepare made under ``out``: each page's URL, title (from the nav or front matter) and description."""

    out: Path
    urls: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)


def prepare(build: Build, root: Path, config: dict, out: Path) -> Staged:
    """Every page's file checked by the build; the Markdown tree and Zensical's config written under ``out``."""
    docs, staged = root / config.get("docs_dir", "docs"), Staged(out)
    shutil.rmtree(out / "docs", ignore_errors=True)
    sources: dict[str, str] = {}
    files = doc_files(docs, config.get("exclude_docs"))
    for src in files:
        if src.endswith(".md"):
            raw = (docs / src).read_bytes()
            keep, text = build.check_page_file(src, raw)
            if keep:
                sources[src] = raw.decode("utf-8-sig") if text is None else text
        else:
            (out / "docs" / src).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(docs / src, out / "docs" / src)
    sources.update(build.records.generated)
    staged.urls = {src: page_url(src, config.get("use_directory_urls", True)) for src in sources}
    entries = nav_entries(config.get("nav"))
    build.set_pages([src for _, src in entries if src in sources], staged.urls)
    build.check_nav(config.get("nav"), {*files, *build.records.generated}, sources)
    build.site_url, build.site_name = config.get("site_url"), config["site_name"]
    nav_titles = {src: title for title, src in entries if title}
    for src, raw in sources.items():
        body, meta = split_front_matter(raw)
        if src in nav_titles or isinstance(meta.get("title"), str):
            staged.titles[src] = nav_titles.get(src) or meta["title"]
        if isinstance(meta.get("description"), str):
            staged.descriptions[src] = meta["description"]
        title = config["site_name"] if not staged.urls[src] else staged.titles.get(src, "")
        meta["page_info"] = build.page_info(src, body, staged.urls[src], title, config)
        # Zensical writes front matter values into the page as they are: the staged ones are escaped.
        head = yaml.safe_dump(escape_meta(meta), allow_unicode=True, sort_keys=False, width=1 << 30)
        (out / "docs" / src).parent.mkdir(parents=True, exist_ok=True)
        (out / "docs" / src).write_text(f"---\n{head}---\n\n{body}", encoding="utf-8")
    for path, body in opendata.files(build.records.data, staged.urls, config.get("site_url"), config["site_name"]).items():
        (out / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (out / "docs" / path).write_bytes(body)
    made = yaml.safe_dump(zensical_config(config, root, out, str(id(build))), allow_unicode=True, sort_keys=False)
    (out / "mkdocs.yml").write_text(
        "# Made by python -m hooks.zensical_build from mkdocs.yml; a build output.\n" + made, encoding="utf-8"
    )
    return staged


def render(build: Build, staged: Staged) -> str | None:
    """Zensical on the staged tree, in this process, with this build for its pages; what stopped it, or None."""
    import zensical  # here: the MkDocs side of the project does not need it installed

    extension.RUNS[str(id(build))] = build
    try:
        zensical.build(str(staged.out / "mkdocs.yml"), {"clean": True, "strict": False})
    except Exception as error:  # Zensical stopped (its own error, or one raised in a conversion): one problem
        return str(error)
    finally:
        del extension.RUNS[str(id(build))]
    return None


def finish(build: Build, staged: Staged, site: Path, config: dict, root: Path) -> None:
    """The whole-site checks, then on every written page its links to records and backlinks, its share tags and card
    (as the MkDocs adapter's extrahead block puts them in), its phrase breaks and its security policy."""
    pages = {output_path(url) for url in staged.urls.values()}
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - pages
    build.check_rendered({src: staged.titles.get(src) or build.headings.get(src) for src in staged.urls}, files)
    name, cache = config["site_name"], root / ".cache" / "cards"
    for src, url in staged.urls.items():
        path = site / output_path(url)
        if not path.is_file():
            hint = "ビルドをやり直し、直らなければ Zensical の出力を確かめる。"
            build.engine_problem(build.link_origin(src, ""), "Zensical がこのページを書き出さなかった。", hint)
            continue
        title = build.titles[src][0] if url else name
        about = staged.descriptions.get(src) or config.get("site_description") or ""
        share = cards.write_card_and_tags(title, about, url, config.get("site_url"), name, cache, site)
        page = build.fill_links(path.read_text(encoding="utf-8"), url).replace("</head>", share + "</head>", 1)
        path.write_text(build.with_policy(page), encoding="utf-8")
    for path in site.glob("404.html"):
        path.write_text(build.with_policy(path.read_text(encoding="utf-8")), encoding="utf-8")


def build_site(
    root: Path, config_file: str, out: Path, serving: bool = False, last_good: dict | None = None
) -> tuple[list[Problem], list[Problem]]:
    """Prepare, render, finish; the problems as (errors, warnings), all printed, with the time of each stage.

    ``last_good``: while serving, kept between builds (see Build).
    """
    times = [time.perf_counter()]
    config = load_config(root / config_file)
    build = Build(root, config.get("docs_dir", "docs"), config_file, serving=serving, last_good=last_good)
    staged = prepare(build, root, config, out)
    times.append(time.perf_counter())
    stopped = render(build, staged)
    times.append(time.perf_counter())
    if stopped is None:
        finish(build, staged, out / "site", config, root)
        times.append(time.perf_counter())
    else:
        build.engine_problem(
            Origin(config_file),
            f"Zensical が途中で止まったため、サイトを仕上げられなかった：{stopped}",
            "この問題を直してからビルドし直す。",
        )
    # The build's own problems too: when Zensical stopped, the whole-site checks that sort them did not run.
    errors, warnings = split([*build.problems, *build.errors, *build.warnings, *build.engine_problems])
    for line in build.not_in_nav:
        print(f"INFO    -  {line}", file=sys.stderr)
    for warning in warnings:
        print(f"WARNING -  {warning}", file=sys.stderr)
    if errors:
        print("ERROR   -  " + format_problems(errors, "サイトに直すべき問題がある"), file=sys.stderr)
    if serving and len(times) == 4:
        build.show_problems(out / "site")
    spent = "、".join(f"{name} {b - a:.2f} 秒" for name, a, b in zip(("準備", "描画", "仕上げ"), times, times[1:]))
    print(f"INFO    -  Zensical でサイトを {os.path.relpath(out / 'site')} に作った（{spent}）。", file=sys.stderr)
    return errors, warnings


def serve(root: Path, config_file: str, out: Path, address: str) -> None:
    """Build, serve out/site at ``address``; build again when the docs, the config, a watched file or the theme change."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    config = load_config(root / config_file)
    folders = [config.get("docs_dir", "docs"), *filter(None, [(config.get("theme") or {}).get("custom_dir")])]
    watched = [root / name for name in [*folders, config_file, *config.get("watch", [])]]
    builds, changed, last_good = [0], threading.Event(), {}

    class Changes(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            path = Path(os.fsdecode(event.src_path))
            if event.event_type in ("created", "modified", "deleted", "moved") and any(path.is_relative_to(w) for w in watched):
                changed.set()

    class Pages(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            """Only the builds' own output."""

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            path = path / "index.html" if self.path.split("?")[0].endswith("/") else path
            status = 200
            if self.path != "/.build" and path.suffix in (".html", "") and not path.is_file() and not path.is_dir():
                # A page that is not there (a slip removed it): the site's 404 page, which reloads like the others.
                path, status = out / "site" / "404.html", 404
            if self.path != "/.build" and (path.suffix != ".html" or not path.is_file()):
                return super().do_GET()
            page = str(builds[0]) if self.path == "/.build" else path.read_text(encoding="utf-8")
            body = page.replace("</body>", _RELOAD.format(builds[0]) + "</body>", 1).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    observer = Observer()
    observer.schedule(Changes(), str(root))
    for folder in folders:
        observer.schedule(Changes(), str(root / folder), recursive=True)
    build_site(root, config_file, out, serving=True, last_good=last_good)
    host, _, port = address.rpartition(":")
    server = http.server.ThreadingHTTPServer((host, int(port)), functools.partial(Pages, directory=str(out / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    observer.start()
    print(f"INFO    -  プレビューを http://{address}/ で表示している（Ctrl+C で止める）。", file=sys.stderr, flush=True)
    try:
        while True:
            if changed.wait(1):
                time.sleep(0.3)  # an editor's save is often several events
                changed.clear()
                try:
                    build_site(root, config_file, out, serving=True, last_good=last_good)
                except Exception as error:  # the server stays up; the next save builds again
                    print(f"ERROR   -  ビルドが途中で失敗した：{error!r}", file=sys.stderr)
                builds[0] += 1
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.shutdown()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: build (exit 1 on any error, or any warning with --strict), or serve."""
    parser, options = command_parser(
        "python -m hooks.zensical_build", "サイトを Zensical でビルドする（make build ENGINE=zensical）。"
    )
    options.add_argument("--root", type=Path, default=Path.cwd(), help="プロジェクトのフォルダー（既定：いまのフォルダー）")
    options.add_argument("-f", "--config-file", default="mkdocs.yml", help="サイトの設定ファイル（既定：mkdocs.yml）")
    options.add_argument("--out", type=Path, default=None, help="作業用のフォルダー（既定：build/zensical）")
    options.add_argument("--strict", action="store_true", help="警告でも失敗する（mkdocs build --strict と同じ）")
    options.add_argument("--serve", metavar="HOST:PORT", help="サイトを表示し、変更を保存するたびにビルドし直す")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / "build" / "zensical").resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.serve:
        serve(root, args.config_file, out, args.serve)
        return 0
    errors, warnings = build_site(root, args.config_file, out)
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
