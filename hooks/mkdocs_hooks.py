"""MkDocs adapter: hands each build event to one hooks.build.Build and turns its problems into build errors.

All logic lives in plain modules beside this file; each event here only translates MkDocs' objects. Each page's
Markdown and HTML work is done by the site's Markdown extension (hooks.extension), to which on_page_markdown hands
the build and the page.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from html import escape, unescape
from pathlib import Path

# MkDocs loads this file by path; make the package beside it importable as `hooks`.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402

from hooks import cards, extension, opendata  # noqa: E402
from hooks.build import Build, build_summary, escape_meta, format_problems  # noqa: E402

log = logging.getLogger("mkdocs.hooks.deepseek")
_NOT_IN_NAV, _UNSET = InclusionLevel.NOT_IN_NAV, InclusionLevel.UNDEFINED


# The loggers of MkDocs' progress lines (cleaning, building, built in N seconds, serving, reloading): in English and
# said again at every rebuild of `mkdocs serve`. Set to warnings only; the build says its own lines in Japanese.
_PROGRESS_LOGGERS = ("mkdocs.commands.build", "mkdocs.commands.serve", "mkdocs.livereload")

# Whether this run serves the site: the command of the process, not state of a build.
_serving = False
# While serving: each data file's last records without a fault, shown while the file has one (Build's last_good).
_last_good: dict = {}
# The build lives on the config of its own run (MkDocs loads the config anew for every build, `mkdocs serve`
# rebuilds included), under this key.
_KEY = "deepseek_build"


def build_of(config) -> Build:
    """The build of this config, made by on_config."""
    return config[_KEY]


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this run serves the site (problems are then shown on the pages, not raised); without -v or -q,
    MkDocs' progress lines give way to the build's Japanese ones."""
    global _serving
    _serving = command == "serve"
    if logging.getLogger("mkdocs").getEffectiveLevel() == logging.INFO:
        for name in _PROGRESS_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)


def on_config(config):
    """Load and check the data files for this build."""
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve()
    docs_dir = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)
    last_good = _last_good if _serving else None
    build = config[_KEY] = Build(root, docs_dir, Path(config.config_file_path).name, serving=_serving, last_good=last_good)
    build.site_url, build.site_name = config.site_url, config.site_name
    if extension.NAME not in config.markdown_extensions:  # a config that does not list it (mkdocs.yml does)
        config.markdown_extensions.append(extension.NAME)
    return config


def on_serve(server, config, builder):
    """The dev server's address, said in Japanese; its 404 page gets the live-reload script too: a tab on a page that
    a slip removed comes back by itself.

    MkDocs 1.6 puts the script only into the pages it finds; its 404 page comes from ``error_handler``, which
    this wraps with the server's own injection, at the version of the site being shown.
    """
    error_page = server.error_handler

    def with_reload(code: int) -> bytes | None:
        page = error_page(code)
        return server._inject_js_into_html(page, server._visible_epoch) if page is not None and code == 404 else page

    server.error_handler = with_reload
    log.info(f"プレビューを {server.url} で表示している（Ctrl+C で止める）。")
    return server


def on_files(files, config):
    """Check each page's file and add the generated pages (never written into docs/).

    The first generated page (the glossary, hooks.kinds.PAGES) goes first: MkDocs converts pages in
    this order, and converting the largest page while few pages are held keeps the build's peak memory
    down. The others go last, so that the search index (in the same order) lists the article pages first.
    """
    build = build_of(config)
    kept = []
    for file in files:
        if file.is_documentation_page() and not file.generated_by and file.abs_src_path:
            keep, text = build.check_page_file(file.src_uri, Path(file.abs_src_path).read_bytes())
            if not keep:
                continue  # the generated page of that name takes its place
            if text is not None:
                file.content_string = text  # not UTF-8: read with replacements, and reported
        kept.append(file)
    # A record's page (and the word list) is reached from other pages, not the nav: declared so, MkDocs does not
    # list it among the pages missing from the nav on every rebuild (the hand-written ones stay listed).
    generated = [
        File.generated(config, src, content=content, inclusion=_UNSET if build.records.in_nav(src) else _NOT_IN_NAV)
        for src, content in build.records.generated.items()
    ]
    files = Files([*generated[:1], *kept, *generated[1:]])
    urls = {file.src_uri: file.url for file in files}
    made = opendata.files(build.records.data, urls, config.site_url, config.site_name)
    # Published although under data/, which exclude_docs keeps for the YAML sources.
    made = [File.generated(config, path, content=body, inclusion=InclusionLevel.INCLUDED) for path, body in made.items()]
    return Files([*files, *made])


def on_nav(nav, config, files):
    """Remember the reading order (for backlinks) and each page's URL; check the nav's entries, say the pages it leaves out."""
    build = build_of(config)
    pages = files.documentation_pages()
    build.set_pages([page.file.src_uri for page in nav.pages], {f.src_uri: f.page.url for f in pages if f.page})
    included = {file.src_uri for file in files if file.inclusion.is_included()}
    build.check_nav(config.nav, included, [f.src_uri for f in pages if f.inclusion.is_in_nav()])
    for line in build.not_in_nav:
        log.info(line)
    return nav


def on_page_markdown(markdown, page, config, files):
    """Hand the page and the build to the site's Markdown extension, which MkDocs loads anew for this page next.

    The theme writes front matter values (description, title) into the page unescaped, so they are
    escaped here: they are text.
    """
    build, src = build_of(config), page.file.src_uri
    escape_meta(page.meta)
    # Without its print parts: added after search has read the page (on_page_context).
    options = {"build": build, "src": src, "url": page.url, "meta": page.meta, "print": False, "markdown": markdown}
    config.mdx_configs[extension.NAME] = options
    title = config.site_name if page.is_homepage else unescape(page.title or "")
    page.meta["page_info"] = build.page_info(src, markdown, page.url, title, config)
    return markdown


def on_page_content(html, page, config, files):
    """Escape the page's title (from the nav or its h1): the theme writes it unescaped in the header, nav and footer."""
    if "title" not in page.meta:
        page.title = escape(page.title or "")
    return html


@event_priority(-50)
def on_env(env, config, files):
    """Runs after every page is rendered: links and anchors, usage warnings; errors wait for the end."""
    build = build_of(config)
    with build.timed("usage checks"):
        pages = {f.src_uri: f.page for f in files.documentation_pages() if f.page is not None}
        static = {f.src_uri for f in files if not f.is_documentation_page() and f.inclusion.is_included()}
        build.check_rendered({src: unescape(page.title or "") for src, page in pages.items()}, static)
        for warning in build.warnings:
            log.warning(str(warning))
    return env


@event_priority(-50)
def on_page_context(context, page, config, nav):
    """After the search plugin has read the page: its links to records, backlinks and print parts; its share tags and card."""
    build = build_of(config)
    with build.timed("links filled"):
        page.content = build.fill_links(page.content or "", page.url)
    page.content = build.print_parts(page.file.src_uri, page.content, page.url)
    title = config.site_name if page.is_homepage else unescape(page.title or "")
    about = unescape(page.meta.get("description") or config.site_description or "")
    cache, out = Path(config.config_file_path).resolve().parent / ".cache" / "cards", Path(config.site_dir)
    with build.timed("share cards"):
        context["share_meta"] = cards.write_card_and_tags(title, about, page.url, config.site_url, config.site_name, cache, out)
    return context


@event_priority(-50)
def on_post_page(output, page, config):
    """The page is written: its phrase breaks and security policy; its content, which search has read, is let go."""
    # MkDocs keeps every page's content until the build ends, though nothing reads it after this (measured: peak).
    page.content = None
    return build_of(config).with_policy(output)


def on_post_template(output_content, template_name, config):
    """Static pages of the theme (404.html) get the same security policy as the others."""
    return build_of(config).with_policy(output_content) if template_name.endswith(".html") else output_content


@event_priority(-50)
def on_post_build(config):
    """Raise every problem at once; when serving, show them on every page instead (the build stays usable)."""
    build = build_of(config)
    if os.environ.get("SITE_HOOK_TIMINGS"):
        # The benchmark reads the time of each phase from here.
        Path(os.environ["SITE_HOOK_TIMINGS"]).write_text(json.dumps(build.timings), encoding="utf-8")
    if _serving:
        for error in build.errors:
            log.error(str(error))
        build.show_problems(Path(config.site_dir))
    elif build.errors:
        raise PluginError(format_problems(build.errors, "サイトに直すべき問題がある"))
    log.info(build_summary(build, strict=config.strict))
