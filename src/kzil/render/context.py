"""A quote inside its paragraph of the source text, for `kzil show --context`."""

from __future__ import annotations

from rich.text import Text

from kzil.coverage import Context
from kzil.text import visible

# The quote stands out by its style on a colour terminal and by «» everywhere (a pipe, NO_COLOR):
# the same marks `show` puts around the quote itself.
QUOTE_STYLE = "bold yellow"


def context_cell(found: Context) -> Text:
    """The paragraph with the quote marked, then where the paragraph is: `file:line`."""
    paragraph = found.paragraph
    cell = Text(overflow="fold")
    cell.append(visible(paragraph[: found.start]))
    cell.append("«" + visible(paragraph[found.start : found.end]) + "»", style=QUOTE_STYLE)
    cell.append(visible(paragraph[found.end :]))
    cell.append(f"\n{visible(found.path, one_line=True)}:{found.line}", style="dim")
    return cell
