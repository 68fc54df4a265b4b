"""Shared helpers: write a small fixture project (data files, pages, mkdocs.yml) into a folder and build it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from hooks.kinds import KINDS
from hooks.model import Markdown, Origin, Record, SiteData, Source

# Each kind's record class, made from its declaration (hooks.kinds).
RECORD = {kind.name: kind.record for kind in KINDS}

REPO = Path(__file__).resolve().parent.parent
HOOKS_FILE = REPO / "hooks" / "mkdocs_hooks.py"
REPO_URL = "https://github.com/example/fixture"

GLOSSARY = """\
terms:
  - id: reasoning-model
    ja: 推論モデル
    en: reasoning model
    reading: すいろんもでる
    aliases: [リーズニングモデル]
    short: 答えを出す前に推論の過程を生成するよう訓練されたモデルである。
    definition: |
      推論モデルとは、答えの前に長い推論を書き出す[[term:llm]]である。
      計算を多く使う代わりに答えの精度を高める。
    related: [llm]
    sources:
      - publisher: OpenAI
        title: Learning to reason with LLMs
        url: https://openai.com/index/learning-to-reason-with-llms/
        date: "2024-09"

  - id: llm
    ja: 大規模言語モデル
    en: large language model
    reading: だいきぼげんごもでる
    aliases: [LLM]
    short: 大量の文章で学習した、文章を生成する大きなモデルである。
    definition: |
      大規模言語モデルとは、大量の文章で学習したモデルである。
      対話や要約に使われる。
    sources:
      - publisher: Example
        title: Large language models
        url: https://example.org/llm

  - id: open-weights
    ja: オープンウェイト
    en: open weights
    reading: おーぷんうぇいと
    short: 学習済みの重みを誰でも入手できるように公開することである。
    definition: |
      オープンウェイトとは、学習済みの重みを公開することである。
      学習データは公開しないことが多い。
    sources:
      - publisher: Example
        title: Open weights
        url: https://example.org/open-weights
"""

# A fourth term that no page mentions: a warning, which only --strict turns into a failure.
UNUSED_TERM = """
  - id: distillation
    ja: 蒸留
    en: distillation
    reading: じょうりゅう
    short: 大きなモデルの出力で小さなモデルを学習させることである。
    definition: |
      蒸留とは、大きなモデルの出力を使って小さなモデルを学習させる手法である。
    sources:
      - publisher: Example
        title: Distillation
"""

TIMELINE = """\
events:
  - id: r1-release
    date: "2025-01-20"
    title: DeepSeekがR1を公開
    summary: |
      [[company:deepseek]]が[[term:reasoning-model]]のR1を公開した。
    companies: [deepseek]
    terms: [reasoning-model]
    sources:
      - publisher: DeepSeek
        title: DeepSeek-R1
        url: https://github.com/deepseek-ai/DeepSeek-R1

  - id: openai-response
    date: "2025-02"
    title: OpenAIが対応を発表
    summary: |
      [[company:openai]]が新しいモデルの提供を発表した。
    companies: [openai]
    sources:
      - publisher: OpenAI
        title: Announcement
        url: https://openai.com/index/announcement/
"""

COMPANIES = """\
companies:
  - id: deepseek
    name: DeepSeek
    name_en: DeepSeek
    name_local: 深度求索
    kind: AIスタートアップ
    aliases: [ディープシーク]
    summary: 中国・杭州のAI企業である。
    founded: "2023"
    headquarters: 中国・浙江省杭州市
    leaders: ["梁文锋（創業者・CEO）"]
    products: [DeepSeek-R1]
    role: |
      R1を公開した企業である。
    sources:
      - publisher: DeepSeek
        title: DeepSeek-R1
        url: https://github.com/deepseek-ai/DeepSeek-R1

  - id: openai
    name: OpenAI
    name_en: OpenAI
    kind: 企業
    summary: ChatGPTを開発する米国の企業である。
    founded: "2015-12"
    headquarters: 米国・サンフランシスコ
    leaders: [サム・アルトマン（CEO）]
    role: |
      推論モデルo1を公開した企業である。
    sources:
      - publisher: OpenAI
        title: About
        url: https://openai.com/about/
"""

PEOPLE = """\
people:
  - id: sam-altman
    name: サム・アルトマン
    name_en: Sam Altman
    reading: さむ・あるとまん
    aliases: [アルトマン]
    position: OpenAIのCEO
    companies: [openai]
    summary: OpenAIを率いる人物である。
    story: |
      [[event:openai-response]]に関わった。
    events: [openai-response]
    sources:
      - publisher: Example
        title: Sam Altman
        url: https://example.org/altman
"""

INDEX_MD = """\
---
description: 小さなテスト用サイトのホームである。
---

# ホーム {#top}

DeepSeekは推論モデルを公開した。推論モデルはもう一度出てくる。

[[event:r1-release]]の詳しい経緯は[記事](article/one.md)にある。
"""

ARTICLE_MD = """\
---
description: 記事のページである。
---

# 記事 {#article}

## 推論モデルとは {#what}

OpenAIのモデルと[[term:llm|LLM]]、そして[[term:open-weights]]を比べる。

[[event:openai-response|2月の対応]]も見る。
"""

ABOUT_MD = """\
---
description: このサイトについて。
---

# このサイトについて {#about}

`推論モデル` と書いたコードは、リンクにならない。
"""

PAGES = {"index.md": INDEX_MD, "article/one.md": ARTICLE_MD, "about.md": ABOUT_MD}

NAV = """\
nav:
  - ホーム: index.md
  - 記事: article/one.md
  - 用語集: glossary.md
  - 年表: timeline.md
  - 企業・組織: companies/index.md
  - このサイトについて: about.md
"""


def mkdocs_yml(site_url: str = "http://127.0.0.1:8000/", nav: str = NAV) -> str:
    """A mkdocs.yml like the real one, its hooks pointing at this repository's adapter."""
    return f"""\
site_name: テスト用サイト
site_url: {site_url}
repo_url: {REPO_URL}
edit_uri: edit/main/docs/
theme:
  name: material
  language: ja
  font: false
  features:
    - content.action.edit
plugins: []
hooks:
  - {HOOKS_FILE.as_posix()}
exclude_docs: |
  data/
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      permalink: true
validation:
  nav:
    omitted_files: ignore
    not_found: ignore
    absolute_links: ignore
  links:
    not_found: ignore
    anchors: ignore
    absolute_links: ignore
    unrecognized_links: ignore
{nav}"""


def write(root: Path, rel: str, content: str | bytes | None) -> Path:
    """Write a file under root, creating its folders: text as UTF-8, bytes as they are; None removes it."""
    path = root / rel
    if content is None:
        path.unlink()
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def write_data(
    root: Path, glossary: str = GLOSSARY, timeline: str = TIMELINE, companies: str = COMPANIES, people: str | None = None
) -> Path:
    """Write the data files under root (people.yml, which a site may leave out, only when given)."""
    write(root, "glossary.yml", glossary)
    write(root, "docs/data/timeline.yml", timeline)
    write(root, "docs/data/companies.yml", companies)
    if people is not None:
        write(root, "docs/data/people.yml", people)
    return root


def write_project(
    root: Path,
    *,
    glossary: str = GLOSSARY,
    timeline: str = TIMELINE,
    companies: str = COMPANIES,
    people: str | None = None,
    pages: dict[str, str] | None = None,
    config: str | None = None,
) -> Path:
    """Write a complete small project (mkdocs.yml, data files, pages) into root."""
    write(root, "mkdocs.yml", mkdocs_yml() if config is None else config)
    write_data(root, glossary, timeline, companies, people)
    for rel, text in (PAGES if pages is None else pages).items():
        write(root, f"docs/{rel}", text)
    return root


def run_build(root: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` on a fixture project in a subprocess; stdout and stderr are merged."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the nth occurrence of needle in text (to write expected messages)."""
    at = -1
    for _ in range(nth):
        at = text.find(needle, at + 1)
        if at < 0:
            raise AssertionError(f"{needle!r} is not in the fixture text")
    return text.count("\n", 0, at) + 1


def expand(expected: str, text: str) -> str:
    """Replace each {{needle}} (or {{needle@n}} for the nth occurrence) with the line of that needle in text."""

    def line(found: re.Match) -> str:
        """The line number for one {{needle}} placeholder."""
        needle, _, nth = found.group(1).partition("@")
        return str(line_of(text, needle, int(nth) if nth else 1))

    return re.sub(r"\{\{(.+?)\}\}", line, expected)


def edit(text: str, *changes: tuple[str, str]) -> str:
    """Apply (old, new) replacements to a fixture text; each old text must occur exactly once."""
    for old, new in changes:
        if text.count(old) != 1:
            raise AssertionError(f"{old!r} occurs {text.count(old)} times in the fixture text")
        text = text.replace(old, new)
    return text


def files_under(folder: Path) -> set[str]:
    """Every file under a folder, as posix paths relative to it."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


# Records built in memory, for the modules that take SiteData rather than files.

SOURCE = Source("Example", "Example title", "https://example.org/x")


def make_term(ident: str, ja: str, reading: str = "てすと", **extra: object) -> Record:
    """A glossary term with sensible defaults."""
    values: dict = {
        "en": ident,
        "short": f"{ja}の説明である。",
        "definition": Markdown(f"{ja}の定義である。", Origin("glossary.yml", 1)),
        "origin": Origin("glossary.yml", 1),
        "sources": (SOURCE,),
    }
    values.update(extra)
    return RECORD["term"](id=ident, ja=ja, reading=reading, **values)


def make_company(ident: str, name: str, **extra: object) -> Record:
    """A company with sensible defaults."""
    values: dict = {
        "name_en": name,
        "kind_label": "企業",
        "summary": f"{name}は企業である。",
        "founded": "2023",
        "headquarters": "東京",
        "role": Markdown(f"{name}の役割である。", Origin("docs/data/companies.yml", 1)),
        "origin": Origin("docs/data/companies.yml", 1),
        "leaders": ("代表者",),
        "sources": (SOURCE,),
    }
    values.update(extra)
    return RECORD["company"](id=ident, name=name, **values)


def make_event(ident: str, date: str, title: str, **extra: object) -> Record:
    """A timeline event with sensible defaults."""
    values: dict = {
        "summary": Markdown(f"{title}という出来事である。", Origin("docs/data/timeline.yml", 1)),
        "origin": Origin("docs/data/timeline.yml", 1),
        "sources": (SOURCE,),
    }
    values.update(extra)
    return RECORD["event"](id=ident, date=date, title=title, **values)


def make_data(terms: Iterable[Record] = (), companies: Iterable[Record] = (), events: Iterable[Record] = ()) -> SiteData:
    """SiteData holding the given records, keyed by id."""
    from hooks.kinds import KINDS

    return SiteData(
        kinds={kind.name: kind for kind in KINDS},
        records={
            "term": {t.id: t for t in terms},
            "company": {c.id: c for c in companies},
            "event": {e.id: e for e in events},
        },
    )
