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


class _LineLoader(_SafeBase):
    """The safe loader, recording lines and refusing duplicate keys."""

    def __init__(self, stream: str, filename: str) -> None:
        super().__init__(stream)
        self.filename = filename
        self.problems: list[Problem] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        """Build a LineDict, reporting a key written twice instead of silently keeping the last."""
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in result:
                self.problems.append(
                    Problem(
                        Origin(self.filename, line),
                        f"key '{key}' is written twice in this mapping (first at line {result.key_lines[key]}).",
                        "Keep one of them.",
                    )
                )
                continue
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        """Build a LineList with the line of each item."""
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        """An unquoted date; an impossible one (2025-02-30) stays text so the checks can report it."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


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
    loader = _LineLoader(text, shown_as)
    try:
        data = loader.get_single_data()
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
    return data, loader.problems
