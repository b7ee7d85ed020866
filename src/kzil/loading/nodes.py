"""Reading one file's YAML node tree: containers and scalars, each problem with its file and line.

Every reader appends its problems to a shared list and returns None on a problem, so one pass
over a file reports everything wrong with it. What the values mean is declared in `fields.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kzil import dates
from kzil.errors import Problem
from kzil.loading.wording import Suggestions, describe, found_kind, short
from kzil.loading.yamlnodes import DEFAULT_TAGS, canonical_key, line_of, yaml11_kind
from kzil.model import Text
from kzil.text import first_unsafe

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
SURROGATE = re.compile("[\ud800-\udfff]")
NUMERIC_START = frozenset("+-.0123456789")
_NOT_AN_ID = "'{}' is not an id: use lowercase letters, digits and single hyphens"
_NOT_A_CODE = "'{}' is not an ISO 3166-1 alpha-2 code such as KZ or IL"
_REMOVE_IT = "remove it: two names that look the same must be the same name"


def plain(node: Node) -> bool:
    """A plain (unquoted) scalar: the only kind YAML 1.1 tools give a type other than text."""
    return not getattr(node, "style", None)


class NodeReader:
    """Reads one file's node tree, appending to `problems`; readers return None on a problem."""

    def __init__(self, file: str, problems: list[Problem], *, aliases: bool = True) -> None:
        self.file = file
        self.problems = problems
        # The nodes met so far, where a node can be met twice: only a tree composed with anchors
        # (the streamed facts never are) has aliases to find. Without it, and with the line of a
        # key taken only for a duplicate (`mapping`), 10,000 facts are read in 0.38 s, not 0.47.
        self._seen: set[int] | None = set() if aliases else None
        self.suggest = Suggestions()

    def problem(self, node: Node | int | None, field: str, message: str) -> None:
        line = node if isinstance(node, int) or node is None else line_of(node)
        self.problems.append(Problem(self.file, line, field, message))

    def visit(self, node: Node, field: str) -> bool:
        """Refuse aliases and explicit tags: a fact base needs neither, and both are attack surface."""
        seen = self._seen
        if seen is not None:
            key = id(node)
            if key in seen:
                self.problem(node, field, "YAML aliases (*name) are not allowed; write the value out")
                return False
            seen.add(key)
        if node.tag not in DEFAULT_TAGS:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            self.problem(node, field, f"YAML tag '{short(tag)}' is not allowed; kzil reads plain data")
            return False
        return True

    # --- containers ---------------------------------------------------------------------------

    def mapping(
        self,
        node: Node,
        field: str,
        known: tuple[str, ...] | None = None,
        required: tuple[str, ...] = (),
    ) -> dict[str, tuple[ScalarNode, Node]] | None:
        if not self.visit(node, field):
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, field, f"expected a mapping (key: value), found {found_kind(node)}")
            return None
        entries: dict[str, tuple[ScalarNode, Node]] = {}
        first: dict[object, ScalarNode] = {}  # the line of a key is only needed for a duplicate
        for key, value in node.value:
            if not self.visit(key, field):
                continue
            if not isinstance(key, ScalarNode):
                self.problem(key, field, "a key must be a plain name, not a list or mapping")
                continue
            name = key.value
            canonical = canonical_key(key)
            if canonical in first:
                self._duplicate(key, f"{field}.{name}" if field else name, first[canonical])
                continue
            first[canonical] = key
            if known is not None and name not in known:
                where = f"{field}.{name}" if field else name
                self.problem(key, where, f"unknown field '{short(name)}'{self.suggest(name, known)}")
                continue
            entries[name] = (key, value)
        for name in required:
            if name not in entries:
                self.problem(node, field, f"missing field '{name}'")
        return entries

    def _duplicate(self, key: ScalarNode, where: str, earlier: ScalarNode) -> None:
        name, first = key.value, earlier.value
        same = ""
        if first != name:
            same = f" ('{short(first)}' and '{short(name)}' are the same key in YAML 1.1)"
        self.problem(key, where, f"duplicate key, first at line {line_of(earlier)}{same}; keep one of them")

    def sequence(self, node: Node, field: str) -> list[Node] | None:
        if not self.visit(node, field):
            return None
        if not isinstance(node, SequenceNode):
            self.problem(node, field, f"expected a list, found {found_kind(node)}")
            return None
        return list(node.value)

    # --- scalars ------------------------------------------------------------------------------

    def scalar(self, node: Node, field: str) -> str | None:
        """The text of a scalar node; every reader below starts here."""
        if not self.visit(node, field):
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, field, f"expected a value, found {found_kind(node)}")
            return None
        value: str = node.value
        if node.style == '"' and SURROGATE.search(value):  # only escapes can make surrogates
            self.problem(node, field, "contains a lone surrogate escape (\\ud800-\\udfff); remove it")
            return None
        return value

    def text(self, node: Node, field: str) -> str | None:
        value = self.scalar(node, field)
        return None if value is None else self._as_text(node, value, field)

    def _as_text(self, node: Node, value: str, field: str) -> str | None:
        # Only short scalars, or ones that start like a number, can mean something else in
        # YAML 1.1; skipping long prose saves a third of the validation time of a large file.
        if plain(node) and (len(value) <= 40 or value[:1] in NUMERIC_START):
            kind = yaml11_kind(value)
            if kind == "null":
                self.problem(node, field, "is empty; write the text")
                return None
            if kind:
                self.problem(
                    node, field, f"'{short(value)}' is read as {kind} by YAML 1.1 tools; put it in quotes"
                )
                return None
        if not value.strip():
            self.problem(node, field, "is empty; write the text")
            return None
        return value

    def label(self, node: Node, field: str) -> str | None:
        """A name or alias: text that must look like what it is, so that two different names never
        look the same (no control, bidirectional, zero-width, tag or other invisible character)."""
        value = self.text(node, field)
        if value is not None and (unsafe := first_unsafe(value)) is not None:
            self.problem(node, field, f"'{short(value)}' holds {describe(unsafe)}; {_REMOVE_IT}")
            return None
        return value

    def bilingual_label(self, node: Node, field: str) -> Text | None:
        return self.bilingual(node, field, self.label)

    def slug(self, node: Node, field: str) -> str | None:
        return self._matching(node, self.text(node, field), field, SLUG, _NOT_AN_ID)

    def slug_key(self, node: ScalarNode, field: str) -> str | None:
        """A mapping key that is an id (the key node was already checked by `mapping`)."""
        return self._matching(node, self._as_text(node, node.value, field), field, SLUG, _NOT_AN_ID)

    def country_code(self, node: Node, field: str) -> str | None:
        return self._matching(node, self.text(node, field), field, COUNTRY_CODE, _NOT_A_CODE)

    def code_key(self, node: ScalarNode, field: str) -> str | None:
        return self._matching(node, self._as_text(node, node.value, field), field, COUNTRY_CODE, _NOT_A_CODE)

    def _matching(
        self, node: Node, value: str | None, field: str, pattern: re.Pattern[str], problem: str
    ) -> str | None:
        if value is not None and not pattern.fullmatch(value):
            unsafe = first_unsafe(value)
            if unsafe is not None:  # it may look right: say what cannot be seen
                self.problem(node, field, f"'{short(value)}' holds {describe(unsafe)}; {_REMOVE_IT}")
            else:
                self.problem(node, field, problem.format(short(value)))
            return None
        return value

    def iso_date(self, node: Node, field: str) -> str | None:
        value = self.scalar(node, field)
        if value is None:
            return None
        try:
            return dates.parse_iso_day(value).isoformat()
        except dates.EdtfError as error:
            self.problem(node, field, str(error))
            return None

    def boolean(self, node: Node, field: str) -> bool | None:
        value = self.scalar(node, field)
        if value is None:
            return None
        if plain(node) and value in ("true", "True", "TRUE"):
            return True
        if plain(node) and value in ("false", "False", "FALSE"):
            return False
        self.problem(node, field, f"'{short(value)}' is not true or false")
        return None

    def choice(self, node: Node, field: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(node, field)
        if value is None:
            return None
        if value not in choices:
            self.problem(
                node,
                field,
                f"'{short(value)}' is not one of: {', '.join(choices)}{self.suggest(value, choices)}",
            )
            return None
        return value

    def bilingual(
        self, node: Node, field: str, read: Callable[[Node, str], str | None] | None = None
    ) -> Text | None:
        """`{en: ..., ru: ...}`, each read as text (or with `read`); one language alone is fine in a
        user's file (shown, marked, in the other's place), none at all is not."""
        entries = self.mapping(node, field, known=("en", "ru"))
        if entries is None:
            return None
        if not entries:
            self.problem(node, field, "needs a text in 'en' or 'ru' (or both)")
            return None
        read = read or self.text
        texts = {lang: read(entries[lang][1], f"{field}.{lang}") for lang in entries}
        if None in texts.values():
            return None
        return Text(texts.get("en") or "", texts.get("ru") or "")

    def items(
        self, node: Node, field: str, read: Callable[[Node, str], str | None]
    ) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        """A list of unique values, each read with `read`, and the line of each."""
        nodes = self.sequence(node, field)
        if nodes is None:
            return None
        values: dict[str, None] = {}  # ordered, and `in` stays constant time on long lists
        lines: list[int] = []
        ok = True
        for i, item in enumerate(nodes):
            value = read(item, f"{field}[{i}]")
            if value is None:
                ok = False
            elif value in values:
                self.problem(item, f"{field}[{i}]", f"'{short(value)}' is listed twice")
                ok = False
            else:
                values[value] = None
                lines.append(line_of(item))
        return (tuple(values), tuple(lines)) if ok else None

    def table(
        self, node: Node, field: str, key: Callable[[ScalarNode, str], str | None]
    ) -> Iterable[tuple[str, Node, int]]:
        """Entries of an id -> definition mapping, with valid ids only."""
        entries = self.mapping(node, field)
        for name, (key_node, value) in (entries or {}).items():
            if key(key_node, f"{field}.{name}") is not None:
                yield name, value, line_of(key_node)
