"""Read YAML with the safe loader, keeping the line of every key and list item."""

from __future__ import annotations

from pathlib import Path

import yaml

from .model import Origin, Problem


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A list that knows the line of itself and of each item."""

    line: int = 0
    item_lines: list


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml's parser where PyYAML has it); an impossible date stays text."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        """An unquoted date; an impossible one (2025-02-30) stays text so the checks can report it."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class _Walker:
    """Turns the safe loader's node tree into LineDicts, LineLists and scalars; keys written twice are problems."""

    def __init__(self, loader: _Loader, shown_as: str) -> None:
        self.loader = loader
        self.shown_as = shown_as
        self.problems: list[Problem] = []
        self.done: dict[int, object] = {}  # node id -> value: an alias shares the value of its anchor
        self.open: set[int] = set()  # the collections being read, which an alias may not name

    def value(self, node: yaml.Node) -> object:
        """The value of one node."""
        if id(node) in self.open:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias points into the list or mapping that holds it", node.start_mark
            )
        if id(node) in self.done:
            return self.done[id(node)]
        if isinstance(node, yaml.ScalarNode):
            return self.loader.construct_object(node, deep=True)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq")
            items = self.done[id(node)] = LineList()
            items.line, items.item_lines = node.start_mark.line + 1, []
            self.open.add(id(node))
            for item in node.value:
                items.item_lines.append(item.start_mark.line + 1)
                items.append(self.value(item))
            self.open.discard(id(node))
            return items
        self._check_tag(node, "tag:yaml.org,2002:map")
        mapping = self.done[id(node)] = LineDict()
        mapping.line, mapping.key_lines = node.start_mark.line + 1, {}
        self.loader.flatten_mapping(node)  # merge keys (<<: *base), as the safe loader reads them
        self.open.add(id(node))
        for key_node, value_node in node.value:
            key = self.value(key_node)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "found a list or mapping as a key", key_node.start_mark
                ) from None
            line = key_node.start_mark.line + 1
            if key in mapping:
                self.problems.append(
                    Problem(
                        Origin(self.shown_as, line),
                        f"key '{key}' is written twice in this mapping (first at line {mapping.key_lines[key]}).",
                        "Keep one of them.",
                    )
                )
                continue
            mapping[key] = self.value(value_node)
            mapping.key_lines[key] = line
        self.open.discard(id(node))
        return mapping

    @staticmethod
    def _check_tag(node: yaml.Node, expected: str) -> None:
        """Mappings and lists take no tags other than their own."""
        if node.tag != expected:
            raise yaml.constructor.ConstructorError(None, None, f"the tag {node.tag!r} is not allowed here", node.start_mark)


def decode(raw: bytes, shown_as: str) -> tuple[str, Problem | None]:
    """A file's text (a UTF-8 BOM dropped); one that is not UTF-8 is read with replacements, and reported at the line."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        problem = Problem(
            Origin(shown_as, line),
            f"{shown_as} is not UTF-8 (byte 0x{raw[err.start]:02x} on this line cannot be read; Shift_JIS or another encoding?).",
            "Save it as UTF-8.",
        )
        return raw.decode("utf-8-sig", errors="replace"), problem


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Problem]]:
    """A data file's text, or None with a problem saying why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(Origin(shown_as), "file not found.", "Create it or fix the path.")]
    text, problem = decode(raw, shown_as)
    return (None, [problem]) if problem is not None else (text, [])


# Where an unclosed quote or bracket is reported: where it opens, not where the parser gave up.
_OPENED_AT = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a simple key")
_HINTS = {
    "while scanning a quoted scalar": "Close the quote that opens here, or write the text without quotes.",
    "while parsing a flow": "Close the bracket that opens here ('[' with ']', '{' with '}').",
}


def _runaway_quote(text: str, line: int) -> yaml.Mark | None:
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


def parse_yaml(text: str, shown_as: str) -> tuple[object, list[Problem]]:
    """Parse YAML text; a syntax error becomes a Problem at the line of the fault, never an exception."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        walker = _Walker(loader, shown_as)
        data = None if node is None else walker.value(node)
    except yaml.MarkedYAMLError as err:
        context = err.context or ""
        opened = context.startswith(_OPENED_AT) and err.context_mark is not None
        mark = err.context_mark if opened else err.problem_mark or err.context_mark
        what = err.problem or "invalid YAML"
        if opened:
            what = f"{what} ({context})"
        hint = next((h for c, h in _HINTS.items() if context.startswith(c)), "")
        runaway = None if opened or mark is None else _runaway_quote(text, mark.line)
        if runaway is not None:
            mark, hint = runaway, _HINTS["while scanning a quoted scalar"]
        return None, [
            Problem(
                Origin(shown_as, mark.line + 1 if mark else 0),
                f"YAML syntax error: {what}.",
                hint or "Check indentation, colons and quotes on this line and the one before.",
            )
        ]
    except yaml.reader.ReaderError as err:  # a character YAML does not accept, such as a control character
        line = text.count("\n", 0, err.position) + 1
        char = f" #x{err.character:04x}" if isinstance(err.character, int) else ""
        return None, [Problem(Origin(shown_as, line), f"YAML error: {err.reason} (character{char}).", "Remove the character.")]
    except yaml.YAMLError as err:
        return None, [Problem(Origin(shown_as), f"YAML error: {str(err).splitlines()[0]}.")]
    finally:
        loader.dispose()
    return data, walker.problems
