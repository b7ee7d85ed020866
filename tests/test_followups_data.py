"""Follow-up data: `follows`, source kinds, one-language texts, and what `validate` refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzil.loading import loader
from kzil.model import Text
from tests.support import BUNDLED, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "followups.yaml"

BASE = """\
version: 1
sources:
  first:
    outlet: Trend
    kind: interview
    published: "2026-02-17"
    place: {en: Baku, ru: Баку}
    language: ru
    speaker: someone
    title: {en: Title, ru: Заголовок}
  later:
    outlet: Example Gazette
    kind: article
    published: "2026-06-12"
    place: {en: Exampleton}
    language: en
    title: {en: Later}
entities:
  someone:
    kind: person
    name: {en: Some One, ru: Некто}
facts:
  - id: plan
    source: first
    quote: "words"
    summary: {en: A plan., ru: План.}
    status: planned
    date: "2026-06"
    date_text: {en: in June, ru: в июне}
  - id: outcome
    source: later
    quote: "later words"
    summary: {en: It happened.}
    status: happened
    follows: [plan]
"""


def problems(tmp_path: Path, *texts: str) -> list[str]:
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / (f"more{i}.yaml" if i else "facts.yaml")
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return [str(p).replace(str(tmp_path) + "/", "") for p in loader.validate(paths).problems]


def change(old: str, new: str, text: str = BASE) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_a_follow_up_in_an_article_without_speaker_and_in_one_language_is_valid(tmp_path: Path) -> None:
    assert problems(tmp_path, BASE) == []
    path = tmp_path / "facts.yaml"
    base = loader.load([str(path)], use_cache=False)
    outcome = base.facts[base.by_id["outcome"]]
    assert (outcome.follows, outcome.as_of, outcome.summary) == (
        ("plan",),
        "2026-06-12",
        ("It happened.", ""),
    )
    assert base.sources["later"].speaker is None
    assert [fact.id for fact in base.followers("plan")] == ["outcome"]


def test_a_one_language_text_shows_in_the_other_language_marked() -> None:
    assert Text("It happened.", "").get("ru") == "[en] It happened."
    assert Text("", "Произошло.").get("en") == "[ru] Произошло."
    assert Text("It happened.", "Произошло.").get("ru") == "Произошло."


def test_follows_survive_the_compiled_cache(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(BASE, encoding="utf-8")
    parsed = loader.load([str(path)], cache_dir=str(tmp_path / "cache"))
    cached = loader.load([str(path)], cache_dir=str(tmp_path / "cache"))
    assert cached == parsed and cached.by_follows == {"plan": (1,)}
    assert cached.facts[1].follows == ("plan",)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "follows: [plan]",
            "follows: [plna]",
            "facts.yaml:35: facts[outcome].follows[0]: unknown fact 'plna'; did you mean 'plan'?; a follow-up "
            "names a fact of the files read together (the bundled base is '@bundled')",
        ),
        (
            "follows: [plan]",
            "follows: [outcome]",
            "facts.yaml:35: facts[outcome].follows[0]: a fact cannot follow itself; name the earlier fact it "
            "reports on",
        ),
        (
            '    published: "2026-06-12"',
            '    published: "2026-01-05"',
            "facts.yaml:35: facts[outcome].follows[0]: as of 2026-01-05, before 'plan' (2026-02-17): a "
            "follow-up reports later than the fact it follows; fix 'as_of' (it defaults to the source's "
            "date) or the link",
        ),
        (
            "    status: happened",
            "    status: assessment",
            "facts.yaml:35: facts[outcome].follows: an assessment does not say what came of a plan; give "
            "this fact the status happened, ongoing, cancelled or a forward-looking one, or remove 'follows'",
        ),
        (
            "follows: [plan]",
            "follows: [plan, plan]",
            "facts.yaml:35: facts[outcome].follows[1]: 'plan' is listed twice",
        ),
        (
            "    kind: article",
            "    kind: blog",
            "facts.yaml:13: sources.later.kind: 'blog' is not one of: interview, article, statement, "
            "press-release, note",
        ),
        (
            "    kind: article",
            "    kind: statement",
            "facts.yaml:12: sources.later: missing field 'speaker': interviews and statements name who "
            "speaks (an entity id)",
        ),
        (
            "    place: {en: Exampleton}",
            "    place: {}",
            "facts.yaml:15: sources.later.place: needs a text in 'en' or 'ru' (or both)",
        ),
    ],
    ids=["unknown", "itself", "earlier-as-of", "assessment", "twice", "kind", "speaker", "no-text"],
)
def test_validate_refuses_a_bad_follow_up_with_file_line_and_hint(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert problems(tmp_path, change(old, new)) == [expected]


def test_validate_refuses_a_cycle_once_at_the_link_that_closes_it(tmp_path: Path) -> None:
    text = change(
        "    date_text: {en: in June, ru: в июне}\n",
        "    date_text: {en: in June, ru: в июне}\n    follows: [outcome]\n",
    )
    text = change('    published: "2026-06-12"', '    published: "2026-02-17"', text)
    assert problems(tmp_path, text) == [
        "facts.yaml:36: facts[outcome].follows[0]: closes a cycle (plan → outcome → plan): a follow-up "
        "reports on an earlier fact, never on one that follows it; remove one of these links"
    ]


def test_a_later_file_follows_a_fact_of_an_earlier_one_and_reports_its_own_line(tmp_path: Path) -> None:
    mine = (
        "version: 1\nfacts:\n  - id: mine\n    source: later\n    quote: q\n    summary: {ru: Итог.}\n"
        "    status: cancelled\n    follows: [plan, nothing]\n"
    )
    assert problems(tmp_path, BASE, mine) == [
        "more1.yaml:8: facts[mine].follows[1]: unknown fact 'nothing'; a follow-up names a fact of the "
        "files read together (the bundled base is '@bundled')"
    ]


def test_a_follow_up_of_a_broken_fact_is_not_reported_twice(tmp_path: Path) -> None:
    text = change("    status: planned", "    status: plnned")
    assert problems(tmp_path, text) == [
        "facts.yaml:27: facts[plan].status: 'plnned' is not one of: happened, ongoing, in-progress, "
        "scheduled, planned, proposed, intended, hoped, pending, cancelled, assessment; did you mean 'planned'?"
    ]


def test_the_bundled_base_stays_fully_bilingual_and_follows_nothing() -> None:
    base = loader.load([str(BUNDLED)], use_cache=False)
    texts = [
        (f"facts[{fact.id}].{field}", value)
        for fact in base.facts
        for field, value in (("summary", fact.summary), ("date_text", fact.date_text), ("notes", fact.notes))
    ]
    texts += [
        (f"sources.{key}.{f}", getattr(s, f)) for key, s in base.sources.items() for f in ("place", "title")
    ]
    for kind in ("sector", "country", "entity"):
        texts += [(f"{kind}.{key}.name", item.name) for key, item in base.named(kind).items()]
    texts += [(f"entity.{key}.role", item.role) for key, item in base.entities.items()]
    assert [where for where, text in texts if text is not None and not (text.en and text.ru)] == []
    assert [fact.id for fact in base.facts if fact.follows] == []
    assert {source.kind for source in base.sources.values()} == {"interview"}


def test_the_fictional_fixture_is_valid_with_the_bundled_base_and_never_in_the_package() -> None:
    assert loader.validate([str(BUNDLED), str(FIXTURE)]).problems == []
    shipped = [ROOT / "data" / "facts.yaml", *(ROOT / "src" / "kzil").rglob("*")]
    assert [path for path in shipped if path.is_file() and b"Example Gazette" in path.read_bytes()] == []
    assert "Example Gazette" in FIXTURE.read_text(encoding="utf-8")


def test_at_bundled_stands_for_the_bundled_base() -> None:
    assert loader.data_paths(["@bundled", "mine.yaml"], {}) == [loader.bundled_path(), "mine.yaml"]
    assert loader.data_paths(None, {"KZIL_DATA": "@bundled"}) == [loader.bundled_path()]
    assert loader.data_paths(["./@bundled"], {}) == ["./@bundled"]


def test_the_readme_follow_up_example_is_valid_with_the_bundled_base(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\n# mine.yaml\n") + len("```yaml\n")
    mine = tmp_path / "mine.yaml"
    mine.write_text(readme[start : readme.index("```", start)], encoding="utf-8")
    assert loader.validate([str(BUNDLED), str(mine)]).problems == []
    base = loader.load([str(BUNDLED), str(mine)], use_cache=False)
    assert [fact.id for fact in base.followers("scat-shymkent-flights")] == ["scat-first-flight"]
