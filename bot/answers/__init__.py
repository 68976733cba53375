"""Text -> Answer: reading codes and pasted logs, plain words, ranking and evaluation.
Pure, no I/O past the catalog; may import knowledge only."""
