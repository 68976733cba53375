"""Webhooks to alerts: signatures and parsing per provider, the rules, the pure policy, and the
pipeline that stores events and queues posts. May import knowledge, answers, store and config."""
