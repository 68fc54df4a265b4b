"""The real site, built strictly once: structure, language, ids, article text, learning aids, links."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config

from hooks.build import csp_meta
from tests.conftest import ROOT, site_pages, without_breaks
from tests.sitecheck import broken_links

# The source article as published (credited to Futurism), kept beside the tests so that the check
# that every sentence appears on the site runs anywhere.
SEED = ROOT / "tests" / "data" / "article.ja.txt"
SECTION_PAGES = ["article/cost-efficiency/", "article/us-response/", "article/deepseek-challenges/"]
ARTICLE_PAGES = ["article/lead/", *SECTION_PAGES]
AIDS = {"goals": "学習目標", "key-points": "要点", "background": "背景・補足", "questions": "考えてみよう", "sources": "出典"}


def page_html(site: Path, path: str) -> str:
    """The HTML of a page given by its URL path, without the line-break markup of its text."""
    file = site / (path + "index.html" if path == "" or path.endswith("/") else path)
    return without_breaks(file.read_text(encoding="utf-8"))


def text_of(markup: str) -> str:
    """Visible text of HTML: tags removed, entities decoded (scripts and styles dropped)."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", "", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def nav_pages() -> list[str]:
    """Docs-relative paths of every page in mkdocs.yml's nav."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    found: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                found.append(value)

    walk(config["nav"])
    return found


def test_every_nav_page_is_built(built_site: Path) -> None:
    """The nav holds every hand-written page and the index pages of the records; each entry has an HTML page."""
    pages = nav_pages()
    written = {path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs").rglob("*.md")}
    assert sorted(pages) == sorted(written | {"glossary.md", "timeline.md", "companies/index.md", "people/index.md"})
    for src in pages:
        url = (
            ""
            if src == "index.md"
            else src.removesuffix("index.md").removesuffix(".md") + ("/" if not src.endswith("index.md") else "")
        )
        assert (built_site / url / "index.html").is_file(), f"{src} was not built"


def test_pages_are_japanese_and_described(built_site: Path) -> None:
    """<html lang="ja"> and a meta description on every page."""
    for path in site_pages(built_site):
        markup = page_html(built_site, path)
        assert '<html lang="ja"' in markup, path
        if path != "404.html":
            assert re.search(r'<meta name="description" content="[^"]{10,}"', markup), f"{path}: no description"


def test_every_page_has_its_security_policy(built_site: Path) -> None:
    """Every written page, 404.html included, has one Content-Security-Policy, and it allows exactly its own inline scripts.

    Without a browser, so that the browser tests can look at one page per template; they check that the policy lets the theme work.
    """
    policies = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
    pages = site_pages(built_site)
    wrong = []
    for path in pages:
        page = page_html(built_site, path)
        found = policies.findall(page)
        if found != [csp_meta(page)]:
            wrong.append(f"{path or '/'}: {found[:2]}")
    assert len(pages) > 50 and not wrong, wrong


def test_no_third_party_assets(built_site: Path) -> None:
    """No link, script, img or CSS url() points off the site."""
    tags = re.compile(r"<(?:link|script|img|source|iframe)\b[^>]*>", re.I)
    offsite = re.compile(r"""\b(?:href|src)\s*=\s*["'](?:https?:)?//""", re.I)
    for path in site_pages(built_site):
        # rel=canonical names the page's public address; browsers do not fetch it.
        found = [t for t in tags.findall(page_html(built_site, path)) if offsite.search(t) and 'rel="canonical"' not in t]
        assert not found, f"{path}: {found}"
    for css in built_site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8"))
        assert not urls, f"{css.relative_to(built_site)}: {urls}"


def test_no_page_has_an_edit_button(built_site: Path) -> None:
    """The theme shows no edit button (content.action.edit is off; the report line under the text replaces it), so no
    page, generated ones included, needs an edit link."""
    for path in site_pages(built_site):
        page = page_html(built_site, path)
        assert "md-content__button" not in page and "/edit/main/" not in page, path


def test_scripts_do_not_hold_up_the_first_paint(built_site: Path) -> None:
    """Every script the page loads from a file is deferred (hooks/theme/main.html), so the page paints before it runs."""
    for path in site_pages(built_site):
        loaded = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page_html(built_site, path))
        assert loaded, f"{path}: no script loaded at all"
        blocking = [tag for tag in loaded if not re.search(r"\sdefer[\s>]", tag)]
        assert not blocking, f"{path}: {blocking}"


def test_no_numbered_heading_ids(built_site: Path) -> None:
    """Japanese headings keep meaningful ids, never MkDocs' fallback _1, _2, …"""
    for path in site_pages(built_site):
        ids = re.findall(r'<h[1-6][^>]*\bid="([^"]*)"', page_html(built_site, path))
        bad = [i for i in ids if re.fullmatch(r"_\d+", i)]
        assert not bad, f"{path}: {bad}"


def seed_sentences() -> tuple[list[str], list[str]]:
    """The seed article's section headings and every sentence of its paragraphs."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith("Source:")]
    headings = [line for line in body if not re.search(r"[。」）]$", line)]
    sentences = []
    for line in body:
        if line in headings:
            continue
        sentences += [s + "。" for s in line.split("。") if s.strip()]
    return headings, sentences


def test_seed_article_appears_complete(built_site: Path) -> None:
    """Every sentence and heading of the seed article stands in the built article pages."""
    headings, sentences = seed_sentences()
    assert (len(headings), len(sentences)) == (3, 38)  # the seed article's; a count that changes means the seed changed
    texts = [text_of(page_html(built_site, path)) for path in ARTICLE_PAGES]
    missing = [s for s in [*headings, *sentences] if not any(s in text for text in texts)]
    assert not missing, f"{len(missing)} article sentences missing, e.g. {missing[:3]}"
    for path in ARTICLE_PAGES:
        markup = page_html(built_site, path)
        assert 'class="article-text"' in markup and "出典：Futurism" in text_of(markup), path


@pytest.mark.parametrize("path", ARTICLE_PAGES)
def test_article_pages_have_learning_aids(built_site: Path, path: str) -> None:
    """学習目標 (3-5), 要点, 背景・補足, 考えてみよう (2-4 with answers), 出典 on every article page."""
    markup = page_html(built_site, path)
    for anchor, label in AIDS.items():
        assert re.search(rf'<h2 id="{anchor}">{label}', markup), f"{path}: no {label}"
    goals = markup.split('id="goals"')[1].split("<h2")[0]
    assert 3 <= goals.count("<li") <= 5, f"{path}: {goals.count('<li')} goals"
    questions = markup.split('id="questions"')[1].split("<h2")[0]
    assert 2 <= questions.count("<details") <= 4, path
    assert questions.count("<summary") == questions.count("<details")
    sources = markup.split('id="sources"')[1].split("</article>")[0]
    assert sources.count("<li") >= 3, f"{path}: too few sources"


def test_article_pages_link_terms_with_tooltips(built_site: Path) -> None:
    """Terms in the article pages are links to their pages in the glossary with their short definition as title."""
    markup = page_html(built_site, "article/cost-efficiency/")
    links = re.findall(r'<a class="xref xref-term[^"]*" href="([^"]+)" title="([^"]+)"', markup)
    assert len(links) >= 5
    assert all(re.fullmatch(r"\.\./\.\./glossary/[a-z0-9-]+/", href) and title.endswith("。") for href, title in links)


def test_glossary_index_and_term_pages(built_site: Path) -> None:
    """The glossary index lists every term under 五十音 rows, English last, each under its old anchor (glossary/#id)
    and linked to its own page; the term pages list the pages that use them."""
    from hooks.kinds import load as load_data

    data, problems = load_data(ROOT)
    assert not problems
    markup = page_html(built_site, "glossary/")
    rows = re.findall(r'<h2 id="gyo-([a-z]+)">', markup)
    order = ["a", "ka", "sa", "ta", "na", "ha", "ma", "ya", "ra", "wa", "latin"]
    assert rows == [r for r in order if r in rows] and rows[-1] == "latin"
    pages = {}
    for term in data.terms.values():
        assert f'<dt id="{term.id}"><a href="{term.id}/">' in markup, term.id
        pages[term.id] = page_html(built_site, f"glossary/{term.id}/")
        assert f'<h1 id="{term.id}">' in pages[term.id], term.id
    assert "backlinks" not in markup
    # The strict build fails on a term that no page mentions, so every term page lists the pages that mention it.
    without_backlinks = [ident for ident, page in pages.items() if '<ul class="backlinks">' not in page]
    assert without_backlinks == []
    assert "../../article/cost-efficiency/" in pages["reasoning-model"]


def test_footer_walks_the_reading_path(built_site: Path) -> None:
    """Next links go home → lead → section 1 → 2 → 3."""
    path = ""
    for expected in ["article/lead/", *SECTION_PAGES]:
        markup = page_html(built_site, path)
        found = re.search(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"', markup)
        assert found, f"{path or 'home'}: no next link"
        base = "http://x/" + path
        from urllib.parse import urljoin

        path = urljoin(base, found.group(1))[len("http://x/") :]
        assert path == expected


def test_build_writes_nothing_into_sources(real_build: tuple[Path, str, str]) -> None:
    """The strict build of the real site leaves docs/ and the data files byte for byte as they were."""
    _, before, after = real_build
    assert after == before


def test_every_link_of_the_real_site_resolves(built_site: Path) -> None:
    """Every href, src and #fragment of every written page (navigation and theme included) leads somewhere."""
    assert broken_links(built_site) == []


def test_article_blocks_hold_exactly_the_seed_text(built_site: Path) -> None:
    """The article blocks, in reading order, are the seed's paragraphs as they are: same text, no links, tooltips or other markup."""
    headings, _ = seed_sentences()
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    seed = [line for line in lines if not line.startswith("Source:") and line not in headings]
    written = []
    for path in ARTICLE_PAGES:
        blocks = re.findall(
            r'<section aria-label="記事本文" class="article-text">(.*?)</section>', page_html(built_site, path), re.S
        )
        assert len(blocks) == 1, path
        paragraphs = re.findall(r"<p>(.*?)</p>", blocks[0], re.S)
        assert re.sub(r"<p>.*?</p>|<p class=\"article-credit\">[^<]*</p>|\s", "", blocks[0], flags=re.S) == "", path
        written += paragraphs
    assert written == [html.escape(paragraph, quote=False) for paragraph in seed]
