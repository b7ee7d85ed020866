"""Rendering: every output kzil writes, for people (Rich, Markdown) and for programs (JSON, CSV, TimelineJS, iCalendar)."""
