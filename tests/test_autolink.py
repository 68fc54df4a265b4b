"""hooks.autolink: the first mention of each term or company in a page's HTML becomes a link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from hooks.autolink import apply_edits, link_edits, reference_edits
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


@dataclass
class Mentions:
    """What a page mentions (found) and which records got an automatic link (linked)."""

    found: set[str] = field(default_factory=set)
    linked: set[str] = field(default_factory=set)


def run(html: str, linkable: Callable[[str], bool] = lambda key: True) -> tuple[str, Mentions]:
    """Autolink html with the stand-in link; return the output and what it mentions and links."""
    mentions = Mentions()
    edits = link_edits(html, MATCHER, linkable, mentions.found)
    texts = [(start, end, key) for start, end, key in edits if not html.startswith("<", start)]
    mentions.linked = {key for _, _, key in texts}
    return apply_edits(html, [(start, end, link(key, html[start:end])) for start, end, key in texts]), mentions


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
    assert mentions.linked == {"term:distillation"}


def test_not_linkable_still_records_the_mention() -> None:
    """When linkable says no the text stays, the mention is found but not linked, and a later mention is asked again."""
    calls: list[str] = []

    def only_openai(key: str) -> bool:
        """Link companies only, remembering every call."""
        calls.append(key)
        return key.startswith("company:")

    out, mentions = run("<p>推論モデルとOpenAI。推論モデルとOpenAI。</p>", only_openai)
    assert out == '<p>推論モデルと<a data-ref="company:openai">OpenAI</a>。推論モデルとOpenAI。</p>'
    assert mentions.found == {"term:reasoning-model", "company:openai"}
    assert mentions.linked == {"company:openai"}
    assert calls == ["term:reasoning-model", "company:openai", "term:reasoning-model"]


@pytest.mark.parametrize(
    "tag",
    ['<a data-ref="term:distillation" href="../g/#d">', '<a href="../g/#d" data-ref="term:distillation">'],
)
def test_references_get_an_edit_over_their_start_tag(tag: str) -> None:
    """A reference's link (href and data-ref only, in either order) is an edit keyed by its record; it counts as linked."""
    html = f"<p>{tag}蒸留</a>と蒸留、<a class='x' data-ref='term:reasoning-model' href='r'>推論</a></p>"
    edits = link_edits(html, MATCHER, lambda key: True, found := set())
    assert edits == [(3, 3 + len(tag), "term:distillation")]
    assert found == {"term:distillation", "term:reasoning-model"}
    assert reference_edits(html) == edits


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
