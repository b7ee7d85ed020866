"""The sentence audit (data/audit.tsv): every sentence of the interview is cited by a fact or waived."""

from __future__ import annotations

import pytest

from kzil.coverage import Sentence, sentences, spans
from kzil.loading import loader
from kzil.model import FactBase
from tests.audit_support import AuditRow, read_audit
from tests.support import BUNDLED, ROOT, source_text

AUDIT = ROOT / "data" / "audit.tsv"


@pytest.fixture(scope="module")
def text() -> str:
    return source_text()


@pytest.fixture(scope="module")
def split(text: str) -> list[Sentence]:
    return sentences(text)


@pytest.fixture(scope="module")
def rows() -> list[AuditRow]:
    return read_audit(AUDIT)


@pytest.fixture(scope="module")
def base() -> FactBase:
    return loader.load([str(BUNDLED)], use_cache=False)


def citing(base: FactBase, text: str, sentence: Sentence) -> list[str]:
    """Ids of the facts, in file order, whose quote overlaps the sentence somewhere in the text."""
    return [
        fact.id
        for fact in base.facts
        if any(sentence.overlaps(start, end) for start, end in spans(text, fact.quote))
    ]


# --- the splitter ---------------------------------------------------------------------------------


def test_sentences_end_at_stops_followed_by_space_and_at_line_breaks() -> None:
    text = " Один. Два! Три? Четыре… Пять\n\nШесть.Семь"
    assert [s.text for s in sentences(text)] == ["Один.", "Два!", "Три?", "Четыре…", "Пять", "Шесть.Семь"]
    assert all(text[s.start : s.end] == s.text for s in sentences(text))


def test_an_initial_does_not_end_a_sentence() -> None:
    text = 'Й. Быстрицкий подчеркнул это. "Да", - отметил Й. Быстрицкий. J. Smith agreed.'
    assert [s.text for s in sentences(text)] == [
        "Й. Быстрицкий подчеркнул это.",
        '"Да", - отметил Й. Быстрицкий.',
        "J. Smith agreed.",
    ]


def test_the_opening_is_the_first_five_words_as_written() -> None:
    (sentence,) = sentences("  date 2026-02-17 БАКУ Trend/ - Присоединение Казахстана.")
    assert sentence.opening == "date 2026-02-17 БАКУ Trend/ -"
    assert sentence.overlaps(sentence.end - 1, sentence.end + 5)
    assert not sentence.overlaps(sentence.end, sentence.end + 5)


# --- the table against the interview ---------------------------------------------------------------


def test_one_row_per_sentence_with_its_opening(rows: list[AuditRow], split: list[Sentence]) -> None:
    assert [row.n for row in rows] == list(range(1, len(split) + 1))
    assert [row.opening for row in rows] == [sentence.opening for sentence in split]


def test_listed_facts_exist_and_their_quotes_overlap_the_sentence(
    rows: list[AuditRow], split: list[Sentence], base: FactBase, text: str
) -> None:
    for row, sentence in zip(rows, split, strict=True):
        unknown = [fact_id for fact_id in row.facts if fact_id not in base.by_id]
        assert unknown == [], f"sentence {row.n}: no such facts"
        assert list(row.facts) == citing(base, text, sentence), f"sentence {row.n}: {sentence.opening}"


def test_every_fact_is_in_some_row(rows: list[AuditRow], base: FactBase) -> None:
    listed = {fact_id for row in rows for fact_id in row.facts}
    assert [fact.id for fact in base.facts if fact.id not in listed] == []


def test_every_sentence_is_cited_or_waived(rows: list[AuditRow]) -> None:
    for row in rows:
        assert bool(row.facts) != bool(row.waiver), (
            f"sentence {row.n} ({row.opening}): give facts or a waiver, not both or neither"
        )


def test_the_audits_waivers_are_the_datas(
    rows: list[AuditRow], split: list[Sentence], base: FactBase
) -> None:
    """A sentence the table waives is waived in data/facts.yaml too (with its reason), and no other."""
    waived = [w.starts for source in base.sources.values() for w in source.waived]
    in_table = [split[row.n - 1].text for row in rows if row.waiver]
    assert sorted(waived) == sorted(w for w in waived if any(text.startswith(w) for text in in_table))
    assert len(waived) == len(in_table)
