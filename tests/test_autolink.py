"""hooks.autolink: the first mention of each term or company in a page's HTML becomes a link."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hooks.autolink import Mentions, autolink
from hooks.matcher import Matcher

MATCHER = Matcher(
    [
        ("推論モデル", "term:reasoning-model"),
        ("蒸留", "term:distillation"),
        ("OpenAI", "company:openai"),
    ]
)


def link(key: str, text: str) -> str:
    """A recognisable stand-in for the site's link HTML."""
    return f'<a data-ref="{key}">{text}</a>'


def run(html: str, make_link: Callable[[str, str], str | None] = link) -> tuple[str, Mentions]:
    """Autolink html with a fresh Mentions; return the output and the mentions."""
    mentions = Mentions()
    return autolink(html, MATCHER, make_link, mentions), mentions


def test_only_the_first_mention_is_linked() -> None:
    """The first mention of each key is wrapped; later ones stay text but still count as found."""
    out, mentions = run("<p>推論モデルと蒸留。</p><p>推論モデルと蒸留とOpenAI。</p>")
    assert out == (
        '<p><a data-ref="term:reasoning-model">推論モデル</a>と<a data-ref="term:distillation">蒸留</a>。</p>'
        '<p>推論モデルと蒸留と<a data-ref="company:openai">OpenAI</a>。</p>'
    )
    assert mentions.found == {"term:reasoning-model", "term:distillation", "company:openai"}
    assert mentions.linked == mentions.found


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<h1>推論モデル</h1>", id="h1"),
        pytest.param("<h2 id='x'>推論モデルとは<a class='headerlink' href='#x'>¶</a></h2>", id="h2-with-permalink"),
        pytest.param("<h3>推論モデル</h3>", id="h3"),
        pytest.param("<h4>推論モデル</h4>", id="h4"),
        pytest.param("<h5>推論モデル</h5>", id="h5"),
        pytest.param("<H6>推論モデル</H6>", id="h6-upper-case"),
        pytest.param('<p><a href="x/">推論モデル</a></p>', id="a"),
        pytest.param("<p><code>推論モデル</code></p>", id="code"),
        pytest.param("<pre><span>推論モデル</span></pre>", id="pre-with-nested-span"),
        pytest.param("<details><summary>推論モデル</summary></details>", id="summary"),
        pytest.param("<script>var s = '推論モデル';</script>", id="script"),
        pytest.param('<p class="admonition-title">推論モデル</p>', id="admonition-title"),
        pytest.param("<p class='note admonition-title'>推論モデル</p>", id="admonition-title-among-classes"),
        pytest.param('<div class="no-autolink"><p>推論モデル</p></div>', id="no-autolink-class"),
        pytest.param('<p title="推論モデル" data-x="蒸留">本文</p>', id="attribute-values"),
        pytest.param("<!-- 推論モデル -->", id="comment"),
    ],
)
def test_never_links_inside_skipped_elements(html: str) -> None:
    """Text in headings, links, code, summaries, scripts and admonition titles is left exactly as it is."""
    out, mentions = run(html)
    assert out == html
    assert mentions.linked == set()


def test_linking_resumes_after_a_skipped_element() -> None:
    """After a heading closes, the next mention in body text is the one linked."""
    out, _ = run("<h2>推論モデル</h2><p>本文の推論モデル</p>")
    assert out == '<h2>推論モデル</h2><p>本文の<a data-ref="term:reasoning-model">推論モデル</a></p>'


def test_hand_made_link_counts_as_linked() -> None:
    """A link with data-ref="term:x" counts as the link, so later mentions of x are not linked again."""
    html = '<p><a class="xref" href="g/#r" data-ref="term:reasoning-model">推論</a>のあと推論モデルと蒸留。</p>'
    out, mentions = run(html)
    assert (
        out
        == '<p><a class="xref" href="g/#r" data-ref="term:reasoning-model">推論</a>のあと推論モデルと<a data-ref="term:distillation">蒸留</a>。</p>'
    )
    assert mentions.found == {"term:reasoning-model", "term:distillation"}
    assert mentions.linked == {"term:reasoning-model", "term:distillation"}


def test_make_link_none_still_records_the_mention() -> None:
    """When make_link returns None the text stays, the mention is found but not linked, and a later mention is tried again."""
    calls: list[tuple[str, str]] = []

    def only_openai(key: str, text: str) -> str | None:
        """Link companies only, remembering every call."""
        calls.append((key, text))
        return link(key, text) if key.startswith("company:") else None

    out, mentions = run("<p>推論モデルとOpenAI。推論モデルとOpenAI。</p>", only_openai)
    assert out == '<p>推論モデルと<a data-ref="company:openai">OpenAI</a>。推論モデルとOpenAI。</p>'
    assert mentions.found == {"term:reasoning-model", "company:openai"}
    assert mentions.linked == {"company:openai"}
    assert calls == [("term:reasoning-model", "推論モデル"), ("company:openai", "OpenAI"), ("term:reasoning-model", "推論モデル")]


def test_mentions_carry_over_between_calls() -> None:
    """A Mentions object shared by two calls keeps a key linked once for the whole page."""
    mentions = Mentions()
    first = autolink("<p>蒸留</p>", MATCHER, link, mentions)
    second = autolink("<p>蒸留</p>", MATCHER, link, mentions)
    assert (first, second) == ('<p><a data-ref="term:distillation">蒸留</a></p>', "<p>蒸留</p>")


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<p>文章</p>", id="plain"),
        pytest.param("<div><p>開いたまま<span>入れ子</div></p></span>", id="misnested"),
        pytest.param("</p></div>閉じタグだけ<br/><img src='a.png'>", id="stray-end-tags-and-void"),
        pytest.param("<p>未完の <b", id="unterminated-tag"),
        pytest.param("<!DOCTYPE html><html><body>本文 &amp; 記号 &lt;</body></html>", id="doctype-and-entities"),
        pytest.param("", id="empty"),
    ],
)
def test_output_equals_input_when_nothing_matches(html: str) -> None:
    """Malformed or unusual HTML without mentions comes back unchanged."""
    out, mentions = run(html)
    assert out == html
    assert mentions.found == set()


def test_malformed_html_still_links_text_outside_skipped_elements() -> None:
    """Stray end tags and void elements do not switch linking off or on by mistake."""
    html = "</code></h2><p>前<br>推論モデル<img src='x'></p><pre>蒸留</pre>蒸留"
    out, _ = run(html)
    assert out == (
        "</code></h2><p>前<br><a data-ref=\"term:reasoning-model\">推論モデル</a><img src='x'></p><pre>蒸留</pre>"
        '<a data-ref="term:distillation">蒸留</a>'
    )


def test_unclosed_skipped_element_inside_closed_parent() -> None:
    """A <code> left open inside a <p> ends when the <p> closes, so later text is linked again."""
    out, _ = run("<p><code>推論モデル</p><p>推論モデル</p>")
    assert out == '<p><code>推論モデル</p><p><a data-ref="term:reasoning-model">推論モデル</a></p>'
