"""Real-browser tests in headless Chromium: search recall, requests, axe, phone layout, tooltips, navigation."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import representative_pages, site_pages, templates, without_breaks

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "phone": 375}

# Queries a reader would type, each with the page it must find (among the first five results).
# Every query is also checked to stand verbatim (after NFKC) in that page's visible text.
QUERIES = [
    ("推論モデル", "glossary/reasoning-model/"),
    ("R1", "article/cost-efficiency/"),
    ("コスト効率", "article/cost-efficiency/"),
    ("AIチップ", "glossary/ai-chip/"),
    ("サーバー容量", "article/deepseek-challenges/"),
    ("市場シェア", "article/cost-efficiency/"),
    ("インフラ拡張", "article/lead/"),
    ("5,000億ドル", "article/us-response/"),
    ("保護主義", "article/us-response/"),
    ("ザッカーバーグ", "people/mark-zuckerberg/"),
    ("サム・アルトマン", "people/sam-altman/"),
    ("Reddit AMA", "people/sam-altman/"),
    ("ダリオ・アモデイ", "article/us-response/"),
    ("輸出制限", "article/us-response/"),
    ("一時的な猶予", "article/lead/"),
    ("透明性", "article/lead/"),
    ("o3-mini", "glossary/o3-mini/"),
    ("オープンソース", "glossary/open-source/"),
    ("オープンウェイト", "glossary/open-weights/"),
    ("reasoning model", "glossary/reasoning-model/"),
    ("open weights", "glossary/open-weights/"),
    ("export controls", "glossary/export-controls/"),
    ("mixture of experts", "glossary/mixture-of-experts/"),
    ("蒸留", "glossary/distillation/"),
    ("混合エキスパート", "glossary/mixture-of-experts/"),
    ("強化学習", "glossary/reinforcement-learning/"),
    ("思考の連鎖", "glossary/chain-of-thought/"),
    ("H800", "glossary/h800/"),
    ("H20", "glossary/h20/"),
    ("MITライセンス", "glossary/mit-license/"),
    ("時価総額", "timeline/"),
    ("App Store", "timeline/"),
    ("Garante", "timeline/"),
    ("オーストラリア", "timeline/"),
    ("梁文鋒", "companies/deepseek/"),
    ("深度求索", "companies/deepseek/"),
    ("孫正義", "companies/softbank/"),
    ("サンタクララ", "companies/nvidia/"),
    ("ウォールーム", "companies/meta/"),
    ("Llama 4", "companies/meta/"),
    ("MGX", "companies/mgx/"),
    ("Anthropic", "companies/anthropic/"),
    ("Oracle", "companies/oracle/"),
    ("スターゲート", "companies/stargate/"),
    ("CC BY 4.0", "about/"),
    # Full-width and half-width forms find the same words.
    ("ＡＩチップ", "glossary/ai-chip/"),
    ("ｻｰﾊﾞｰ容量", "article/deepseek-challenges/"),
]


def visible_text(site: Path, path: str) -> str:
    """A page's visible article text (no tags, no attributes), NFKC-normalized and lower-cased."""
    markup = (site / (path + "index.html" if path.endswith("/") or not path else path)).read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b.*?</\1>", "", without_breaks(markup), flags=re.S)
    return unicodedata.normalize("NFKC", html.unescape(re.sub(r"<[^>]+>", " ", markup))).lower()


@pytest.fixture(scope="module")
def page(browser, server):
    """A desktop page with its own context."""
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    page = context.new_page()
    yield page
    context.close()


def run_search(page, server: str, query: str) -> list[str]:
    """Type a query into the site's own search box; return result pages (URL paths) in order."""
    field = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    field.fill("")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('入力')")
    field.fill(query)
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('入力')", timeout=5000)
    assert meta.count() == 1
    hrefs = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


def test_query_set_is_grounded_in_pages(built_site: Path) -> None:
    """Each query stands verbatim on the page it must find (so the query set tests real content)."""
    assert len(QUERIES) >= 40
    missing = [(q, p) for q, p in QUERIES if unicodedata.normalize("NFKC", q).lower() not in visible_text(built_site, p)]
    assert not missing, missing


# Every Content-Security-Policy violation of a page, kept in window.__violations.
RECORD_VIOLATIONS = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)
# Zensical's search interface (0.0.73, in a shadow root) shows "No results" as soon as a query is typed, until its
# worker answers: the page keeps each answer, paired with the query it answers, so a test waits for the right one.
ZENSICAL_ANSWERS = """
const Original = window.Worker
window.__answers = []
window.Worker = class extends Original {
  constructor(...args) {
    super(...args)
    const asked = []
    const post = this.postMessage.bind(this)
    this.postMessage = message => (message.type === 2 && asked.push(message.data.input), post(message))
    this.addEventListener("message", event => event.data.type === 3 &&
      window.__answers.push({ input: asked.shift(), total: event.data.data.pagination.total }))
  }
}
"""


def run_zensical_search(page, query: str) -> list[str]:
    """Type a query into Zensical's search box; return result pages (URL paths) in order, once its answer is shown."""
    page.locator("input[role=combobox]").fill(query)
    page.wait_for_function(
        """query => {
          const answer = window.__answers.filter(a => a.input === query).pop()
          const root = [...document.body.children].map(e => e.shadowRoot).find(Boolean)
          const status = root && root.querySelector("[role=status]:has(+ [role=listbox])")
          const shown = answer && (answer.total ? `${answer.total} result` : "No results")
          return Boolean(shown && status && status.textContent.startsWith(shown))
        }""",
        arg=html.escape(query, quote=False),  # the interface sends the query HTML-escaped
        timeout=5000,
    )
    hrefs = page.locator("[role=listbox] a[role=option]").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


@pytest.fixture
def zensical_page(browser, zensical_server):
    """A desktop page of the Zensical build with its search box open, its worker's answers kept (closed after each test:
    its search interface keeps working while it stays open, about a tenth of a core)."""
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    context.add_init_script(ZENSICAL_ANSWERS)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(zensical_server)
    page.locator(".md-search__button").click()
    yield page
    context.close()


def recall(search) -> None:
    """Every query finds its page among the first five results of ``search`` (recall 100%)."""
    misses = []
    for query, expected in QUERIES:
        results = search(query)
        if expected not in results[:5]:
            misses.append(f"{query!r}: expected {expected}, got {results[:5]}")
    found = 1 - len(misses) / len(QUERIES)
    print(f"search recall: {found:.0%} ({len(QUERIES) - len(misses)}/{len(QUERIES)})")
    assert not misses, f"recall {found:.0%}; misses:\n" + "\n".join(misses)


def test_search_recall(page, server: str, built_site: Path) -> None:
    """Every query finds its page among the first five results in the site's search box (recall 100%)."""
    page.goto(server)
    page.locator("input.md-search__input").click()
    recall(lambda query: run_search(page, server, query))


def test_search_recall_on_zensical(zensical_page) -> None:
    """The same queries in the Zensical build's search box (its interface, our worker) find the same pages."""
    recall(lambda query: run_zensical_search(zensical_page, query))


def test_zensical_search_highlights(zensical_page) -> None:
    """Our worker's highlights (offsets into each result's HTML) mark the matched words; the policy is kept."""
    run_zensical_search(zensical_page, "ｻｰﾊﾞｰ容量")
    assert "サーバー容量" in zensical_page.locator("[role=listbox] mark").all_inner_texts()
    assert zensical_page.evaluate("window.__violations") == []


def test_search_highlights_and_suggests(page, server: str) -> None:
    """Results mark the matched words; a partial word is completed as a suggestion."""
    page.goto(server)
    page.locator("input.md-search__input").click()
    run_search(page, server, "推論モデル")
    marks = page.locator(".md-search-result mark").all_inner_texts()
    assert "推論モデル" in marks
    page.locator("input.md-search__input").fill("スターゲ")
    page.wait_for_function("() => document.querySelector('.md-search__suggest').textContent.startsWith('スターゲート')")


def test_search_documents_load_with_the_first_query(browser, server: str) -> None:
    """A page fetches only the search configuration; the documents come with the first query that has a word, once."""
    context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))
    page.goto(server + "article/lead/", wait_until="networkidle")
    assert "/search/search_index.json" in requests
    assert "/search/search_docs.json" not in requests
    page.locator("label.md-header__button[for=__search]").click()
    assert "glossary/reasoning-model/" in run_search(page, server, "推論モデル")[:5]
    assert "article/us-response/" in run_search(page, server, "輸出制限")[:5]
    assert requests.count("/search/search_docs.json") == 1
    context.close()


def test_search_terms_are_highlighted_on_the_page_found(page, server: str) -> None:
    """Following a result marks the query's words on that page (Material's search.highlight reads the configuration)."""
    page.goto(server + "glossary/distillation/?h=蒸留")
    page.wait_for_function("() => document.querySelectorAll('mark[data-md-highlight]').length > 0")
    assert "蒸留" in page.locator("mark[data-md-highlight]").first.inner_text()


def test_every_template_has_a_representative(built_site: Path) -> None:
    """The pages checked below hold one written page of each generated-page declaration (hooks.kinds.PAGES) and every
    other page: a new declaration or page is checked without a change here."""
    groups = templates(built_site)
    chosen = representative_pages(built_site)
    for name, paths in groups.items():
        picked = [path for path in paths if path in chosen]
        assert len(picked) == 1, f"{name}: {len(picked)} of its {len(paths)} pages checked"
    assert set(chosen) <= set(site_pages(built_site)), "a chosen page was not written"
    assert len(chosen) < len(site_pages(built_site)), "every page is its own template: nothing is left out"


# axe on the page, started from a timer so that the call returns at once: the pages of both widths run it together.
START_AXE = "options => { window.__axe = new Promise(done => setTimeout(() => done(axe.run(document, options)))) }"


def test_pages_accessible_local_and_fit(browser, server: str, built_site: Path) -> None:
    """One page per template and the pages that differ, at each width: only local requests, no axe violations,
    no sideways scrolling, a Content-Security-Policy and no violation of it; screenshots kept."""
    axe = Axe()
    shots = built_site / "_screenshots"
    shots.mkdir(exist_ok=True)
    local = urlsplit(server).netloc
    requests: dict[int, list[str]] = {width: [] for width in WIDTHS.values()}
    pages = {}
    for width in WIDTHS.values():
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_init_script(RECORD_VIOLATIONS)
        pages[width] = context.new_page()
        pages[width].on("request", lambda request, seen=requests[width]: seen.append(request.url))
    problems = []
    # Contrast depends on colours, not on the width: it is checked at the phone's width on every page, and at the
    # desktop's on the first page only, for what shows there alone (the theme's sidebars, the same on every page).
    # It is half of axe's time.
    every_rule = {"resultTypes": ["violations"]}
    but_contrast = {**every_rule, "rules": {"color-contrast": {"enabled": False}}}
    for number, path in enumerate(representative_pages(built_site)):
        for width, page in pages.items():
            requests[width].clear()
            page.goto(server + path, wait_until="load")
            page.evaluate(axe.axe_script)
            page.evaluate(START_AXE, every_rule if width == WIDTHS["phone"] or number == 0 else but_contrast)
        for width, page in pages.items():
            for violation in page.evaluate("() => window.__axe")["violations"]:
                targets = [n["target"] for n in violation["nodes"][:3]]
                problems.append(f"{path} @{width}px: axe {violation['id']} ({violation['impact']}) on {targets}")
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                problems.append(f"{path} @{width}px: scrolls sideways by {overflow}px")
            if page.locator("meta[http-equiv=Content-Security-Policy]").count() != 1:
                problems.append(f"{path}: no Content-Security-Policy")
            name = (path.strip("/").replace("/", "-") or "home").removesuffix(".html")
            page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=False)
            page.wait_for_load_state("networkidle")  # what the page loads late is among its requests too
            offsite = [u for u in requests[width] if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != local]
            if offsite:
                problems.append(f"{path} @{width}px: third-party requests {offsite}")
            if page.evaluate("window.__violations"):
                problems.append(f"{path} @{width}px: Content-Security-Policy violations {page.evaluate('window.__violations')}")
    for page in pages.values():
        page.context.close()
    assert not problems, "\n".join(problems)


def tooltip_text(page) -> str:
    """The text of Material's visible tooltip, or ''."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.md-tooltip2--active')]
               .map(e => e.textContent.trim()).join(' ')"""
    )


def short_definition(key: str) -> str:
    """The short definition the data gives for a key such as 'term:deepseek-r1'."""
    from hooks.kinds import load as load_data
    from tests.conftest import ROOT

    data, _ = load_data(ROOT)
    kind, ident = key.split(":", 1)
    return data.table(kind)[ident].short


def test_term_definition_on_hover_and_focus(page, server: str) -> None:
    """A term link shows its short definition on mouse hover and on keyboard focus."""
    page.goto(server + "article/cost-efficiency/")
    link = page.locator("a.xref-term").first
    definition = short_definition(link.get_attribute("data-ref"))
    link.hover()
    page.wait_for_function("() => document.querySelector('.md-tooltip2--active') !== null")
    assert definition in tooltip_text(page)
    page.mouse.move(0, 0)
    page.wait_for_function("() => document.querySelector('.md-tooltip2--active') === null")
    page.keyboard.press("Tab")  # move focus into the page, then to the link itself
    link.focus()
    page.wait_for_function("() => document.querySelector('.md-tooltip2--active') !== null")
    assert definition in tooltip_text(page)


def test_tooltips_one_at_a_time_on_a_page_of_many_links(page, server: str) -> None:
    """On the timeline (hundreds of links with a title), a tooltip exists only while shown: one at a time, described
    by aria-describedby, and the link gets its title back when the pointer leaves."""
    page.goto(server + "timeline/")
    assert page.locator("a.xref[title]").count() > 100
    assert page.locator(".md-tooltip2").count() == 0
    first, second = page.locator("a.xref-term").nth(0), page.locator("a.xref-company").nth(3)
    for link in (first, second):
        title = link.get_attribute("title")
        link.hover()
        page.wait_for_function("() => document.querySelectorAll('.md-tooltip2--active').length === 1")
        assert tooltip_text(page) == title
        assert link.get_attribute("aria-describedby") == page.locator(".md-tooltip2--active").get_attribute("id")
    assert first.get_attribute("title") and first.get_attribute("aria-describedby") is None
    page.mouse.move(0, 0)
    page.wait_for_function("() => document.querySelectorAll('.md-tooltip2').length === 0")
    assert second.get_attribute("title") and second.get_attribute("aria-describedby") is None


def test_term_definition_on_tap(browser, server: str) -> None:
    """On a touch screen the first tap shows the definition and stays; the second tap follows the link."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(server + "article/cost-efficiency/")
    link = page.locator("a.xref-term").first
    link.scroll_into_view_if_needed()
    before = page.url
    link.tap()
    page.wait_for_function("() => document.querySelector('.md-tooltip2--active') !== null")
    assert short_definition(link.get_attribute("data-ref")) in tooltip_text(page)
    assert page.url == before
    link.tap()
    page.wait_for_url("**/glossary/**")
    context.close()


def test_next_links_walk_the_reading_path(page, server: str) -> None:
    """Clicking 'next' in the footer goes home → lead → section 1 → 2 → 3."""
    page.goto(server)
    for expected in ["article/lead/", "article/cost-efficiency/", "article/us-response/", "article/deepseek-challenges/"]:
        page.locator("a.md-footer__link--next").click()
        page.wait_for_url(server + expected)
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_url(server + "article/us-response/")


def test_missing_page_shows_404(page, server: str) -> None:
    """An unknown address shows the site's 404 page, styled, with a way back home."""
    response = page.goto(server + "no/such/page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").first.text_content().strip() == "ページが見つからない"
    styles = page.locator("link[rel=stylesheet]").evaluate_all("links => links.map(link => link.href)")
    page.goto(server)
    assert styles and styles == page.locator("link[rel=stylesheet]").evaluate_all("links => links.map(link => link.href)")
    page.goto(server + "no/such/page/")
    page.locator(".md-header__button.md-logo").click()
    page.wait_for_url(server)


def test_security_policy_lets_the_theme_work(browser, server: str) -> None:
    """Search, the palette toggle and tooltips run under the Content-Security-Policy with no violation. (Each page's
    policy: test_pages_accessible_local_and_fit in the browser, and every written page in test_site_build.)"""
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(server + "article/cost-efficiency/")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("推論モデル")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    page.keyboard.press("Escape")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^=__palette]:visible").first.click()
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== '{scheme}'")
    page.locator("a.xref-term").first.hover()
    page.wait_for_function("() => document.querySelector('.md-tooltip2--active') !== null")
    assert page.evaluate("window.__violations") == []
    context.close()
