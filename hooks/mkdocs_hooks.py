"""MkDocs adapter: hands each build event to hooks.site.Site and turns its problems into build errors.

All logic lives in plain modules beside this file; this file only translates MkDocs' events.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

# MkDocs loads this file by path; make the package beside it importable as `hooks`.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from hooks.data import COMPANIES, GLOSSARY, TIMELINE  # noqa: E402
from hooks.linkcheck import check_site  # noqa: E402
from hooks.render import GLOSSARY_PAGE, TIMELINE_PAGE  # noqa: E402
from hooks.site import Site, first_line, format_problems  # noqa: E402

log = logging.getLogger("mkdocs.hooks.deepseek")

# One Site per build. `mkdocs serve` keeps this module loaded, so on_config makes a new one each time.
_state: dict = {"site": None, "nav": []}


def _site() -> Site:
    return _state["site"]


def on_config(config):
    """Load and check the data files for this build."""
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve()
    _state["site"] = Site(root, docs_dir=docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs))
    _state["nav"] = []
    return config


def on_files(files, config):
    """Add the generated glossary, timeline and company pages (never written into docs/)."""
    site = _site()
    for src, content in site.generated.items():
        existing = files.get_file_from_path(src)
        if existing is not None and not existing.generated_by:
            raise PluginError(f"{site.shown(src)}: this page is generated from the data files; remove or rename the file.")
        files.append(File.generated(config, src, content=content))
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
    return _site().page_markdown(src, markdown, line, page.meta)


def on_page_content(html, page, config, files):
    """Link first mentions of terms and companies; record what the page mentions."""

    def url_of(src: str) -> str:
        return files.get_file_from_path(src).url

    enabled = page.meta.get("autolink", True) is not False
    return _site().page_html(page.file.src_uri, html, page.url, url_of, enabled)


@event_priority(-50)
def on_env(env, config, files):
    """Runs after every page is rendered: fill backlinks, then report every problem at once."""
    site = _site()
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    by_src = {p.file.src_uri: p for p in pages}
    order = [src for src in _state["nav"] if src in by_src] + sorted(set(by_src) - set(_state["nav"]))
    titles = {src: (by_src[src].title or src, by_src[src].url) for src in order}
    for page in pages:
        if page.content:
            page.content = site.fill_backlinks(page.file.src_uri, page.content, page.url, titles)
    errors, warnings = site.report(site.usage_problems(order))
    for warning in warnings:
        log.warning(str(warning))
    if errors:
        raise PluginError(format_problems(errors, "The site data or pages have problems"))
    return env


def on_page_context(context, page, config, nav):
    """Edit links of generated pages open the data file they come from."""
    if page.file.generated_by is not None and page.edit_url:
        data_file = (
            GLOSSARY if page.file.src_uri == GLOSSARY_PAGE else TIMELINE if page.file.src_uri == TIMELINE_PAGE else COMPANIES
        )
        docs_prefix = _site().docs_dir + "/"
        base = page.edit_url[: -len(page.file.src_uri)]
        base = base[: -len(docs_prefix)] if base.endswith(docs_prefix) else base
        page.edit_url = base + data_file
    return context


@event_priority(-50)
def on_post_build(config):
    """Check every internal link and #fragment in the written HTML."""
    broken = check_site(Path(config.site_dir), urlsplit(config.site_url or "/").path or "/")
    if broken:
        raise PluginError(format_problems([str(b) for b in broken], "Broken links in the built site"))
