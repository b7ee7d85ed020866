"""kzil: Kazakhstan–Israel relations from the source, as a verifiable fact base."""

__version__ = "0.1.0"
