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


# libyaml's parser when PyYAML was built with it (much faster); the constructor stays the safe one.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"


class _LineLoader(_SafeBase):
    """The safe loader's parser, resolver and scalar constructors; collections are built by _Builder."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        """An unquoted date; an impossible one (2025-02-30) stays text so the checks can report it."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)


class _Builder:
    """Builds LineDicts, LineLists and scalars straight from the parser's events.

    PyYAML's own loader first composes a tree of nodes for the whole file and only then builds the
    values; for a large glossary that tree is several times the size of the data. Building from the
    events keeps only the result (and the line of each key and item), and reports keys written twice.
    """

    def __init__(self, loader: _LineLoader, filename: str) -> None:
        self.loader = loader
        self.filename = filename
        self.problems: list[Problem] = []
        self.anchors: dict[str, object] = {}
        self.open: set[int] = set()  # ids of the collections being read, which an alias may not name

    def document(self) -> object:
        """The single document of the stream (None for an empty file)."""
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        start = loader.get_event()  # document start
        value = self.value()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            found = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", start.start_mark, "but found another document", found.start_mark
            )
        return value

    def value(self) -> object:
        """The value that starts at the next event."""
        loader = self.loader
        event = loader.get_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
            if id(self.anchors[event.anchor]) in self.open:
                raise yaml.composer.ComposerError(None, None, f"the alias {event.anchor!r} points into itself", event.start_mark)
            return self.anchors[event.anchor]
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag == _STR:
                result = event.value  # what the str constructor would return, without a node for it
            else:
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                construct = loader.yaml_constructors.get(tag, _SafeBase.construct_undefined)
                result = construct(loader, node)
            self.remember(event, result)
            return result
        if isinstance(event, yaml.MappingStartEvent):
            self.check_tag(event, _MAP)
            result, fill = LineDict(), self.fill_mapping
            result.key_lines = {}
        elif isinstance(event, yaml.SequenceStartEvent):
            self.check_tag(event, _SEQ)
            result, fill = LineList(), self.fill_sequence
            result.item_lines = []
        else:  # the parser only yields the events above here
            raise yaml.composer.ComposerError(None, None, f"unexpected {type(event).__name__}", event.start_mark)
        result.line = event.start_mark.line + 1
        self.remember(event, result)
        self.open.add(id(result))
        fill(result, event)
        self.open.discard(id(result))
        return result

    def fill_sequence(self, result: LineList, start: yaml.SequenceStartEvent) -> None:
        """Read the items into result, with the line of each."""
        loader = self.loader
        while not loader.check_event(yaml.SequenceEndEvent):
            result.item_lines.append(loader.peek_event().start_mark.line + 1)
            result.append(self.value())
        loader.get_event()

    def fill_mapping(self, result: LineDict, start: yaml.MappingStartEvent) -> None:
        """Read key/value pairs into result, reporting a key written twice instead of keeping the last."""
        loader = self.loader
        while not loader.check_event(yaml.MappingEndEvent):
            mark = loader.peek_event().start_mark
            key = self.value()
            value = self.value()
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", start.start_mark, "found unhashable key", mark
                ) from None
            if key in result:
                self.problems.append(
                    Problem(
                        Origin(self.filename, mark.line + 1),
                        f"key '{key}' is written twice in this mapping (first at line {result.key_lines[key]}).",
                        "Keep one of them.",
                    )
                )
                continue
            result[key] = value
            result.key_lines[key] = mark.line + 1
        loader.get_event()

    def check_tag(self, event: yaml.CollectionStartEvent, expected: str) -> None:
        """Mappings and lists take no tags other than their own."""
        if event.tag not in (None, "!", expected):
            raise yaml.constructor.ConstructorError(None, None, f"the tag {event.tag!r} is not allowed here", event.start_mark)

    def remember(self, event: yaml.NodeEvent, value: object) -> None:
        """Keep a value with an &anchor for later *aliases."""
        if event.anchor is not None:
            self.anchors[event.anchor] = value


def load_yaml(path: Path, shown_as: str) -> tuple[object, list[Problem]]:
    """Parse one YAML file; a missing file or a syntax error becomes a Problem, never an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(Origin(shown_as), "file not found.", "Create it or fix the path.")]
    except UnicodeDecodeError as err:
        return None, [Problem(Origin(shown_as), f"not valid UTF-8 ({err.reason}).", "Save it as UTF-8.")]
    return parse_yaml(text, shown_as)


def parse_yaml(text: str, shown_as: str) -> tuple[object, list[Problem]]:
    """Parse YAML text; see load_yaml."""
    loader = _LineLoader(text)
    builder = _Builder(loader, shown_as)
    try:
        data = builder.document()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        what = err.problem or "invalid YAML"
        return None, [
            Problem(
                Origin(shown_as, line),
                f"YAML syntax error: {what}.",
                "Check indentation, colons and quotes on this line and the one before.",
            )
        ]
    except yaml.YAMLError as err:
        return None, [Problem(Origin(shown_as), f"YAML error: {err}.")]
    finally:
        loader.dispose()
    return data, builder.problems
