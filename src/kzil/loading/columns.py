"""How a model record's fields become store columns, by their annotated types (`schema` builds
the tables from them)."""

import types
from typing import NamedTuple

from kzil.model import LANGS

RULES = {
    "str": "text",
    "Text": "bilingual",
    "bool": "flag",
    "tuple[str, ...]": "list",
    "tuple[Waiver, ...]": "waivers",  # a source's waivers: a JSON array of {starts, reason: {en, ru}}
}


class Field(NamedTuple):
    name: str
    kind: str  # text, bilingual, flag, list or waivers
    optional: bool
    columns: tuple[str, ...]


def annotation_text(value: object) -> str:
    """An annotation as written: `str | None`, `tuple[str, ...]`, `Mapping[str, Source]`. The
    model's annotations are evaluated (see `kzil.model`); a quoted one is a ForwardRef."""
    forward = getattr(value, "__forward_arg__", None)
    if forward is not None:
        return str(forward)
    if value is None or value is type(None):
        return "None"
    if value is Ellipsis:
        return "..."
    args = getattr(value, "__args__", ())
    if isinstance(value, types.UnionType):
        return " | ".join(annotation_text(arg) for arg in args)
    origin = getattr(value, "__origin__", None)
    if origin is not None and args:
        return f"{annotation_text(origin)}[{', '.join(annotation_text(arg) for arg in args)}]"
    return str(getattr(value, "__name__", value))


def fields_of(record: type) -> tuple[Field, ...]:
    """A record's fields as store columns, by the type of each (`RULES`)."""
    found = []
    for name, annotation in record.__annotations__.items():
        base, _, none = annotation_text(annotation).partition(" | ")
        kind = RULES.get(base)
        if kind is None or none not in ("", "None"):
            raise TypeError(f"{record.__name__}.{name}: no store column for type {annotation}")
        columns = tuple(f"{name}_{lang}" for lang in LANGS) if kind == "bilingual" else (name,)
        found.append(Field(name, kind, bool(none), columns))
    return tuple(found)
