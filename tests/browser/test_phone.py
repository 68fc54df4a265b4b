"""The pages read as a Japanese reader reads them, on a phone (390×844) and a laptop (1280×800), in one Chromium.

One page object per screen size visits one page per template and the pages that differ (the largest page of each
generated kind), each once; one script reads what the checks need from it (fonts, sizes, overflow, line breaks,
the share buttons, the dates), on both screens at once; the checks then run on what it returned.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.learning import page_quiz
from tests.conftest import ROOT, representative_pages

pytestmark = pytest.mark.browser

SCREENS = {"phone": (390, 844), "laptop": (1280, 800)}
# The first fonts of the site's Japanese stack (docs/assets/site.css), as the computed font-family begins.
JAPANESE_STACK = '"Hiragino Kaku Gothic ProN", "Hiragino Sans", "BIZ UDPGothic"'
# After these a line may break (and before the opening brackets): Japanese punctuation, spaces, dashes.
BREAK_AFTER = " \u3000\n\t、。，．,.・：:；;！!？?）)」』】〕〉》—–-/／〜～…"
BREAK_BEFORE = "（(「『【〔〈《／"

# What the page says about itself, read in the page. Reading text: visible text of the page's content (the
# article, its notes, questions, tables and boxes) and a shown tooltip; not the theme's chrome (header icons).
READ = r"""
([breakAfter, breakBefore, lines]) => {
  const content = document.querySelector("[data-md-component=content]") || document.querySelector(".md-content");
  const shown = (el) => { const box = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
  const sizes = [];
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  const breaks = [];
  let before = null;  // the last character seen: [text node, index, top, in a <wbr> gap]
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!node.data.trim() || !parent) continue;
    if (parent.closest("script, style, code, pre, .headerlink, .md-content__button, .print-answers") || !shown(parent)) {
      before = null;  // what stands between two texts is not checked: code, hidden text
      continue;
    }
    sizes.push([parseFloat(getComputedStyle(parent).fontSize), node.data.trim().slice(0, 30), parent.className || parent.tagName]);
    if (!lines) continue;
    if (parent.closest(".page-share, .page-position")) continue;  // a row of separate boxes, not a line of text
    const block = parent.closest("p, li, dd, dt, h1, h2, h3, h4, td, th, summary, legend, label, figcaption, div");
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (before && before.block === block && rect.top > before.top + rect.height / 2) {
        // A new line: allowed at a space or punctuation, or where the build put a <wbr> between the two characters.
        const a = before.node.data[before.i], b = node.data[i];
        const gap = document.createRange(); gap.setStart(before.node, before.i + 1); gap.setEnd(node, i);
        const wbr = gap.cloneContents().querySelector && gap.cloneContents().querySelector("wbr");
        // Between Latin letters (at a space or a hyphen) and between a Latin word and Japanese text is no word's inside.
        const latin = /[A-Za-z0-9%]/.test(a) || /[A-Za-z0-9]/.test(b);
        if (!breakAfter.includes(a) && !breakBefore.includes(b) && !/\s/.test(b) && !wbr && !latin)
          breaks.push(before.node.data.slice(Math.max(0, before.i - 8), before.i + 1) + "/" + node.data.slice(i, i + 8));
      }
      before = { node, i, top: rect.top, block };
    }
  }
  const paragraph = content.querySelector("p:not([class])") || content.querySelector("p");
  const share = document.querySelector(".page-share");
  const copy = document.querySelector(".page-share__copy");
  return {
    font: paragraph ? getComputedStyle(paragraph).fontFamily : "",
    heading: (content.querySelector("h1") && getComputedStyle(content.querySelector("h1")).fontFamily) || "",
    body: paragraph ? parseFloat(getComputedStyle(paragraph).fontSize) : 0,
    smallest: sizes.sort((x, y) => x[0] - y[0]).slice(0, 3),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    breaks: breaks.slice(0, 5),
    share: share ? [...share.querySelectorAll("a, button:not([hidden])")].map((el) => el.textContent.trim()) : [],
    copyUrl: copy ? copy.getAttribute("data-share-url") : null,
    updated: (document.querySelector(".page-dates__updated") || {}).textContent || "",
    scope: (document.querySelector(".page-dates__scope") || {}).textContent || "",
    lang: document.documentElement.lang,
  };
}
"""


# READ run from a timer, so that the call returns at once and both screens read their page together.
START_READ = "args => { window.__read = new Promise(done => setTimeout(() => done((" + READ.strip() + ")(args)))) }"


@pytest.fixture(scope="module")
def readings(browser, server: str, built_site: Path) -> dict[tuple[str, str], dict]:
    """What READ finds on one page per template and the pages that differ (conftest.representative_pages) of the
    MkDocs build, and on a missing address, at each screen size: (screen, page) → its findings."""
    pages = {}
    for screen, (width, height) in SCREENS.items():
        phone = screen == "phone"
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
        pages[screen] = context.new_page()
    found = {}
    for path in [*representative_pages(built_site), "no-such-page/"]:
        if path == "404.html":
            continue  # the missing address shows it as readers meet it
        for screen, page in pages.items():
            page.goto(server + path, wait_until="load")
            page.evaluate(START_READ, [BREAK_AFTER, BREAK_BEFORE, screen == "phone"])
        for screen, page in pages.items():
            found[(screen, path)] = page.evaluate("() => window.__read")
    for page in pages.values():
        page.context.close()
    return found


def failures(readings: dict, check) -> list[str]:
    """Every (screen, page) whose findings fail ``check`` (a function returning what is wrong, or None)."""
    return [f"{screen} {path or '/'}: {problem}" for (screen, path), seen in readings.items() if (problem := check(seen))]


def test_the_japanese_font_stack_is_the_computed_font(readings) -> None:
    """Body text and headings are set in the site's Japanese stack, not the theme's (Arial on Windows)."""
    bad = failures(
        readings,
        lambda seen: (
            None
            if seen["font"].startswith(JAPANESE_STACK) and (not seen["heading"] or seen["heading"].startswith(JAPANESE_STACK))
            else f"{seen['font'][:60]!r} / {seen['heading'][:60]!r}"
        ),
    )
    assert not bad, "\n".join(bad)


def test_no_reading_text_under_14px_and_body_text_16px_on_a_phone(readings) -> None:
    """At 390 px: body text ≥ 16 px; no visible text of the content (notes, questions, tables, boxes) under 14 px."""
    phone = {key: seen for key, seen in readings.items() if key[0] == "phone"}
    bad = failures(
        phone,
        lambda seen: (
            None
            if seen["body"] >= 16 and (not seen["smallest"] or seen["smallest"][0][0] >= 14)
            else f"body {seen['body']} px, smallest {seen['smallest']}"
        ),
    )
    assert not bad, "\n".join(bad)


def test_no_horizontal_overflow(readings) -> None:
    """No page is wider than its screen."""
    bad = failures(readings, lambda seen: f"{seen['overflow']} px wider" if seen["overflow"] > 0 else None)
    assert not bad, "\n".join(bad)


def test_lines_break_between_phrases_not_inside_words(readings) -> None:
    """At 390 px (read there only: it is the costly part) every line of the content ends at a space, after punctuation, or at a <wbr> the build put in."""
    phone = {key: seen for key, seen in readings.items() if key[0] == "phone"}
    bad = failures(phone, lambda seen: ", ".join(seen["breaks"]) or None)
    assert not bad, "\n".join(bad)


def test_every_page_has_share_buttons_and_every_content_page_its_dates(readings) -> None:
    """LINE, X and copy link on every page; 「最終更新」 and the scope on every content page (not the 404 page)."""
    wanted = ["LINEで送る", "Xでポストする", "リンクをコピー"]
    content = {key: seen for key, seen in readings.items() if key[1] != "no-such-page/"}
    bad = failures(content, lambda seen: None if seen["share"][:3] == wanted else f"share buttons: {seen['share']}")
    bad += failures(
        content,
        lambda seen: (
            None
            if seen["updated"].startswith("最終更新：2") and seen["scope"] == "2025年5月13日までの出来事を扱う。"
            else f"dates: {seen['updated']!r} {seen['scope']!r}"
        ),
    )
    assert not bad, "\n".join(bad)


def test_the_404_page_is_japanese_with_ways_back(browser, server: str) -> None:
    """A missing address shows a Japanese page with links home and to the reading path, and a search button."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    response = page.goto(server + "no-such-page/deeper/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "ページが見つからない"
    assert "Not found" not in page.content()
    home = page.get_by_role("link", name="ホームへ戻る")
    assert home.is_visible()
    home.click()
    page.wait_for_url(server)
    page.goto(server + "no-such-page/")
    page.get_by_role("button", name="サイト内を検索する").click()
    page.wait_for_function("document.getElementById('__search').checked")
    page.close()


def test_the_copy_button_copies_the_pages_address(browser, server: str) -> None:
    """「リンクをコピー」 puts the page's address (its canonical URL) on the clipboard and says so."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    page.goto(server + "article/lead/")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical and canonical.endswith("/article/lead/")
    page.get_by_role("button", name="リンクをコピー").click()
    page.wait_for_function("document.querySelector('.page-share__status').textContent.startsWith('リンクをコピーした')")
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    context.close()


def test_the_first_phone_screen_of_home_leads_into_the_reading_path(browser, server: str) -> None:
    """At 390×844 the home page says what the site is and shows a link to the lead inside the first screen."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server)
    link = page.locator("a[href='article/lead/']").first
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
    assert page.locator(".md-content p").first.bounding_box()["y"] < 844
    page.close()


def test_article_pages_say_where_they_stand_and_how_long_they_take(browser, server: str) -> None:
    """The lead says リード, §1–§3 say 第n節（全3節）, each with a reading time; previous/next name their pages."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    expected = {
        "lead": "リード",
        "cost-efficiency": "第1節（全3節）",
        "us-response": "第2節（全3節）",
        "deepseek-challenges": "第3節（全3節）",
    }
    for name, place in expected.items():
        page.goto(f"{server}article/{name}/")
        assert page.locator(".page-position__place").inner_text() == place
        assert page.locator(".page-position__time").inner_text().startswith("読む時間の目安：約")
        for direction in ("prev", "next"):  # every article page has both (the lead's previous page is home)
            title = page.locator(f".md-footer__link--{direction} .md-footer__title .md-ellipsis")
            assert title.count() == 1 and title.is_visible() and title.inner_text().strip(), (name, direction)
    page.close()


def test_the_quiz_gives_a_score_and_starts_again(browser, server: str) -> None:
    """After answering, 「n問中m問正解」; 「もう一度解く」 clears every answer."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server + "article/lead/")
    questions = page.locator(".quiz-question")
    total = questions.count()
    quiz, problems = page_quiz((ROOT / "docs" / "article" / "lead.md").read_text(encoding="utf-8"), "lead")
    assert not problems and total == len(quiz) > 0
    right = 0
    for i in range(total):
        option = questions.nth(i).locator("input[data-correct]" if i == 0 else "input:not([data-correct])").first
        option.check()
        right += 1 if i == 0 else 0
    score = page.locator(".quiz-score__text")
    assert score.inner_text() == f"{total}問中{right}問正解"
    assert score.get_attribute("role") == "status"
    page.get_by_role("button", name="もう一度解く").click()
    assert page.locator(".quiz-question input:checked").count() == 0
    assert page.locator(".quiz-question[data-result]").count() == 0
    assert not page.get_by_role("button", name="もう一度解く").is_visible()
    page.close()


# The pages of the screenshots: the Zensical build is checked on these (it renders every page from the same theme).
SAMPLE = ["", "article/lead/", "article/cost-efficiency/", "glossary/distillation/", "timeline/", "people/sam-altman/"]


def test_zensical_pages_read_the_same_on_a_phone(browser, zensical_server: str) -> None:
    """The Zensical build at 390 px: Japanese font, no text under 14 px, no overflow, share buttons, dates, 404."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    found = {}
    for path in SAMPLE:
        page.goto(zensical_server + path, wait_until="load")
        found[("phone", path)] = page.evaluate(READ, [BREAK_AFTER, BREAK_BEFORE, True])
    response = page.goto(zensical_server + "no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "ページが見つからない"
    assert page.get_by_role("link", name="ホームへ戻る").is_visible()
    context.close()
    bad = failures(
        found,
        lambda seen: (
            None
            if seen["font"].startswith(JAPANESE_STACK)
            and seen["body"] >= 16
            and seen["smallest"][0][0] >= 14
            and seen["overflow"] <= 0
            and not seen["breaks"]
            and seen["share"][:3] == ["LINEで送る", "Xでポストする", "リンクをコピー"]
            and seen["updated"].startswith("最終更新：2")
            else str(seen)
        ),
    )
    assert not bad, "\n".join(bad)
