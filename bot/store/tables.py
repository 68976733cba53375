"""The database schema (SQLAlchemy Core): one metadata for SQLite and PostgreSQL alike."""

from __future__ import annotations

import os

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

metadata = MetaData()
SHARDS = 16  # counters and tallies are split so processes do not queue on one hot row


def shard() -> int:
    """This process's shard of the hot counter rows."""
    return os.getpid() % SHARDS


claims = Table(
    "claims",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("claimed_at", Float, nullable=False, index=True),
)

# Vobiz signs only the URL and a nonce: each nonce is kept for the replay window with the
# fingerprint of the request it came with (alerts.replay).
nonces = Table(
    "nonces",
    metadata,
    Column("nonce", String(80), primary_key=True),  # "vobiz:v3:<digits>"
    Column("fingerprint", String(64), nullable=False),  # sha256 of method, query and body
    Column("seen_at", Float, nullable=False, index=True),
)

events = Table(
    "events",
    metadata,
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
    Column("account", String(80)),  # the provider account, when the callback names one
    Column("incident_key", String(300)),
    Column("received_at", Float, nullable=False),
    Index("events_by_key", "incident_key", "received_at"),
    Index("events_by_provider", "provider", "received_at"),
)
events_by_call = Index("events_by_call", events.c.call_id)  # `hangup call ID` reads by call id

incidents = Table(
    "incidents",
    metadata,
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
    Column("providers", Text, nullable=False),  # JSON {"plivo:3130": 12}
    Column("samples", Text, nullable=False),  # JSON [call ids]
    Column("numbers", Text, nullable=False),  # JSON [numbers]
    Column("slack_ts", String(40)),
    Column("posted_at", Float),
    Column("reminded_at", Float, nullable=False),
    Column("dirty", Boolean, nullable=False),
    Column("acknowledged_by", String(40)),
    Column("acknowledged_at", Float),
    Column("resolved_at", Float),
    Column("resolved_by", String(40)),  # who pressed Resolve (None: resolved after quiet)
    Column("counted_at", Float),  # count and total include events received up to then
    # one open incident per key, whichever process opens it
    Index(
        "one_open_incident",
        "key",
        unique=True,
        sqlite_where=text("status = 'open'"),
        postgresql_where=text("status = 'open'"),
    ),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", Integer, nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # post, update, thread
    Column("text", Text),  # the reply, for thread messages
    Column("channel", String(40), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("next_attempt_at", Float, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("claimed_by", String(80)),
    Column("claimed_until", Float),
    Column("done_at", Float),
    Column("error", String(300)),
    Index("outbox_due", "done_at", "next_attempt_at"),
)

tallies = Table(
    "tallies",
    metadata,
    Column("scope", String(320), primary_key=True),  # "p:plivo" or "k:<incident key>"
    Column("minute", Integer, primary_key=True),  # epoch minute
    Column("shard", Integer, primary_key=True),  # writers of one tally use different rows
    Column("count", Integer, nullable=False),
)

pacing = Table(
    "pacing",
    metadata,
    Column("channel", String(40), primary_key=True),
    Column("next_at", Float, nullable=False),  # no message to this channel before then
)

mutes = Table(
    "mutes",
    metadata,
    Column("target", String(200), primary_key=True),  # an event family, e.g. sip:UNWANTED
    Column("label", String(200), nullable=False),
    Column("until", Float, nullable=False),
    Column("muted_by", String(40)),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("labels", String(400), primary_key=True),  # JSON, sorted keys
    Column("shard", Integer, primary_key=True),  # writers of one counter use different rows
    Column("value", Integer, nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("query", Text, nullable=False),  # the question as asked
    Column("answer", Text, nullable=False),  # JSON [entry ids shown], best first; [] for none
    Column("surface", String(40), nullable=False),  # slash, mention, dm, shortcut, ...
    Column("user_id", String(40)),  # the Slack user who pressed "Not helpful"
    Column("created_at", Float, nullable=False, index=True),
)

digests = Table(
    "digests",
    metadata,
    Column("key", String(200), primary_key=True),  # "<channel>|<schedule>|<due epoch>"
    Column("due_at", Float, nullable=False),
    Column("claimed_by", String(80), nullable=False),
    Column("claimed_until", Float, nullable=False),  # another process may take over after
    Column("done_at", Float),  # posted
)
