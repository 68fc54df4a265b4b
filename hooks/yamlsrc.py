"""Read YAML with the safe loader, keeping the line of every key and list item."""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.constructor import ConstructorError

from .model import Origin, Problem
from .words import q, relayed


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line, self.key_lines = line, {}


class LineList(list):
    """A list that knows the line of itself and of each item."""

    def __init__(self, items: list, line: int, item_lines: list[int]) -> None:
        super().__init__(items)
        self.line, self.item_lines = line, item_lines


_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_OWN_TAG = {yaml.SequenceNode: _SEQ, yaml.MappingNode: _MAP}  # a list or mapping takes no other (!!set, !!python/…)


# libyaml's parser where PyYAML has it: the four data files of the site parse in 24 ms instead of 195 ms (measured 2026-12-06).
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader making LineDicts and LineLists; keys written twice are problems."""

    def __init__(self, text: str, shown_as: str) -> None:
        super().__init__(text)
        self.shown_as = shown_as
        self.problems: list[Problem] = []

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        """The value of one node, read whole (deep): an alias to a list or mapping still being read is refused."""
        if node in self.recursive_objects:
            raise ConstructorError(
                None, None, "別名（*）が、それ自身を含むリストか「キー: 値」のまとまりを指している", node.start_mark
            )
        if _OWN_TAG.get(type(node), node.tag) != node.tag:
            raise ConstructorError(None, None, f"タグ {q(node.tag)} はここでは使えない", node.start_mark)
        return super().construct_object(node, deep=True)

    def construct_sequence(self, node: yaml.Node, deep: bool = False) -> LineList:
        """A list with its line and the line of each item."""
        if not isinstance(node, yaml.SequenceNode):
            return super().construct_sequence(node)  # a scalar tagged !!seq: PyYAML's own refusal
        lines = [item.start_mark.line + 1 for item in node.value]
        return LineList([self.construct_object(item) for item in node.value], node.start_mark.line + 1, lines)

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> LineDict:
        """A mapping with its line and the line of each key; merge keys (<<: *base) as the safe loader reads them."""
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node)  # a scalar tagged !!map: PyYAML's own refusal
        self.flatten_mapping(node)
        mapping = LineDict(node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    None, None, "キーにリストか「キー: 値」のまとまりが書かれている", key_node.start_mark
                ) from None
            line = key_node.start_mark.line + 1
            if key in mapping:  # its value is not read: the key is the problem
                self.problems.append(
                    Problem(
                        Origin(self.shown_as, line),
                        f"キー {q(key)} が同じまとまりに2回書かれている（1回目は{mapping.key_lines[key]}行目）。",
                        "どちらか1つにする。",
                    )
                )
                continue
            mapping[key] = self.construct_object(value_node)
            mapping.key_lines[key] = line
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        """An unquoted date; an impossible one (2025-02-30) stays text so the checks can report it."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor(_SEQ, _Loader.construct_sequence)
_Loader.add_constructor(_MAP, _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def decode(raw: bytes, shown_as: str) -> tuple[str, Problem | None]:
    """A file's text (a UTF-8 BOM dropped); one that is not UTF-8 is read with replacements, and reported at the line."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        problem = Problem(
            Origin(shown_as, line),
            f"{shown_as} が UTF-8 で保存されていない（この行のバイト 0x{raw[err.start]:02x} を読めない。Shift_JIS などで保存したのではないか）。",
            "UTF-8 で保存し直す。",
        )
        return raw.decode("utf-8-sig", errors="replace"), problem


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Problem]]:
    """A data file's text, or None with a problem saying why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(Origin(shown_as), "ファイルがない。", "ファイルを作るか、パスを直す。")]
    text, problem = decode(raw, shown_as)
    return (None, [problem]) if problem is not None else (text, [])


# Where an unclosed quote or bracket is reported: where it opens, not where the parser gave up.
_OPENED_AT = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a simple key")
_HINTS = {
    "while scanning a quoted scalar": "ここで開いた引用符を閉じるか、引用符を付けずに書く。",
    "while parsing a flow": "ここで開いた括弧を閉じる（[ は ] で、{ は } で）。",
}
_DEFAULT_HINT = "この行と前の行の字下げ、コロン、引用符を確かめる。"
# PyYAML's words for the usual slips, in Japanese (its original text follows in the message); with the advice
# each calls for, when it is not the default one.
_PROBLEMS = (
    (
        "mapping values are not allowed",
        "ここに「キー: 値」は書けない",
        "値に「: 」を含めるなら、値全体を引用符で囲む。" + _DEFAULT_HINT,
    ),
    ("found unexpected end of stream", "ファイルの終わりまで閉じられていない", ""),
    ("did not find expected '-' indicator", "字下げがそろっていない", ""),
    ("did not find expected key", "キーがあるはずの所に別のものがある", ""),
    ("did not find expected ',' or ']'", "リストが閉じていない", ""),
    ("did not find expected ',' or '}'", "「{」で始めたまとまりが閉じていない", ""),
    ("found a tab character", "字下げにタブ文字が使われている", "字下げは半角スペースで書く。"),
    ("found character '\\t'", "タブ文字が使われている", "字下げは半角スペースで書く。"),
    ("could not find expected ':'", "キーの後の「:」がない", ""),
    ("found undefined alias", "どこにも定義されていない別名（*）がある", ""),
    ("expected <block end>", "字下げがそろっていない", ""),
    ("found character", "YAML の値の始めに使えない文字がある", "その値を引用符で囲む。"),
)


def _in_japanese(problem: str) -> tuple[str, str]:
    """A parser's problem in Japanese, and the advice it calls for ('' for the default)."""
    for english, japanese, hint in _PROBLEMS:
        if problem.startswith(english):
            return japanese, hint
    return "YAML として読めない", ""


def _runaway_quote_start(text: str, line: int) -> yaml.Mark | None:
    """Where a quoted text opens that ran on over several lines up to the failing line (an unclosed quote closed by a later one)."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > line:
                break
            multiline = token.start_mark.line < token.end_mark.line == line
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and multiline:
                found = token.start_mark
    except yaml.YAMLError:
        pass
    return found


def _is_japanese(text: str) -> bool:
    """Whether a text holds Japanese (kana or kanji)."""
    return any("\u3040" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff" for char in text)


def parse_yaml(text: str, shown_as: str) -> tuple[object, list[Problem]]:
    """Parse YAML text; a syntax error becomes a Problem at the line of the fault, never an exception."""
    loader = _Loader(text, shown_as)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        context = err.context or ""
        opened = context.startswith(_OPENED_AT) and err.context_mark is not None
        mark = err.context_mark if opened else err.problem_mark or err.context_mark
        what = err.problem or "invalid YAML"
        if opened:
            what = f"{what} ({context})"
        japanese, hint = _in_japanese(what)
        if opened and context.startswith(("while scanning a quoted scalar", "while parsing a flow")):
            japanese = "ここで開いた" + ("引用符" if "quoted" in context else "括弧") + "が閉じていない"
        hint = next((h for c, h in _HINTS.items() if context.startswith(c)), hint)
        runaway = None if opened or mark is None else _runaway_quote_start(text, mark.line)
        if runaway is not None:
            mark, hint = runaway, _HINTS["while scanning a quoted scalar"]
        # The loader's own problems are Japanese already; the parser's get their original text after.
        message = f"YAML の書き方の誤り：{what}。" if _is_japanese(what) else relayed(f"YAML の書き方の誤り：{japanese}", what)
        return None, [Problem(Origin(shown_as, mark.line + 1 if mark else 0), message, hint or _DEFAULT_HINT)]
    except yaml.reader.ReaderError as err:  # a character YAML does not accept, such as a control character
        line = text.count("\n", 0, err.position) + 1
        char = f"（#x{err.character:04x}）" if isinstance(err.character, int) else ""
        return None, [
            Problem(Origin(shown_as, line), relayed(f"YAML に使えない文字{char}がある", f"{err.reason}"), "その文字を消す。")
        ]
    except yaml.YAMLError as err:
        return None, [Problem(Origin(shown_as), relayed("YAML として読めない", str(err).splitlines()[0]), _DEFAULT_HINT)]
    finally:
        loader.dispose()
    return data, loader.problems
