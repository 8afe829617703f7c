"""YAML rule files read safely, with the line of every key and list entry kept for messages.

Only ``yaml.SafeLoader`` is used: a rule file can hold data, never code. The node tree that
PyYAML composes carries start marks; we walk it beside the constructed data so that any
validation error located by a path such as ``("rules", 3, "when", "all", 1)`` can be reported
as ``file:line``.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from smartcustoms.errors import ReadError

Location = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class YamlSource:
    """A parsed YAML file: its data and the 1-based line of each key or list entry by path."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Sequence[Any]) -> int:
        """The line of the deepest known element of ``location``.

        Elements the file does not hold (pydantic inserts union tags and model names into its
        error locations) are skipped rather than ending the walk.
        """
        path: Location = ()
        line = self.lines.get((), 1)
        for element in location:
            candidate = (*path, element)
            if candidate in self.lines:
                path = candidate
                line = self.lines[path]
        return line

    def problem(self, location: Sequence[Any], message: str) -> ReadError:
        """A load error pointing at the line of ``location`` in this file."""
        return ReadError(str(self.path), str(self.line_of(location)), message)


def _record_lines(file: Path, node: yaml.Node, path: Location, lines: dict[Location, int]) -> None:
    """Fills ``lines``; refuses a repeated key, where PyYAML would let the last occurrence
    silently win (a second ``when:`` must not quietly replace the first)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            line = key_node.start_mark.line + 1
            if child in lines:
                problem = f"key {key_node.value!r} repeats the one at line {lines[child]}"
                raise ReadError(str(file), str(line), problem)
            lines[child] = line
            _record_lines(file, value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + 1
            _record_lines(file, item, child, lines)


def read_yaml(path: Path) -> YamlSource:
    """Parses one YAML document; a syntax error becomes a ReadError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(str(path), "", f"cannot be read: {exc}") from exc
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = str(mark.line + 1) if mark is not None else ""
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise ReadError(str(path), line, f"YAML syntax error: {problem}") from exc
    except yaml.YAMLError as exc:
        raise ReadError(str(path), "", f"YAML error: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    if node is not None:
        lines[()] = node.start_mark.line + 1
        _record_lines(path, node, (), lines)
    return YamlSource(path, data, lines)
