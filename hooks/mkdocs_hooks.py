"""MkDocs adapter: hands each build event to hooks.site.Site and turns its problems into build errors.

All logic lives in plain modules beside this file; this file only translates MkDocs' events.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

# MkDocs loads this file by path; make the package beside it importable as `hooks`.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from hooks.autolink import pack_edits, unpack_edits  # noqa: E402
from hooks.data import COMPANIES, GLOSSARY, TIMELINE  # noqa: E402
from hooks.linkcheck import check_site  # noqa: E402
from hooks.render import GLOSSARY_PAGE, TIMELINE_PAGE  # noqa: E402
from hooks.site import Site, data_edit_url, first_line, format_problems  # noqa: E402

log = logging.getLogger("mkdocs.hooks.deepseek")

# One Site per build. `mkdocs serve` keeps this module loaded, so on_config makes a new one each time.
_state: dict = {"site": None, "nav": [], "errors": [], "files": None, "edits": {}, "unlinked": {}, "titles": {}}


def _site() -> Site:
    return _state["site"]


def _url_of(src: str) -> str:
    """The URL of the page made from a Markdown file of this build."""
    return _state["files"].src_uris[src].url


def on_config(config):
    """Load and check the data files for this build."""
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve()
    _state["site"] = Site(root, docs_dir=docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs))
    _state.update(nav=[], errors=[], files=None, edits={}, unlinked={}, titles={})
    return config


def on_files(files, config):
    """Add the generated glossary, timeline and company pages (never written into docs/).

    The glossary goes first: MkDocs reads and converts pages in this order, and converting the largest
    page while few pages are held keeps the build's peak memory down. The others go last, so that the
    search index (in the same order) lists the article pages before them.
    """
    site = _site()
    generated = []
    for src, content in site.generated.items():
        existing = files.get_file_from_path(src)
        if existing is not None and not existing.generated_by:
            raise PluginError(f"{site.shown(src)}: this page is generated from the data files; remove or rename the file.")
        generated.append(File.generated(config, src, content=content))
    first = [file for file in generated if file.src_uri == GLOSSARY_PAGE]
    files = Files([*first, *files, *(file for file in generated if file.src_uri != GLOSSARY_PAGE)])
    _state["files"] = files
    return files


def on_nav(nav, config, files):
    """Remember the reading order, used to list backlinks."""
    _state["nav"] = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_markdown(markdown, page, config, files):
    """Resolve [[kind:id]] references into Markdown links."""
    src = page.file.src_uri
    generated = page.file.generated_by is not None
    line = 1 if generated else first_line(page.file.content_string, markdown)
    with _site().timed("references and mentions"):
        return _site().page_markdown(src, markdown, line, page.meta)


def on_page_content(html, page, config, files):
    """Find first mentions of terms and companies, and links to records; they are marked up after search has read the page."""
    enabled = page.meta.get("autolink", True) is not False
    with _site().timed("references and mentions"):
        edits = _site().page_links(page.file.src_uri, html, enabled, page.url, _url_of)
        _state["edits"][page.file.src_uri] = pack_edits(edits)
    return html


@event_priority(-50)
def on_env(env, config, files):
    """Runs after every page is rendered: warn about unused records, keep errors for the end."""
    site = _site()
    with site.timed("usage checks"):
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        by_src = {p.file.src_uri: p for p in pages}
        order = [src for src in _state["nav"] if src in by_src] + sorted(set(by_src) - set(_state["nav"]))
        _state["titles"] = {src: (by_src[src].title or src, by_src[src].url) for src in order}
        errors, warnings = site.report(site.usage_problems(order))
        for warning in warnings:
            log.warning(str(warning))
        _state["errors"] = errors
    return env


@event_priority(-50)
def on_page_context(context, page, config, nav):
    """After the search plugin has indexed the page: put in its links and backlinks; fix edit links.

    The links change no text, so the search index does not need them; leaving them out of what the
    search plugin parses keeps it from reading some fifty extra tags per page.
    """
    site = _site()
    src = page.file.src_uri
    with site.timed("links and backlinks put in"):
        packed = _state["edits"].pop(src, None)
        edits = unpack_edits(packed) if packed is not None else []
        content = site.put_in_links(page.content or "", edits, page.url, _url_of)
        _state["unlinked"][src] = page.content
        page.content = site.fill_backlinks(src, content, page.url, _state["titles"])
    if page.file.generated_by is not None:
        # Generated pages are edited in the data file they come from.
        data_file = GLOSSARY if src == GLOSSARY_PAGE else TIMELINE if src == TIMELINE_PAGE else COMPANIES
        page.edit_url = data_edit_url(config.repo_url, config.edit_uri, site.docs_dir, data_file)
    return context


@event_priority(-50)
def on_post_page(output, page, config):
    """The page is written: it keeps the content that the search plugin read, without links.

    MkDocs holds every page until the build ends; the linked copy (some fifty links per page, and the
    backlink lists) lives only while its page is rendered.
    """
    page.content = _state["unlinked"].pop(page.file.src_uri, page.content)
    return output


@event_priority(-50)
def on_post_build(config):
    """Check every internal link and #fragment in the written HTML; raise every problem at once.

    Data and reference errors wait until here so that one run also reports MkDocs' own link and
    anchor warnings and the broken links of the built site.
    """
    site = _site()
    with site.timed("post-build link check"):
        broken = check_site(Path(config.site_dir), urlsplit(config.site_url or "/").path or "/")
    if os.environ.get("SITE_HOOK_TIMINGS"):
        # The benchmark reads the time of each phase from here.
        Path(os.environ["SITE_HOOK_TIMINGS"]).write_text(json.dumps(site.timings), encoding="utf-8")
    files = _state["files"]
    sources = {f.dest_uri: site.shown(f.src_uri) for f in files.documentation_pages()} if files else {}
    problems = [str(p) for p in _state.get("errors", [])] + [b.describe(sources.get(b.page)) for b in broken]
    if problems:
        raise PluginError(format_problems(problems, "The site has problems"))
