"""Rendering: every output kzil writes, for people (Rich, Markdown) and programs (JSON, CSV, ...)."""
