"""What a source records of the text its facts were checked against, declared as field specs, and
the check that a text file is that version.

- `sha256`: the SHA-256 of the text file's bytes (what `sha256sum FILE` prints) when its quotes
  were checked; `kzil validate --source-dir` and `kzil coverage` say so first when a file differs.
- `splits`: the words where a curator split a sentence into clauses, each then needing a fact.
- `waived`: sentences or clauses that no fact needs to cite, each with its reason.

The text itself is never bundled: the fact base holds quotes, not the article.
"""

from __future__ import annotations

from yaml.nodes import Node

from kzil.errors import Problem
from kzil.loading.fields import (
    BILINGUAL,
    TEXT,
    Field,
    Listed,
    Matches,
    Spec,
    Value,
    read_record,
    unique_list,
)
from kzil.loading.nodes import NodeReader
from kzil.model import Source, Waiver

SHA256_PATTERN = "^[0-9a-f]{64}$"

SHA256 = Field("sha256", Value(NodeReader.text, {"type": "string", "pattern": SHA256_PATTERN}))
SHA256_RULE = Matches(
    "sha256", SHA256_PATTERN, "must be the 64 lowercase hexadecimal digits that sha256sum prints"
)
SPLITS: Field[Listed] = Field("splits", unique_list(TEXT), default=((), ()))

STARTS = Field("starts", TEXT, required=True)
REASON = Field("reason", BILINGUAL, required=True)
WAIVER = Spec((STARTS, REASON))


def _waivers(reader: NodeReader, node: Node, field: str) -> tuple[Waiver, ...] | None:
    """A list of waivers, each `{starts: first words, reason: {en, ru}}`; None after a problem."""
    nodes = reader.sequence(node, field)
    if nodes is None:
        return None
    waivers: list[Waiver] = []
    for i, item in enumerate(nodes):
        found = read_record(reader, WAIVER, item, f"{field}[{i}]")
        if found is not None:
            waivers.append(Waiver(found.must(STARTS), found.must(REASON)))
    return tuple(waivers) if len(waivers) == len(nodes) else None


WAIVED: Field[tuple[Waiver, ...]] = Field(
    "waived", Value(_waivers, {"type": "array", "items": {"$ref": "#/$defs/waiver"}}), default=()
)
FIELDS = (SHA256, SPLITS, WAIVED)


def digest(data: bytes) -> str:
    import hashlib  # only where a text is checked

    return hashlib.sha256(data).hexdigest()


def version_problem(source: Source, path: str, data: bytes) -> Problem | None:
    """One line when the text file at `path` is not the version the source records."""
    if source.sha256 is None:
        return None
    found = digest(data)
    if found == source.sha256:
        return None
    from kzil.loading.files import shown

    return Problem(
        shown(path),
        None,
        f"sources.{source.id}.sha256",
        f"this text is a different version than the one the quotes were checked against: "
        f"expected sha256 {source.sha256}, found {found}; use the recorded version, or check "
        "every quote against this one and record its sha256",
    )
