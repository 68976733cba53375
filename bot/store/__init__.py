"""The database: SQLAlchemy tables, the SQL of events, incidents, mutes and the outbox, and
group commit. May import knowledge only."""
