"""Markdown briefings read by a real CommonMark parser (markdown-it-py), not by string matching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.support import fake_env, invoke


def _blocks(tokens: list[Token], kind: str) -> list[str]:
    """The text of every `kind` block (blockquote, list_item, ...), as a reader would see it."""
    found: list[str] = []
    depth = 0
    parts: list[str] = []
    for token in tokens:
        if token.type == f"{kind}_open":
            depth += 1
            if depth == 1:
                parts = []
        elif token.type == f"{kind}_close":
            depth -= 1
            if depth == 0:
                found.append(" ".join(" ".join(parts).split()))
        elif depth and token.type == "inline":
            children = token.children or []
            parts.append("".join(child.content if child.type != "softbreak" else " " for child in children))
    return found


def _run(tmp_path: Path, *args: str) -> str:
    result = invoke(*args, env=fake_env(tmp_path))
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["facts"],
        ["sector", "water"],
        ["show", "water-mou-signed"],
        ["timeline", "--today", "2026-11-25"],
        ["facts", "--lang", "ru"],
    ],
)
def test_each_blockquote_holds_exactly_the_quote(tmp_path: Path, args: list[str]) -> None:
    records = json.loads(_run(tmp_path, *args, "--json"))
    quotes = [
        " ".join(fact["quote"].split()) for fact in ([records] if isinstance(records, dict) else records)
    ]
    tokens = MarkdownIt("commonmark").parse(_run(tmp_path, *args, "--format", "markdown"))
    assert _blocks(tokens, "blockquote") == quotes


def test_the_attribution_follows_the_quote_in_the_same_list_item(tmp_path: Path) -> None:
    text = _run(tmp_path, "show", "water-mou-signed", "--format", "markdown")
    html = MarkdownIt("commonmark").render(text)
    assert html.startswith(
        "<h2>water-mou-signed</h2>\n<ul>\n<li>\n<p><strong>November 2025</strong> · ● happened · In November"
    )
    assert (
        "сотрудничестве</p>\n</blockquote>\n<p>— Yoav Bystritsky (indirect speech) · Trend, 2026-02-17</p>\n</li>\n</ul>\n"
        "<p><strong>Source:</strong></p>\n<ul>\n<li>Trend (Baku, 2026-02-17), interview: Yoav Bystritsky, "
        "Ambassador of Israel to Kazakhstan</li>\n</ul>\n"
    ) in html
