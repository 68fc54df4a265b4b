"""hooks/lazy_search.py: the search index keeps its configuration; its documents move to a file of their own."""

from __future__ import annotations

import json
from pathlib import Path

from hooks import lazy_search

CONFIG = {"lang": ["ja"], "separator": "[\\s\\-　、。，．]+", "pipeline": ["stemmer"]}
DOCS = [{"location": "glossary/llm/", "title": "大規模言語モデル", "text": "<p>文章を生成する。</p>"}]


def test_split_index_keeps_the_configuration_and_moves_the_documents(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / lazy_search.INDEX).write_text(json.dumps({"config": CONFIG, "docs": DOCS}), encoding="utf-8")
    assert lazy_search.split_index(tmp_path) is True
    assert json.loads((tmp_path / lazy_search.INDEX).read_text(encoding="utf-8")) == {"config": CONFIG, "docs": []}
    assert json.loads((tmp_path / lazy_search.DOCS).read_text(encoding="utf-8")) == {"docs": DOCS}


def test_split_index_without_an_index_does_nothing(tmp_path: Path) -> None:
    assert lazy_search.split_index(tmp_path) is False
    assert list(tmp_path.iterdir()) == []


def test_the_real_build_splits_its_index(built_site: Path) -> None:
    """The real site's pages fetch a few hundred bytes of configuration; every page is among the documents."""
    index = built_site / lazy_search.INDEX
    assert index.stat().st_size < 1024
    assert json.loads(index.read_text(encoding="utf-8"))["config"]["lang"] == ["ja"]
    docs = json.loads((built_site / lazy_search.DOCS).read_text(encoding="utf-8"))["docs"]
    locations = {doc["location"] for doc in docs}
    assert {"", "glossary/", "glossary/reasoning-model/", "timeline/", "about/"} <= locations


def test_the_worker_fetches_the_documents_where_the_hook_writes_them() -> None:
    """The worker (docs/assets/) and the hook agree on the address of the documents."""
    worker = (Path(__file__).resolve().parent.parent / "docs" / "assets" / "search-worker.js").read_text(encoding="utf-8")
    assert f'new URL("../{lazy_search.DOCS}", self.location)' in worker
