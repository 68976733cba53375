"""Call lookups, reports, feedback, replay protection and alert figures: the index of events by
call id, the `feedback`, `digests` and `nonces` tables, `events.account`, and
`incidents.resolved_by` and `incidents.counted_at`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Each step checks first: a database made by `create_all` from a build that already had one of
these keeps it, with its rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

schema = sa.MetaData()

sa.Table(
    "feedback",
    schema,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("query", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("surface", sa.String(40), nullable=False),
    sa.Column("user_id", sa.String(40)),
    sa.Column("created_at", sa.Float, nullable=False, index=True),
)
sa.Table(
    "digests",
    schema,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("due_at", sa.Float, nullable=False),
    sa.Column("claimed_by", sa.String(80), nullable=False),
    sa.Column("claimed_until", sa.Float, nullable=False),
    sa.Column("done_at", sa.Float),
)
sa.Table(
    "nonces",
    schema,
    sa.Column("nonce", sa.String(80), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("seen_at", sa.Float, nullable=False, index=True),
)
COLUMNS = (
    ("events", sa.Column("account", sa.String(80))),
    ("incidents", sa.Column("resolved_by", sa.String(40))),
    ("incidents", sa.Column("counted_at", sa.Float)),
)


def upgrade() -> None:
    bind = op.get_bind()
    schema.create_all(bind, checkfirst=True)
    inspector = sa.inspect(bind)
    for table, column in COLUMNS:
        if column.name not in {c["name"] for c in inspector.get_columns(table)}:
            op.add_column(table, column)
    if "events_by_call" not in {i["name"] for i in inspector.get_indexes("events")}:
        op.create_index("events_by_call", "events", ["call_id"])


def downgrade() -> None:
    op.drop_index("events_by_call", table_name="events")
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column.name)
    schema.drop_all(op.get_bind(), checkfirst=True)
