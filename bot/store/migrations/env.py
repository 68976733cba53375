"""Alembic's entry point: runs the revisions on the connection `migrate` hands over (already in
a transaction and holding the migration lock), comparing against the tables the code declares."""

from __future__ import annotations

from alembic import context

from hangup_bot.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `hangup db upgrade` (hangup_bot.store.migrate)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
