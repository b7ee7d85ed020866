"""kzil.text: what counts as unsafe to show, how it is shown, and where a line is."""

from __future__ import annotations

import re
import unicodedata

import pytest

from kzil.text import PRINTABLE_UNSAFE, UNSAFE, line_at, plainly_safe, visible

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt), which `unicodedata` lacks.
DEFAULT_IGNORABLE = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
]  # fmt: skip


def test_every_control_format_separator_and_ignorable_character_is_unsafe() -> None:
    unsafe = re.compile(UNSAFE)
    ignorable = {code for low, high in DEFAULT_IGNORABLE for code in range(low, high + 1)}
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if chr(code) != "\n"
        and (unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp", "Cs") or code in ignorable)
        and not unsafe.match(chr(code))
    ]
    assert missed == []


def test_the_printable_shortcut_lets_no_unsafe_character_through() -> None:
    """`visible` returns a printable text without PRINTABLE_UNSAFE as it is: every unsafe
    character is non-printable or one of those, alone, among ASCII and among other letters."""
    unsafe, printable_unsafe = re.compile(UNSAFE), re.compile(PRINTABLE_UNSAFE)
    codes = [code for code in range(0x110000) if unsafe.match(chr(code))]
    assert [f"U+{c:04X}" for c in codes if chr(c).isprintable() and not printable_unsafe.match(chr(c))] == []
    for around in ("", "a", "é\n"):
        assert [f"U+{c:04X}" for c in codes if visible(around + chr(c)) == around + chr(c)] == []
        assert [f"U+{c:04X}" for c in codes if plainly_safe(around + chr(c))] == []


def test_plainly_safe_passes_printable_text_in_any_script() -> None:
    assert plainly_safe('{"summary": "Вода water 2026 — «ёлка» ½ 👍 中文 עברית عربى"}')
    assert not plainly_safe("two\nlines")  # not printable: the caller looks with UNSAFE


def test_letters_digits_spaces_and_emoji_are_safe() -> None:
    text = "Вода water 2026 — «ёлка» ½ \u00a0 👍 中文 عربى"
    assert visible(text) == text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("\u202eevil", "\\u202eevil"),
        ("wa\u200bter", "wa\\u200bter"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("❤\ufe0f", "❤\\ufe0f"),
        ("caf\udce9", "caf\\xe9"),  # a byte that was not UTF-8, as Python hands it over
        ("lone \ud800", "lone \\ud800"),
        ("two\nlines", "two\nlines"),
    ],
)
def test_visible_escapes_each_unsafe_character_as_python_would_write_it(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_one_line_escapes_newlines_too() -> None:
    assert visible("two\nlines\u2028", one_line=True) == "two\\x0alines\\u2028"


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"])
def test_line_at_counts_every_line_end_an_editor_shows(end: str) -> None:
    text = end.join(["one", "two", "three", "four"])
    assert line_at(text, text.index("four")) == 4
    assert line_at(text, 0) == 1
