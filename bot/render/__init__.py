"""Answers and incidents -> terminal text, JSON dictionaries and Block Kit (plain dicts), with
escaping. No Slack client here; may import knowledge and answers."""
