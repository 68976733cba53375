"""The shape of a Slack request body, checked before Bolt reads it: Bolt and the listeners
take ids and text as strings and the nested parts as objects, and a body that breaks that
(a number for `user`, a string for `event`, a list for `team`) would fail inside them. Slack
never sends such a body; it gets 400 naming the field."""

from __future__ import annotations

from typing import Any

# Keys read as text wherever an envelope, an event or a message has them.
TEXT = frozenset(
    [
        "type",
        "token",
        "team_id",
        "api_app_id",
        "event_id",
        "enterprise_id",
        "user_id",
        "channel_id",
        "command",
        "text",
        "response_url",
        "trigger_id",
        "thread_ts",
        "ts",
        "callback_id",
        "challenge",
        "user_name",
        "channel_name",
        "team_domain",
        "function_execution_id",
        "bot_access_token",
        "context_team_id",
        "context_enterprise_id",
        "action_ts",
        "message_ts",
        "bot_id",
        "subtype",
        "channel_type",
        "event_ts",
        "user_team",
        "app_id",
        "tab",
    ]
)
# Keys that are text or an object with an id.
IDS = frozenset({"team", "user", "channel", "enterprise"})
# Keys that hold an envelope-like object, or a list of them.
NESTED = frozenset({"event", "message", "previous_message", "item", "assistant_thread"})
LISTS = frozenset({"authorizations", "actions", "response_urls"})
OBJECTS = frozenset({"view", "function_data", "container", "state"})
INNER_TEXT = frozenset(
    [
        "id",
        "team_id",
        "enterprise_id",
        "name",
        "username",
        "domain",
        "action_id",
        "block_id",
        "value",
        "type",
        "response_url",
        "app_installed_team_id",
        "private_metadata",
        "hash",
        "channel_id",
        "message_ts",
    ]
)
MAX_ITEMS = 100


def problem(body: dict[str, Any], where: str = "") -> str | None:
    """Why `body` is not shaped as Slack sends it, or None."""
    for key, value in body.items():
        name = f"{where}{key}"
        if value is None:
            if key == "event":  # Bolt reads body["event"] as an object when the key is there
                return f"{name} must be an object"
            continue
        if key in TEXT and not isinstance(value, str):
            return f"{name} must be text"
        if key in IDS:
            if isinstance(value, dict):
                found = _inner(value, name)
                if found:
                    return found
            elif not isinstance(value, str):
                return f"{name} must be text or an object"
        if key in NESTED:
            if not isinstance(value, dict):
                return f"{name} must be an object"
            found = problem(value, f"{name}.")
            if found:
                return found
        if key in OBJECTS:
            if not isinstance(value, dict):
                return f"{name} must be an object"
            found = _inner(value, name)
            if found:
                return found
        if key in LISTS:
            if not isinstance(value, list) or len(value) > MAX_ITEMS:
                return f"{name} must be a list of objects"
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    return f"{name}[{i}] must be an object"
                found = problem(item, f"{name}[{i}].") if key == "authorizations" else None
                found = found or _inner(item, f"{name}[{i}]")
                if found:
                    return found
    return None


def _inner(value: dict[str, Any], name: str) -> str | None:
    for key, inner in value.items():
        if key in INNER_TEXT and inner is not None and not isinstance(inner, str):
            return f"{name}.{key} must be text"
    return None
