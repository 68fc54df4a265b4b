"""The state of one build and its stages, independent of any engine.

Prepare: ``Build`` loads and checks the data and the pages' files. Render: the engine converts each page with
the site's Markdown extension (hooks.extension), which calls ``page_markdown`` (the page checked, its references
made links) and ``page_html`` (its learning blocks, made safe, its first mentions marked, its print parts) once
per page. Finish, once every page is rendered: ``check_rendered`` (the whole-site checks), ``fill_links`` (links to
records and backlinks) and ``with_policy`` on each written page. A build collects every problem instead of stopping
at the first: the adapter raises them together at the end, or shows them on every page when serving.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import kinds as registry
from . import pageinfo
from .data import keep_last_good, load_data, markdown_fields
from .learning import page_extras
from .links import check_raw_links, ids_in, line_of, link_problem, nav_entries, nav_problem, raw_links, where_written
from .model import Markdown, Origin, Problem
from .pages import duplicate_ids, read_front_matter
from .phrases import add_breaks_to_body
from .refs import Ref, check_refs, replace_refs
from .render import render_problem_panel
from .safety import UNSAFE_LINK, defuse_html, markdown_problems
from .site import Backlinks, Links, Records
from .teaching import print_parts
from .yamlsrc import LineDict, decode

# Where the theme writes its inline scripts, which the Content-Security-Policy allows by their hash.
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_CHARSET = '<meta charset="utf-8">'
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
# Said of a page the nav does not list: not a problem (a page can be meant for links only), but said at every build.
NOT_IN_NAV = "mkdocs.yml の nav にないページである。サイトには出るが、ナビゲーションとページ下部の「前へ／次へ」からはたどれない。載せるなら nav に加える。"


@dataclass
class PageSource:
    """What the build knows of a page before MkDocs renders it."""

    shown: str  # how messages name it: its path from the project root, or its data file
    generated: bool
    texts: list[Markdown] = field(default_factory=list)  # the Markdown shown on it, with where each text starts
    unreadable: bool = False  # not UTF-8: that is its one problem, nothing else of it is checked
    raw: str = ""  # a hand-written page's file as written, front matter included
    front_matter: LineDict | None = None  # its front matter with the line of every key, read once
    autolink: bool = True  # False: 'autolink: false' in its front matter


class Build:
    """One build: its records, links and backlinks, the pages' sources, and every problem found so far."""

    def __init__(
        self,
        root: Path,
        docs_dir: str = "docs",
        config_file: str = "mkdocs.yml",
        serving: bool = False,
        last_good: dict | None = None,
    ) -> None:
        """Load and check the data of every kind under ``root`` (the registry's, read when the build starts); nothing is raised.

        ``last_good`` (while serving: kept by the server between builds) makes a data file with a fault show its
        last records without one, so one slip does not take pages away from the preview.
        """
        self.root = root
        self.docs_dir = docs_dir
        self.serving = serving
        self.timings: dict[str, float] = {}
        with self.timed("load and validate"):
            data, self.problems = load_data(root, registry.KINDS)
            self.kept = keep_last_good(data, last_good) if last_good is not None else []
        with self.timed("generated pages"):
            self.records = Records(data, registry.PAGES)
        self.links = Links(self.records)
        self.backlinks = Backlinks(self.records)
        self.engine_problems: list[Problem] = []  # what went wrong in the engine's run (Zensical's: a page not written)
        # What the extension found on each rendered page: its element ids, its Markdown links, its h1's text.
        self.ids: dict[str, set[str]] = {}
        self.page_links: dict[str, list[str]] = {}
        self.headings: dict[str, str] = {}
        self.site_url: str | None = None  # set by the adapter from the config: the print parts name the page's address
        self.site_name = ""
        self.titles: dict[str, tuple[str, str]] = {}
        self.order: list[str] = []
        self.urls: dict[str, str] = {}
        self.not_in_nav: list[str] = []  # a line for each page the nav does not list (check_nav)
        self.started = time.perf_counter()
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.sources = {src: PageSource(self.shown(src), True, markdown_fields(data, src)) for src in self.records.generated}
        config_path = root / config_file
        config_text = config_path.read_text(encoding="utf-8-sig") if config_path.is_file() else ""
        self.config_text = Markdown(config_text, Origin(config_file, 1))  # where nav entries are written
        self._dates: dict[str, date] | None = None

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        """Add the CPU time spent in the block to a phase (reported by the benchmark).

        CPU time, not wall time: on a machine that other work shares, the wall time of a phase grows with the load.
        """
        start = time.process_time()
        try:
            yield
        finally:
            self.timings[phase] = self.timings.get(phase, 0.0) + time.process_time() - start

    def shown(self, src: str) -> str:
        """How a page is named in messages: its path from the project root."""
        return f"{self.docs_dir}/{src}"

    # Files: the generated pages join the documentation files; unreadable pages are reported.

    def check_page_file(self, src: str, raw: bytes) -> tuple[bool, str | None]:
        """Whether to keep a hand-written page's file, and its text when it must be read with replacements.

        A file named like a generated page is not kept (the generated page takes its place); one
        that is not UTF-8 is reported and read with replacement characters, so the build goes on.
        """
        shown = self.shown(src)
        if src in self.records.generated:
            self.problems.append(
                Problem(
                    Origin(shown, 1),
                    f"このページは {self.records.data_file_of(src)} から作られるため、同じ名前のこのファイルは使われない。",
                    "このファイルを消すか、名前を変える。",
                )
            )
            return False, None
        text, problem = decode(raw, shown)
        self.sources[src] = PageSource(shown, False, unreadable=problem is not None, raw=text)
        if problem is None:
            return True, None
        self.problems.append(problem)
        return True, text

    def set_pages(self, order: list[str], urls: dict[str, str]) -> None:
        """The reading order of the pages (the nav's) and each page's URL."""
        self.order = order
        self.urls = urls

    def check_nav(self, nav: list | None, files: set[str], pages: Iterable[str]) -> None:
        """The nav's page entries that lead nowhere, at their line of the config (``files``: every file of docs/), and
        the ``pages`` it leaves out (kept in ``not_in_nav``: no problem, the site is whole without them); a record's
        page is reached from its index, and only those the nav is meant to list count."""
        listed = [src for _, src in nav_entries(nav)]
        left_out = sorted(set(pages) - set(listed)) if nav else []
        records = self.records
        self.not_in_nav = [
            f"{self.shown(src)}: {NOT_IN_NAV}" for src in left_out if src not in records.generated or records.in_nav(src)
        ]
        for entry in listed:
            found = nav_problem(entry, files)
            if found is not None:
                origin = line_of(self.config_text, entry) or self.config_text.origin
                self.problems.append(Problem(origin, *found, warning=True))

    def url_of(self, src: str) -> str:
        """The URL of a page of this build."""
        return self.urls[src]

    # Markdown stage (the extension, before the page is parsed): references become Markdown links the engine resolves.

    def page_markdown(self, src: str, markdown: str, meta: dict | None = None) -> str:
        """Check one page's Markdown (its file as check_page_file read it) and resolve its references; problems are
        collected for the end of the build."""
        source = self.sources.setdefault(src, PageSource(self.shown(src), False))
        source.autolink = (meta or {}).get("autolink", True) is not False
        if source.unreadable:
            return markdown  # its encoding is reported; what was read of it would only give false problems
        raw = source.raw
        line = 1 if source.generated else first_line(raw, markdown)
        problems, refs = check_refs(markdown, Origin(source.shown, line), self.records.data)
        if not source.generated:  # the references of generated pages were checked where their data stands
            source.texts, source.raw = [Markdown(markdown, Origin(source.shown, line))], raw
            self.problems.extend(problems)
            self.problems.extend(self._page_problems(source, raw, meta))
            self.problems.extend(markdown_problems(markdown, Origin(source.shown, line), raw_html=True))
        if not self.records.indexes_all(src):
            self.backlinks.of(src).update(f"{ref.kind}:{ref.id}" for ref in refs)
        return self.markdown_links(src, markdown, refs)

    def markdown_links(self, src: str, markdown: str, refs: list[Ref] | None = None) -> str:
        """A page's Markdown with its references (found here unless given) made links, nothing checked."""
        if refs is None:
            _, refs = check_refs(markdown, Origin(self.shown(src)), self.records.data)
        return replace_refs(markdown, refs, lambda ref: self.links.markdown_link(src, ref))

    @staticmethod
    def _page_problems(source: PageSource, raw: str, meta: dict | None) -> list[Problem]:
        """A hand-written page's broken front matter, or its missing description."""
        source.front_matter, problem = read_front_matter(raw, source.shown)
        if problem is not None:
            return [problem]  # a broken front matter is reported as such, not as a missing description
        description = (meta or {}).get("description")
        if isinstance(description, str) and description.strip():
            return []
        return [
            Problem(
                Origin(source.shown, 1),
                "フロントマターに description（ページの説明）がない。",
                "ページの先頭に「---」「description: 一文の説明。」「---」の3行を書く（検索エンジンとリンクのプレビューが使う）。",
            )
        ]

    # HTML stage (the extension, once the page is HTML): made safe, its mentions linked, what the finish needs kept.

    def page_html(
        self,
        src: str,
        content: str,
        page_url: str,
        links: Iterable[str] = (),
        printed: bool = True,
    ) -> str:
        """A page's content HTML as the engine holds it until it is written: its quiz and answers, made safe, its first
        mentions (unless its front matter says 'autolink: false') and references marked as links (``fill_links``
        completes them), its print parts (unless not ``printed``); its ids, Markdown ``links`` and h1 are kept for the
        whole-site checks."""
        source = self.sources.get(src)
        content = self.page_content(src, content)
        if source is not None:
            # Read for the last time (its quiz): MkDocs holds every page until the last is written, and the files held
            # till then (5.6 MiB at 1,000 pages) made the build's peak 5.5 MiB higher (measured 2026-12-06).
            source.raw = ""
        found = set() if self.records.indexes_all(src) else self.backlinks.of(src)  # kept for backlinks
        content = self.links.linked(src, content, source is None or source.autolink, found)
        self.backlinks.keep(src)
        content = self.print_parts(src, content, page_url) if printed else content
        heading = _H1.search(content)
        self.ids[src], self.page_links[src] = ids_in(content), list(links)
        self.headings[src] = _text(heading.group(1)) if heading else ""
        return content

    def print_parts(self, src: str, content: str, page_url: str) -> str:
        """An article page's parts for print (hooks.teaching), dated by the page's last change; other pages as they are."""
        return print_parts(content, page_url, self.site_url or "", self.site_name, self.updated(src))

    def page_content(self, src: str, content: str) -> str:
        """The page's HTML with its quiz and answers for print, made safe, its heading ids checked."""
        source = self.sources.get(src)
        if source is not None and not source.generated and not source.unreadable:
            content = page_extras(content, source.front_matter, source.raw, source.shown, self.problems)
        content, defused = defuse_html(content)
        if defused and source is not None and not any(p.origin.file == _file_of(source) for p in self.problems):
            self.problems.append(
                Problem(
                    source.texts[0].origin if source.texts else Origin(source.shown),
                    "ページの HTML にあったスクリプト、イベントハンドラーか安全でないリンクを取り除いた。",
                    "Markdown で書き、リンクはページか https: のアドレスだけにする。",
                )
            )
        if source is not None and not source.generated:
            self.problems.extend(duplicate_ids(content, source.texts[0] if source.texts else Markdown("", Origin(source.shown))))
        return content

    # Finish: every page is rendered.

    def check_rendered(self, titles: dict[str, str | None], static: set[str]) -> None:
        """Usage warnings and the raw HTML link check, once every page is rendered; ``titles`` maps each page to its title."""
        order = [src for src in self.order if src in titles] + sorted(set(titles) - set(self.order))
        self.titles = {src: (titles[src] or src, self.urls[src]) for src in order}
        links = {
            src: [link for text in self.sources[src].texts for link in raw_links(text)]
            for src in order
            if src in self.sources and not self.sources[src].generated
        }
        shown = {self.urls[src]: self.sources[src].shown if src in self.sources else src for src in order}
        ids = {self.urls[src]: self.ids.get(src, set()) for src in order}
        for src, found in links.items():
            self.problems.extend(check_raw_links(found, self.urls[src], shown, ids, static))
        self.problems.extend(self.link_problems(static))
        self.errors, self.warnings = split(self.problems + self.backlinks.unmentioned(self.titles))
        # Only these checks read each page's ids and Markdown links: let go before the pages are written (at 1,000
        # pages 2.5 MiB less at the build's peak, measured 2026-12-06).
        self.ids.clear()
        self.page_links.clear()

    def link_problems(self, files: set[str]) -> list[Problem]:
        """Each page's Markdown links and anchors that lead nowhere, at the line that holds them, once every page is
        rendered; ``files`` are the site's other files (docs-relative). An unsafe link is reported as such only."""
        unsafe = {p.origin for p in self.problems if p.message.startswith(UNSAFE_LINK)}
        problems = []
        for src, links in self.page_links.items():
            for link in dict.fromkeys(links):
                found = link_problem(src, link, self.ids, files)
                origin = self.link_origin(src, link) if found else None
                if found and origin not in unsafe:
                    problems.append(Problem(origin, *found, warning=True))
        return problems

    def fill_links(self, page: str, page_url: str) -> str:
        """A page (its content or the whole written file) with its links to records and its backlink markers filled, once
        every page is rendered."""
        return self.backlinks.filled(self.links.filled(page, page_url, self.url_of), page_url, self.titles)

    def page_file_path(self, src: str) -> str:
        """The file a page is written in, from the project root: its Markdown, or the data file of a generated page."""
        return self.records.data_file_of(src) if src in self.records.generated else self.shown(src)

    def updated(self, src: str) -> date | None:
        """When a page last changed: its file's last commit (one git call for the build), else the file's date."""
        if self._dates is None:
            with self.timed("last commit dates"):
                files = sorted({self.page_file_path(name) for name in self.sources})
                self._dates = pageinfo.last_commit_dates(self.root, files)
        path = self.page_file_path(src)
        return self._dates.get(path) or pageinfo.file_date(self.root / path)

    def page_info(self, src: str, markdown: str, page_url: str, title: str, config: dict) -> dict[str, str]:
        """What the theme shows about a page (hooks.pageinfo): its place, reading time, last update, share and report links."""
        title = title or pageinfo.markdown_title(markdown)
        share = pageinfo.share_links(page_url, config.get("site_url"), title, config.get("site_name") or "")
        report = pageinfo.report_url(config.get("repo_url"), config.get("edit_uri"))
        # Read as it is shown: its references as the links they become.
        markdown = self.markdown_links(src, markdown)
        return pageinfo.page_info(src, markdown, self.order, self.updated(src), share, report)

    def with_policy(self, output: str) -> str:
        """The written page with line breaks between its phrases, and a Content-Security-Policy for its scripts (not
        while serving: live reload injects one)."""
        with self.timed("phrase breaks"):
            output = add_breaks_to_body(output)
        if self.serving:
            return output
        with self.timed("security policy"):
            return output.replace(_CHARSET, _CHARSET + csp_meta(output), 1)

    def show_problems(self, site_dir: Path) -> None:
        """While serving: put a panel listing every problem, MkDocs' own included, at the top of every written page."""
        problems = self.reported()
        if not problems:
            return
        panel = render_problem_panel(problems, self.kept)
        for path in site_dir.rglob("*.html"):
            page = path.read_text(encoding="utf-8")
            path.write_text(_insert_after_body(page, panel), encoding="utf-8")

    def reported(self) -> list[Problem]:
        """Every problem of the build once its whole-site checks have run, sorted, without repeats."""
        return sorted({*self.errors, *self.warnings, *self.engine_problems}, key=Problem.sort_key)

    def link_origin(self, src: str, link: str) -> Origin:
        """Where a link of a page is written: the page's line, or the data file's for a generated page."""
        source = self.sources.get(src)
        return where_written(source.texts if source else [], link) or Origin(self.shown(src))

    def engine_problem(self, origin: Origin, message: str, hint: str) -> None:
        """Keep what went wrong in the engine's run, as an error."""
        self.engine_problems.append(Problem(origin, message, hint))


def split(problems: Iterable[Problem]) -> tuple[list[Problem], list[Problem]]:
    """Problems sorted and without repeats, split into (errors, warnings)."""
    unique = sorted(set(problems), key=Problem.sort_key)
    return [p for p in unique if not p.warning], [p for p in unique if p.warning]


def escape_meta(meta: dict) -> dict:
    """A page's front matter with its text values escaped, in place: the themes write them into the page as they are."""
    for key, value in meta.items():
        if isinstance(value, str):
            meta[key] = html.escape(value)
    return meta


def format_problems(problems: Iterable[object], title: str) -> str:
    """One message for many problems: a count, then one line each."""
    problems = list(problems)
    return "\n".join([f"{title}（{len(problems)} 件）："] + [f"  {p}" for p in problems])


def build_summary(build: Build, strict: bool = False) -> str:
    """The one line a build prints after its problems: the time since it started, the count (with ``strict``, that the
    warnings fail it: the engine's own last line says so in English), the files shown as they were."""
    problems = build.reported()
    seconds, kept = time.perf_counter() - build.started, build.kept
    errors = sum(not p.warning for p in problems)
    counts = [f"{name} {count} 件" for name, count in (("エラー", errors), ("警告", len(problems) - errors)) if count]
    found = f"{'、'.join(counts)}がある。" if problems else "問題はない。"
    if strict and len(problems) > errors:
        found += "--strict のビルドは警告でも失敗する。上の警告を直してからビルドし直す。"
    shown = f"{'、'.join(kept)} は直すまで前の正しい内容で表示している。" if kept else ""
    return f"サイトをビルドした（{seconds:.2f} 秒）。{found}{shown}"


def first_line(raw: str, markdown: str) -> int:
    """The line of the raw file on which the Markdown body (after front matter) starts."""
    at = raw.find(markdown[:200]) if markdown else -1
    return raw.count("\n", 0, at) + 1 if at > 0 else 1


def _text(markup: str) -> str:
    """The text of a piece of HTML (a heading without its permalink)."""
    markup = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def _file_of(source: PageSource) -> str:
    """The file a page's problems are reported in."""
    return source.texts[0].origin.file if source.texts else source.shown


def csp_meta(page: str) -> str:
    """A Content-Security-Policy that lets the page run the site's own scripts and its inline scripts, by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _INLINE_SCRIPT.findall(page)
    )
    policy = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, quote=False)}">'


def _insert_after_body(output: str, panel: str) -> str:
    """The page with the panel as the first thing in its body."""
    found = re.search(r"<body[^>]*>", output)
    return output[: found.end()] + panel + output[found.end() :] if found else panel + output
