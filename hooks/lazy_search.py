"""MkDocs hook: the search index loads when the search box is first used, not with every page.

Material's search fetches ``search/search_index.json`` on every page load, parses it on the main thread and
hands it to the search worker; on this site that is the largest file a first visit downloads. After the search
plugin has written the index, this hook moves its documents to ``search/search_docs.json`` and leaves in
``search_index.json`` only the configuration (the language and word separator that Material's highlighting of
search terms on the page reads). The worker (docs/assets/search-worker.js) fetches the documents on the first
query that has a word in it.

It runs after the search plugin (hooks run after the plugins of mkdocs.yml) and reads nothing else of the build.
"""

from __future__ import annotations

import json
from pathlib import Path

INDEX = "search/search_index.json"
DOCS = "search/search_docs.json"  # the worker's own address for it: ../search/search_docs.json


def split_index(site_dir: str | Path) -> bool:
    """Move the documents of the search index to DOCS, keeping the configuration in INDEX; False if no index."""
    index = Path(site_dir) / INDEX
    if not index.is_file():
        return False
    data = json.loads(index.read_text(encoding="utf-8"))
    (Path(site_dir) / DOCS).write_text(json.dumps({"docs": data.get("docs", [])}, ensure_ascii=False), encoding="utf-8")
    index.write_text(json.dumps({"config": data.get("config", {}), "docs": []}, ensure_ascii=False), encoding="utf-8")
    return True


def on_post_build(config) -> None:
    """After the search plugin has written the index."""
    split_index(config.site_dir)
