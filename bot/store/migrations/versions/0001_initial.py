"""The schema as `create_all` made it before migrations: claims, events, incidents, outbox,
tallies, pacing, mutes, counters.

Revision ID: 0001
Revises:
Create Date: 2026-12-01

A frozen copy of bot/store/tables.py at that point, never to be edited: later changes are new
revisions. It creates only the tables that are missing, so a database written by the releases
before migrations (the Slack-only release had `claims` alone) is brought to this revision with
every row kept, and an empty database gets the whole schema.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

schema = MetaData()

Table(
    "claims",
    schema,
    Column("key", String(200), primary_key=True),
    Column("claimed_at", Float, nullable=False, index=True),
)
Table(
    "events",
    schema,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(300), nullable=False, unique=True),
    Column("provider", String(40), nullable=False),
    Column("code", String(200), nullable=False),
    Column("call_id", String(200), nullable=False),
    Column("cause", String(200)),
    Column("source", String(80)),
    Column("direction", String(40)),
    Column("from_number", String(80)),
    Column("to_number", String(80)),
    Column("duration", Integer),
    Column("incident_key", String(300)),
    Column("received_at", Float, nullable=False),
    Index("events_by_key", "incident_key", "received_at"),
    Index("events_by_provider", "provider", "received_at"),
)
Table(
    "incidents",
    schema,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False),
    Column("status", String(20), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("family", String(200), nullable=False),
    Column("title", String(300), nullable=False),
    Column("count", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("providers", Text, nullable=False),
    Column("samples", Text, nullable=False),
    Column("numbers", Text, nullable=False),
    Column("slack_ts", String(40)),
    Column("posted_at", Float),
    Column("reminded_at", Float, nullable=False),
    Column("dirty", Boolean, nullable=False),
    Column("acknowledged_by", String(40)),
    Column("acknowledged_at", Float),
    Column("resolved_at", Float),
    Index(
        "one_open_incident",
        "key",
        unique=True,
        sqlite_where=text("status = 'open'"),
        postgresql_where=text("status = 'open'"),
    ),
)
Table(
    "outbox",
    schema,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", Integer, nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("text", Text),
    Column("channel", String(40), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("next_attempt_at", Float, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("claimed_by", String(80)),
    Column("claimed_until", Float),
    Column("done_at", Float),
    Column("error", String(300)),
    Index("outbox_due", "done_at", "next_attempt_at"),
)
Table(
    "tallies",
    schema,
    Column("scope", String(320), primary_key=True),
    Column("minute", Integer, primary_key=True),
    Column("shard", Integer, primary_key=True),
    Column("count", Integer, nullable=False),
)
Table(
    "pacing",
    schema,
    Column("channel", String(40), primary_key=True),
    Column("next_at", Float, nullable=False),
)
Table(
    "mutes",
    schema,
    Column("target", String(200), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("until", Float, nullable=False),
    Column("muted_by", String(40)),
)
Table(
    "counters",
    schema,
    Column("name", String(80), primary_key=True),
    Column("labels", String(400), primary_key=True),
    Column("shard", Integer, primary_key=True),
    Column("value", Integer, nullable=False),
)


def upgrade() -> None:
    schema.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    schema.drop_all(op.get_bind(), checkfirst=True)
