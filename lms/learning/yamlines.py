"""YAML loading that remembers line numbers, so content problems can be reported as ``file:line``."""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 1
    key_lines: dict[Any, int]


class LineList(list):
    """A sequence that knows its own line and the line of each item (1-based)."""

    line: int = 1
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences carry line numbers."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:  # type: ignore[override]
        plain = super().construct_mapping(node, deep=True)
        result = LineDict(plain)
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            result.key_lines.setdefault(key, key_node.start_mark.line + 1)
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:  # type: ignore[override]
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


def load_with_lines(text: str, first_line: int = 1) -> Any:
    """Parse YAML; mappings/sequences carry lines offset by ``first_line - 1``.

    Raises ``yaml.YAMLError`` (with ``problem_mark``) on syntax errors.
    """
    data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    if first_line != 1:
        _shift(data, first_line - 1)
    return data


def _shift(data: Any, offset: int) -> None:
    if isinstance(data, LineDict):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift(value, offset)
    elif isinstance(data, LineList):
        data.line += offset
        data.item_lines = [v + offset for v in data.item_lines]
        for value in data:
            _shift(value, offset)


def line_of(container: Any, key: Any = None, default: int = 1) -> int:
    """The line of ``container[key]`` (or of the container itself when ``key`` is None)."""
    if key is not None:
        if isinstance(container, LineDict) and key in container.key_lines:
            return container.key_lines[key]
        if isinstance(container, LineList) and isinstance(key, int) and key < len(container.item_lines):
            return container.item_lines[key]
    return getattr(container, "line", default)
