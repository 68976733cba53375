"""What the catalog knows: the records (Entry, Provider, Catalog, HangupEvent), reading the
YAML and validating it. Stands on the ground: imports nothing of hangup_bot but itself."""
