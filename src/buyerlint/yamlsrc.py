"""YAML parsing that remembers where every value came from (for ``file:line:col`` errors)."""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from buyerlint.errors import PackError

if TYPE_CHECKING:  # ``yaml`` is imported when a document is parsed: a run on cached packs needs none
    import yaml

Path_ = tuple[object, ...]  # keys and indexes from the document root


class Located(NamedTuple):
    """Parsed YAML data plus the 1-based (line, column) of each value, by path."""

    data: Any
    marks: dict[Path_, tuple[int, int]]
    source: str

    def where(self, path: Path_) -> tuple[int, int]:
        while path and path not in self.marks:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def error(self, path: Path_, message: str) -> PackError:
        line, col = self.where(path)
        return PackError(self.source, message, line, col)


def _walk(node: yaml.Node, path: Path_, marks: dict[Path_, tuple[int, int]], source: str) -> None:
    import yaml

    marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            if key in seen:
                line = key_node.start_mark.line + 1
                col = key_node.start_mark.column + 1
                raise PackError(source, f"duplicate key {key!r}", line, col)
            seen.add(key)
            # a field is located at its key, so errors point at the line that names it
            marks[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk(value_node, (*path, key), marks, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), marks, source)


# what PyYAML's constructors raise, outside its own errors, for a tagged value they cannot build
# ("!!int x", "!!bool maybe", "!!timestamp 2020-13-45")
_UNBUILT = (ValueError, TypeError, AttributeError, LookupError, OverflowError)


@cache
def _loader() -> Any:
    """``yaml.SafeLoader``, whose errors building a value all name the value and where it is."""
    import yaml

    class Loader(yaml.SafeLoader):
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except _UNBUILT as exc:
                raise yaml.constructor.ConstructorError(
                    None, None, f"cannot read {node.value!r} as {node.tag.rsplit(':', 1)[-1]} ({exc})", node.start_mark
                ) from None

    return Loader


def load(text: str, source: str) -> Located:
    """Parse one YAML document with ``safe_load`` semantics, keeping positions.

    libyaml's loader (``CSafeLoader``, when PyYAML was built with it) parses a pack several
    times faster and gives the same data and positions; a document it rejects is parsed again
    by the pure-Python loader, whose error messages are the ones buyerlint reports."""
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            node, data = yaml.compose(text, Loader=fast), yaml.load(text, Loader=fast)
        except (yaml.YAMLError, *_UNBUILT):
            pass
        else:
            return _located(node, data, source)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise PackError(source, f"invalid YAML: {problem}") from None
        raise PackError(source, f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise PackError(source, f"invalid YAML: {exc}") from None
    return _located(node, data, source)


def _located(node: yaml.Node | None, data: Any, source: str) -> Located:
    marks: dict[Path_, tuple[int, int]] = {}
    if node is not None:
        _walk(node, (), marks, source)
    return Located(data, marks, source)
