"""Loading: reading fact-base files, YAML nodes, validation, merging and the compiled store."""
