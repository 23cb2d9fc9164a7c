"""The one YAML loader: every YAML a person hands us (story and content-page front matter, the linter,
feedback forms) goes through `load` or `load_mapping`.

It is PyYAML's SafeLoader, made strict where YAML is dangerous or treacherous:

- **No aliases or anchors** (`&a`, `*a`): they are how a few hundred bytes expand into gigabytes
  ("billion laughs"); front matter and forms never need them. No explicit tags (`!!str`, `!!binary`,
  `!foo`) and no merge keys (`<<`) either: plain `key: value` lines are all we read.
- **No duplicate keys**: `title:` written twice is an error naming both lines, not "the last wins".
- **Bounded**: at most MAX_DEPTH levels of nesting (10,000 `[` used to end in a RecursionError) and
  MAX_CHARS characters; numbers of more than MAX_DIGITS digits are refused.
- **Integers are decimal, always**: `team_size: 012` reads as 12, never as YAML 1.1's octal 10;
  `0x1F`, `0o17`, `1_000` and sexagesimal `1:30` are not numbers (they stay text, so a field that wants
  a number says so). Floats follow the same YAML 1.2 rule (`1.5`, `-2e3`, `.inf`). Booleans keep YAML
  1.1's reading (`yes`/`no`/`on`/`off` are true/false) so that the readers can tell the writer that an
  unquoted `NO` became false, instead of silently storing the word; dates (`2025-06-30`) are dates,
  and an impossible one (`2025-02-30`) is an error with its line.

Every error is a YamlError (an InputError): one line, "line N: what is wrong", with N counted in the
file the YAML came from (`first_line` says where the YAML text starts in it).
"""

from __future__ import annotations

import re

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, ScalarNode
from yaml.resolver import Resolver

from systemcraft.errors import InputError

MAX_DEPTH = 32              # nesting levels of lists and mappings
MAX_CHARS = 256 * 1024      # a YAML block (front matter, a form) is a few hundred bytes in practice
MAX_DIGITS = 30             # digits in one number

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_FLOAT_RE = re.compile(r"""^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?
                         |[-+]?[0-9]+[eE][-+]?[0-9]+
                         |[-+]?\.(?:inf|Inf|INF)
                         |\.(?:nan|NaN|NAN))$""", re.X)


def shown(value, limit: int = 60) -> str:
    """A value a person wrote, fit for a one-line message: line breaks and tabs become spaces, other
    control characters are escaped, and it is cut to `limit` characters."""
    from systemcraft.domain.wording import one_line
    return one_line(" ".join(str(value).split()) if isinstance(value, str) else repr(value), limit)


class YamlError(InputError):
    """YAML we refuse: `line` is the line in the file (None when unknown), `problem` the short reason."""

    def __init__(self, line: int | None, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}" if line else problem)


class _StrictComposer(Composer):
    """Composing, checked event by event before any node is built: no aliases, anchors or tags, and
    at most MAX_DEPTH levels of nesting."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise ComposerError(None, None, f"aliases (*{shown(event.anchor, 30)}) are not allowed", event.start_mark)
        if event.anchor is not None:
            raise ComposerError(None, None, f"anchors (&{shown(event.anchor, 30)}) are not allowed", event.start_mark)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag is not None:
            raise ComposerError(None, None, f"tags ({shown(event.tag, 40)}) are not allowed; quote the value instead",
                                event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH and isinstance(event, CollectionStartEvent):
                raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _StrictConstructor(SafeConstructor):
    """Constructing: no merge keys or duplicate keys, decimal integers, real dates."""

    def flatten_mapping(self, node) -> None:
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                raise ConstructorError(None, None, "merge keys (<<) are not allowed", key_node.start_mark)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, f"expected a mapping, found {node.id}", node.start_mark)
        self.flatten_mapping(node)
        mapping: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(None, None, "a key must be a plain word, not a list or a mapping",
                                       key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            if key in mapping:
                raise ConstructorError(None, None, f"duplicate key '{shown(key)}' (first on line "
                                       f"{first_line[key] + self._first_line})", key_node.start_mark)
            first_line[key] = key_node.start_mark.line
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    _first_line = 1

    def construct_yaml_int(self, node):
        value = self.construct_scalar(node)
        digits = value.lstrip("+-")
        if len(digits) > MAX_DIGITS:
            raise ConstructorError(None, None, f"a number of {len(digits)} digits (at most {MAX_DIGITS})",
                                   node.start_mark)
        return int(value, 10)            # decimal, whatever the leading zeros: 012 is 12

    def construct_yaml_float(self, node):
        value = self.construct_scalar(node)
        if len(re.sub(r"[^0-9]", "", value)) > MAX_DIGITS:
            raise ConstructorError(None, None, f"a number of more than {MAX_DIGITS} digits", node.start_mark)
        return super().construct_yaml_float(node)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise ConstructorError(None, None, f"'{shown(self.construct_scalar(node), 40)}' is not a real date",
                                   node.start_mark) from None


class _StrictResolver(Resolver):
    pass


_StrictResolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_StrictResolver.add_implicit_resolver(_INT, _INT_RE, list("-+0123456789"))
_StrictResolver.add_implicit_resolver(_FLOAT, _FLOAT_RE, list("-+0123456789."))
_StrictConstructor.add_constructor(_INT, _StrictConstructor.construct_yaml_int)
_StrictConstructor.add_constructor(_FLOAT, _StrictConstructor.construct_yaml_float)
_StrictConstructor.add_constructor(_TIMESTAMP, _StrictConstructor.construct_yaml_timestamp)

if yaml.__with_libyaml__:       # libyaml scans and parses (10× faster); composing stays ours, checked
    from yaml._yaml import CParser

    class _StrictLoader(_StrictComposer, CParser, _StrictConstructor, _StrictResolver):
        def __init__(self, stream) -> None:
            CParser.__init__(self, stream)
            _StrictComposer.__init__(self)
            _StrictConstructor.__init__(self)
            _StrictResolver.__init__(self)
else:                           # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _StrictLoader(Reader, Scanner, Parser, _StrictComposer, _StrictConstructor, _StrictResolver):
        def __init__(self, stream) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            _StrictComposer.__init__(self)
            _StrictConstructor.__init__(self)
            _StrictResolver.__init__(self)


def _problem(exc: yaml.YAMLError) -> str:
    problem, context = getattr(exc, "problem", None), getattr(exc, "context", None)
    text = f"{context} {problem}" if context and problem and problem.startswith("but ") else \
        problem or context or "not valid YAML"
    return shown(text, 200)


def load(text: str, first_line: int = 1):
    """Parse one YAML document strictly (see the module's docstring). `first_line`: the line of the
    file on which `text` starts, so errors name the file's line. An empty document is None."""
    if len(text) > MAX_CHARS:
        raise YamlError(first_line, f"the YAML is {len(text):,} characters long; at most {MAX_CHARS:,}")
    loader = None
    try:
        loader = _StrictLoader(text)
        loader._first_line = first_line
        return loader.get_single_data()
    except yaml.reader.ReaderError as exc:
        at = exc.position if isinstance(exc.position, int) else 0       # libyaml counts UTF-8 bytes
        line = text.encode("utf-8", "replace")[:at].count(b"\n") + first_line
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise YamlError(line, f"the character {what} is not allowed in YAML (a control character?)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(mark.line + first_line if mark else first_line, _problem(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, _problem(exc)) from None
    except UnicodeError as exc:           # a lone surrogate (from a web form): not text libyaml can read
        start = getattr(exc, "start", 0)
        raise YamlError(text[:start].count("\n") + first_line, "a character that is not valid Unicode text") \
            from None
    except RecursionError:               # not reached with MAX_DEPTH; a last guard all the same
        raise YamlError(first_line, f"nested more than {MAX_DEPTH} levels deep") from None
    finally:
        if loader is not None and hasattr(loader, "dispose"):
            loader.dispose()


def load_mapping(text: str, first_line: int = 1, what: str = "the YAML") -> dict:
    """`load`, then insist on `key: value` lines at the top (an empty document is an empty mapping)."""
    data = load(text, first_line)
    if data is None:
        return {}
    if not isinstance(data, dict):
        kind = {list: "a list", str: "a single line of text"}.get(type(data), f"a single {type(data).__name__}")
        raise YamlError(first_line, f"{what} must be 'key: value' lines, not {kind}")
    return data
