"""YAML into located values, safely.

A loader built like :class:`yaml.SafeLoader` (it never constructs arbitrary Python
objects) whose mapping and sequence constructors keep the start line of every key and
item. A key given twice is an error: YAML would silently keep the last one.

The composer is bounded (see ``limits``): nesting deeper than ``MAX_DEPTH``, more than
``MAX_YAML_NODES`` values, an alias inside the node it names, and aliases that together
repeat more than ``MAX_ALIAS_NODES`` nodes (the "billion laughs" bomb, a few lines that
expand to gigabytes) are refused while the document is read, before anything is built.

When PyYAML has libyaml, a document is parsed and composed there (several times faster
than PyYAML's own composer) if its text is short enough that its nodes cannot exceed the
bound on values; the nodes are then measured against the other bounds before anything is
built. A longer document, or one that comes near a bound, is parsed by libyaml and
composed by the bounded composer. A document libyaml rejects is parsed again by PyYAML's
own parser, so that errors read the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from copydesk.content.limits import MAX_ALIAS_NODES, MAX_DEPTH, MAX_YAML_NODES, too_deep
from copydesk.content.located import LocatedMap, LocatedSeq
from copydesk.errors import ContentError, Location

SYNTAX_HINT = ("check the indentation and quoting there; a value holding ': ' or starting "
               "with a special character such as [ { * & ! | > % @ needs quotes")


class _Locating(Composer, SafeConstructor, Resolver):
    """Composes with bounds and constructs located values, whichever parser feeds it."""

    if TYPE_CHECKING:  # given by the parser class it is combined with
        def peek_event(self) -> yaml.Event: ...
        def dispose(self) -> None: ...

    def __init__(self, path: str, first_line: int) -> None:
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.path = path
        self.line_offset = first_line - 1
        self.depth = 0
        self.repeated_nodes = 0  # what the aliases read so far stand for, in nodes
        self.weights: dict[int, int] = {}  # id(node) -> nodes in it, aliases expanded

    def nodes(self) -> int:
        """How many values (nodes) the document read holds."""
        return len(self.weights)

    def node_line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.line_offset

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._count_alias(event)
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise too_deep(self.path, self._event_line(event))
        if len(self.weights) >= MAX_YAML_NODES:
            raise ContentError(
                f"the file holds more than {MAX_YAML_NODES:,} YAML values",
                Location(self.path, self._event_line(event)),
                "reading this much YAML takes gigabytes of memory: split the file, or keep "
                "bulk data in CSV or JSON")
        node = super().compose_node(parent, index)
        self.depth -= 1
        if node is not None:
            self.weights[id(node)] = 1 + sum(
                self.weights[id(child)] for child in _children(node))
        return node

    def _event_line(self, event: yaml.Event) -> int:
        mark = event.start_mark
        return (int(mark.line) if mark is not None else 0) + 1 + self.line_offset

    def _count_alias(self, event: yaml.AliasEvent) -> None:
        target = self.anchors.get(event.anchor)
        if target is None:
            return  # an undefined alias: the composer reports it with its position
        location = Location(self.path, self._event_line(event))
        weight = self.weights.get(id(target))
        if weight is None:
            raise ContentError(f"the alias *{event.anchor} is inside the node it names",
                               location, "an alias may only repeat a value that is complete; "
                               "write the value out instead")
        self.repeated_nodes += weight
        if self.repeated_nodes > MAX_ALIAS_NODES:
            raise ContentError(
                f"the aliases here repeat more than {MAX_ALIAS_NODES:,} values",
                location, "aliases (*name) this many would take gigabytes to expand (a "
                "'billion laughs' document); write the values out or use fewer aliases")


class _ExactLoader(Reader, Scanner, Parser, _Locating):
    def __init__(self, text: str, path: str, first_line: int) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Locating.__init__(self, path, first_line)


class _TooCostly(yaml.YAMLError):
    """A document near a bound: the exact reader decides, and words the error."""


# libyaml's nodes, one for every few characters at most (an empty value takes a single
# "-", ":" or "?"), so a text this short cannot hold more than MAX_YAML_NODES of them.
_COMPOSED_IN_C_UP_TO = MAX_YAML_NODES // 4

_LOADERS: list[Callable[[str, str, int], _Locating]] = [_ExactLoader]
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _EventLoader(CParser, _Locating):  # type: ignore[misc]
        # libyaml's parser emits the events; the bounded composer composes them.
        check_node = Composer.check_node
        get_node = Composer.get_node
        get_single_node = Composer.get_single_node

        def __init__(self, text: str, path: str, first_line: int) -> None:
            CParser.__init__(self, text)
            _Locating.__init__(self, path, first_line)

    class _FastLoader(CParser, _Locating):  # type: ignore[misc]
        # libyaml parses and composes; the nodes are measured before they are built.
        def __init__(self, text: str, path: str, first_line: int) -> None:
            if len(text) > _COMPOSED_IN_C_UP_TO:
                raise _TooCostly("read by the bounded composer")
            CParser.__init__(self, text)
            _Locating.__init__(self, path, first_line)
            self.anchored = "&" in text  # else no node can be an alias of another
            self.measured = 0

        def get_single_data(self) -> Any:
            try:
                node = self.get_single_node()
            except _TooCostly:
                raise
            except yaml.YAMLError:
                # Bad text is told by the bounded composer, which reads events in order:
                # libyaml composing stops at the first syntax error, after problems
                # (an alias inside its node) that the composer would have named first.
                raise _TooCostly("told by the bounded composer") from None
            if node is None:
                return None
            self.measured = _measured(node) if self.anchored else _measured_tree(node)
            return self.construct_document(node)

        def nodes(self) -> int:
            return self.measured

    _LOADERS[:0] = [_FastLoader, _EventLoader]


def _measured(root: yaml.Node) -> int:
    """How many nodes ``root`` holds (aliases not counted), when it is clear of the bounds
    the exact composer applies (depth, values, aliases repeating values, an alias inside
    the node it names); else :class:`_TooCostly`. The nodes are visited in document order,
    so a node met again is an alias of it."""
    weights: dict[int, int] = {}  # id(node) -> nodes in it, aliases expanded
    opened: set[int] = set()
    repeated = 0
    pending: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while pending:
        node, depth, closing = pending.pop()
        key = id(node)
        if closing:
            opened.discard(key)
            weights[key] = 1 + sum(weights[id(child)] for child in _children(node))
        elif key in weights:
            repeated += weights[key]
            if repeated > MAX_ALIAS_NODES:
                raise _TooCostly("aliases")
        elif key in opened or depth > MAX_DEPTH:
            raise _TooCostly("an alias inside its node, or too deep")
        else:
            opened.add(key)
            pending.append((node, depth, True))
            pending.extend((child, depth + 1, False) for child in reversed(_children(node)))
    if len(weights) >= MAX_YAML_NODES:
        raise _TooCostly("values")
    return len(weights)


def _measured_tree(root: yaml.Node) -> int:
    """:func:`_measured` for nodes without aliases (a tree): its depth and size only."""
    count, depth, level = 0, 0, [root]
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            raise _TooCostly("too deep")
        count += len(level)
        below: list[yaml.Node] = []
        for node in level:
            if isinstance(node, yaml.MappingNode):
                below.extend(chain.from_iterable(node.value))
            elif isinstance(node, yaml.SequenceNode):
                below.extend(node.value)
        level = below
    if count >= MAX_YAML_NODES:
        raise _TooCostly("values")
    return count


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


_STR_TAG = "tag:yaml.org,2002:str"


def _constructed(loader: _Locating, node: yaml.Node) -> Any:
    """The value of a key, item or value node: a string's is its text, as PyYAML's
    constructor gives it (``construct_yaml_str``: the scalar's value), without its three
    calls, its checks for recursion and its memo, which a scalar needs none of (an alias
    of it is the same node, and the same text); any other node is constructed. Most of
    the values of front matters and data files are strings: ~20 an article."""
    if node.tag == _STR_TAG and type(node) is yaml.ScalarNode:
        return node.value
    return loader.construct_object(node, deep=False)


def _construct_map(loader: _Locating, node: yaml.MappingNode) -> Iterator[LocatedMap]:
    result = LocatedMap(loader.node_line(node))
    yield result
    own_entries = sum(1 for key, _ in node.value if key.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    merged_entries = len(node.value) - own_entries  # from "<<:" merges; may be overridden
    own_keys: set[Hashable] = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = _constructed(loader, key_node)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value, not a list or mapping",
                key_node.start_mark)
        if index >= merged_entries:
            if key in own_keys:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in this mapping",
                    key_node.start_mark)
            own_keys.add(key)
        result[key] = _constructed(loader, value_node)
        result.key_lines[key] = loader.node_line(key_node)


def _construct_seq(loader: _Locating, node: yaml.SequenceNode) -> Iterator[LocatedSeq]:
    result = LocatedSeq(loader.node_line(node))
    yield result
    for item_node in node.value:
        result.append(_constructed(loader, item_node))
        result.item_lines.append(loader.node_line(item_node))


def _construct_timestamp(loader: _Locating, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    # ValueError: month 13, shaped like a date but not one; AttributeError: PyYAML's answer
    # to an explicit "!!timestamp" on text not shaped like a date at all.
    except (ValueError, AttributeError) as error:
        why = f": {error}" if isinstance(error, ValueError) else ""
        raise ContentError(f"{node.value!r} is not a valid date{why}",
                           Location(loader.path, loader.node_line(node)),
                           "write a real date as YYYY-MM-DD, e.g. 2026-03-01") from None


def _explicit(kind: str, what: str) -> Callable[[_Locating, yaml.ScalarNode], Any]:
    """PyYAML's constructor for ``!!int``, ``!!float`` or ``!!bool``, failing located.

    Untagged values only reach it when shaped right; an explicit tag on other text
    (``!!int x``, ``!!bool maybe``, ``!!float ''``) makes PyYAML raise ValueError,
    IndexError or KeyError.
    """
    construct = SafeConstructor.yaml_constructors[f"tag:yaml.org,2002:{kind}"]

    def constructor(loader: _Locating, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, IndexError, KeyError):
            raise ContentError(f"{node.value!r} is not {what}, as its !!{kind} tag says",
                               Location(loader.path, loader.node_line(node)),
                               f"remove the !!{kind} tag, or write {what} there") from None
    return constructor


_Locating.yaml_constructors = {
    **SafeConstructor.yaml_constructors,
    **{f"tag:yaml.org,2002:{kind}": _explicit(kind, what) for kind, what in (
        ("int", "a whole number"), ("float", "a number"), ("bool", "true or false"))},
    "tag:yaml.org,2002:timestamp": _construct_timestamp,
    "tag:yaml.org,2002:map": _construct_map,
    "tag:yaml.org,2002:seq": _construct_seq,
}


def parse_yaml(text: str, path: str, first_line: int = 1) -> Any:
    """Parse one YAML document; ``first_line`` is the file line ``text`` starts on."""
    return parse_yaml_counted(text, path, first_line)[0]


def parse_yaml_counted(text: str, path: str, first_line: int = 1) -> tuple[Any, int]:
    """:func:`parse_yaml`, and how many values (nodes) the document holds."""
    *faster, exact = _LOADERS
    for make_loader in faster:
        try:
            return _load(make_loader, text, path, first_line)
        except _TooCostly:
            continue  # to a bounded composer
        except yaml.YAMLError:
            break  # told again below, in PyYAML's words
    try:
        return _load(exact, text, path, first_line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + first_line if mark is not None else first_line
        problem = error.problem or error.context or "cannot be parsed"
        raise ContentError(f"invalid YAML: {problem}", Location(path, line), SYNTAX_HINT) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + first_line
        raise ContentError(f"invalid YAML: the control character U+{int(error.character):04X} "
                           "is not allowed",
                           Location(path, line), "remove that control character") from None


def _load(make_loader: Callable[[str, str, int], _Locating], text: str, path: str,
          first_line: int) -> tuple[Any, int]:
    loader = make_loader(text, path, first_line)
    try:
        return loader.get_single_data(), loader.nodes()
    finally:
        loader.dispose()
