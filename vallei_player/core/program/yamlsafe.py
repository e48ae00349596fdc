"""Untrusted YAML in, a small node tree with line and column marks out.

A coach's `program.yaml` (or one inside a pack from anywhere) is parsed from the event
stream rather than with `yaml.safe_load`, for three reasons:
- scalars keep their text, so `1:30`, `no` and `090` reach the schema as written and it can
  say what was meant, instead of YAML 1.1 quietly turning them into 90, False and 90;
- every node keeps where it was written, for `FILE:LINE:COL` messages;
- hostile input is bounded while it streams: size, nesting depth and node count are
  checked as events arrive, anchors/aliases (the "billion laughs") and foreign tags are
  refused, and nothing ever constructs a Python object from a tag.
Every failure is a `Problem`; no exception escapes `parse_yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ...i18n import N_, _
from ..problems import Location, Problem

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_NODES = 20_000

_STANDARD_TAG = re.compile(
    r"^tag:yaml\.org,2002:(str|int|float|bool|null|map|seq|timestamp|binary)$"
)
_STD_PREFIX = "tag:yaml.org,2002:"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(
    r"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"
)

try:  # libyaml's parser is ~10x faster; both give the same events and marks
    _PARSER: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _PARSER = yaml.SafeLoader


@dataclass(frozen=True)
class Mark:
    """A place in the file: line and column from 1, as editors count."""

    line: int
    col: int


@dataclass
class Scalar:
    text: str
    mark: Mark
    plain: bool  # written without quotes and without an explicit tag
    tag: str | None = None

    @property
    def is_null(self) -> bool:
        return (self.plain and self.text in _NULLS) or self.tag == "tag:yaml.org,2002:null"

    @property
    def looks_int(self) -> bool:
        return self.plain and bool(_INT.match(self.text))

    @property
    def looks_number(self) -> bool:
        return self.plain and bool(_INT.match(self.text) or _FLOAT.match(self.text))


@dataclass
class Mapping:
    mark: Mark
    items: list[tuple[Scalar, Node]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.text == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.items]


@dataclass
class Sequence:
    mark: Mark
    items: list[Node] = field(default_factory=list)


Node = Scalar | Mapping | Sequence


def describe(node: Node) -> str:
    """What a node is, in a coach's words, for 'expected X, found Y' messages."""
    if isinstance(node, Mapping):
        return _("a list of keys (mapping)")
    if isinstance(node, Sequence):
        return _("a list")
    if node.is_null:
        return _("nothing")
    if node.looks_int or node.looks_number:
        return _("the number {number}").format(number=node.text)
    return _("the text '{text}'").format(text=_short(node.text))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Stop(Exception):
    """Raised inside the builder to abandon a hostile document at its first fatal problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def parse_yaml(data: bytes, file: str) -> tuple[Node | None, list[Problem]]:
    """Parse `data` (the raw file) into a node tree; problems carry `file` and a position.

    Returns (None, problems) when the document cannot be used at all. Problems that still
    leave a usable tree (a duplicate key, a foreign tag) come back with the tree.
    """
    text, problem = _decode(data, file)
    if text is None:
        return None, [problem] if problem else []
    builder = _Builder(file)
    try:
        builder.run(text)
    except _Stop as stop:
        return None, [*builder.problems, stop.problem]
    except yaml.MarkedYAMLError as e:
        return None, [_syntax_problem(e, text, file)]
    except yaml.reader.ReaderError as e:
        line, col = _line_col(text, e.position)
        return None, [
            Problem(
                Location(file, line, col),
                _("character {character} is not allowed in YAML").format(
                    character=repr(e.character)
                ),
            )
        ]
    except yaml.YAMLError as e:  # any other parser complaint, still the user's file at fault
        return None, [Problem(Location(file, 1, 1), _("YAML: {problem}").format(problem=e))]
    if builder.root is None:
        return None, [*builder.problems, Problem(Location(file, 1, 1), _("the file is empty"))]
    return builder.root, builder.problems


# What libyaml says about the usual mistakes, so a Dutch coach reads them in Dutch too; any
# other (rarer) phrase of the parser is shown as the parser wrote it, in English.
_PARSER_PHRASES = (
    N_("mapping values are not allowed in this context"),
    N_("block sequence entries are not allowed in this context"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected node content"),
    N_("did not find expected <document start>"),
    N_("did not find expected comment or line break"),
    N_("could not find expected ':'"),
    N_("found unexpected end of stream"),
    N_("found character that cannot start any token"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found unknown escape character"),
    N_("found undefined tag handle"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow node"),
    N_("while parsing a block node"),
    N_("while parsing a quoted scalar"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a simple key"),
    N_("while scanning a plain scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning for the next token"),
)


def _syntax_problem(e: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """The parser's complaint at its place, in the user's language where we know the phrase."""
    mark = e.problem_mark or e.context_mark
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
    what = _phrase(e.problem or e.context) or _("the file is not valid YAML")
    start = e.context_mark
    if e.context and start and mark and start.line != mark.line:
        what += _(" ({context} that starts at line {line}, column {col})").format(
            context=_phrase(e.context), line=start.line + 1, col=start.column + 1
        )
    tab = "\t" in text and "tab" not in (e.problem or "") + (e.context or "")
    hint = _(" (a tab used for indentation? use spaces)") if tab else _hint(e, text)
    return Problem(where, _("YAML syntax: {problem}").format(problem=what + hint))


# A ': ' inside an unquoted text, e.g. `title: Step one: breathe` or `{ask: Note: why?}`.
_SECOND_COLON = re.compile(
    r"""(^\s*|[{,]\s*|-\s+)"""  # where a key starts: a line, a flow mapping, a list item
    r"""[^\s"'{}\[\],#][^:{}\[\],#]*:\s+"""  # the key and its ': '
    r"""[^"'{}\[\],#]*:(\s|$)"""  # an unquoted text holding another ': '
)


def _hint(e: yaml.MarkedYAMLError, text: str) -> str:
    """What the three mistakes coaches make most look like to the parser, said plainly: a
    backslash inside double quotes, a ': ' inside an unquoted text, a line indented wrongly."""
    problem = e.problem or ""
    if "escape" in problem or "hexdecimal" in problem:  # only double-quoted text has escapes
        return _(
            " (a backslash inside double quotes starts an escape: write paths with /, or put "
            "the text in single quotes)"
        )
    mark = e.problem_mark
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    if problem in (
        "mapping values are not allowed in this context",
        "did not find expected ',' or '}'",
    ) and _SECOND_COLON.search(line):
        return _(
            " (a ': ' inside a text? put the whole text in quotes, for example "
            'title: "Step one: breathe")'
        )
    if problem in (
        "mapping values are not allowed in this context",
        "did not find expected key",
        "did not find expected '-' indicator",
        "block sequence entries are not allowed in this context",
    ):
        return _(
            " (check the indentation of this line: keys at the same level start in the same "
            "column, indented with spaces)"
        )
    return ""


def _phrase(text: str | None) -> str:
    return _(text) if text in _PARSER_PHRASES else text or ""


def _decode(data: bytes, file: str) -> tuple[str | None, Problem | None]:
    if len(data) > MAX_BYTES:
        return None, Problem(
            Location(file, 1, 1),
            _("the file is {size} KiB; a program.yaml may be at most {limit} KiB").format(
                size=len(data) // 1024, limit=MAX_BYTES // 1024
            ),
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(Location(file, 1, 1), _("the file is UTF-16; save it as UTF-8"))
    if data.startswith(b"\xef\xbb\xbf"):
        return None, Problem(
            Location(file, 1, 1),
            _("the file starts with a byte-order mark; save it as UTF-8 without BOM"),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col(data[: e.start].decode("utf-8", "replace"), e.start)
        return None, Problem(
            Location(file, line, col),
            _("the file is not UTF-8 (byte {byte} here); save it as UTF-8").format(
                byte=f"0x{data[e.start]:02x}"
            ),
        )
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _line_col(text, nul)
        return None, Problem(
            Location(file, line, col),
            _("the file contains a NUL byte; is it really a text file?"),
        )
    return text, None


def _line_col(text: str, position: int) -> tuple[int, int]:
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    return line, col


class _Builder:
    """Turns the event stream into nodes with an explicit stack (no recursion)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.root: Node | None = None
        self.nodes = 0
        self.documents = 0
        # each open collection, and for mappings the key waiting for its value
        self.stack: list[tuple[Mapping | Sequence, Scalar | None, set[str]]] = []

    def _loc(self, mark: Mark) -> Location:
        return Location(self.file, mark.line, mark.col)

    def run(self, text: str) -> None:
        for event in yaml.parse(text, Loader=_PARSER):
            start = event.start_mark
            mark = Mark(start.line + 1, start.column + 1) if start else Mark(1, 1)
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise _Stop(
                        Problem(
                            self._loc(mark),
                            _("the file holds more than one YAML document (a second '---')"),
                        )
                    )
            elif isinstance(event, yaml.AliasEvent):
                raise _Stop(
                    Problem(
                        self._loc(mark),
                        _("YAML aliases (*name) are not allowed; write the value out"),
                    )
                )
            elif isinstance(
                event, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent
            ):
                self._node_event(event, mark)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self.stack.pop()

    def _node_event(self, event: yaml.NodeEvent, mark: Mark) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Stop(
                Problem(
                    self._loc(mark),
                    _(
                        "the file has more than {limit} values; that is too big for a program"
                    ).format(limit=MAX_NODES),
                )
            )
        if event.anchor is not None:
            raise _Stop(
                Problem(
                    self._loc(mark),
                    _("YAML anchors (&{anchor}) are not allowed; write each value out").format(
                        anchor=event.anchor
                    ),
                )
            )
        tag: str | None = getattr(event, "tag", None)
        if tag is not None and tag != "!" and not _STANDARD_TAG.match(tag):
            self.problems.append(
                Problem(
                    self._loc(mark),
                    _("the YAML tag '{tag}' is not allowed; remove it").format(
                        tag=tag.replace(_STD_PREFIX, "!!")
                    ),
                )
            )
            tag = None
        node: Node
        if isinstance(event, yaml.ScalarEvent):
            plain = event.style in (None, "") and tag is None
            node = Scalar(event.value, mark, plain, tag)
        elif isinstance(event, yaml.MappingStartEvent):
            node = Mapping(mark)
        else:
            node = Sequence(mark)
        self._attach(node)
        if not isinstance(node, Scalar):
            if len(self.stack) >= MAX_DEPTH:
                raise _Stop(
                    Problem(
                        self._loc(mark),
                        _("the file nests deeper than {limit} levels").format(limit=MAX_DEPTH),
                    )
                )
            self.stack.append((node, None, set()))

    def _attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent, key, seen = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        if key is None:  # this node is a key
            if not isinstance(node, Scalar):
                self.problems.append(
                    Problem(
                        self._loc(node.mark),
                        _("a key must be a plain word, not a list or mapping"),
                    )
                )
                node = Scalar("?", node.mark, plain=False)
            elif node.text in seen:
                self.problems.append(
                    Problem(
                        self._loc(node.mark),
                        _("the key '{key}' appears twice here; keep one").format(
                            key=_short(node.text)
                        ),
                    )
                )
            seen.add(node.text)
            self.stack[-1] = (parent, node, seen)
        else:
            parent.items.append((key, node))
            self.stack[-1] = (parent, None, seen)
