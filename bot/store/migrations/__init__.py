"""The schema's history as Alembic revisions (env.py, versions/), run from code by
`hangup_bot.store.migrate`; no alembic.ini is needed."""
