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


def problem(body: dict[str, Any]) -> str | None:
    """Why `body` is not shaped as Slack sends it, or None."""
    return _shape(body, "") or _needed(body)


def _needed(body: dict[str, Any]) -> str | None:
    """The parts Bolt's matchers index directly once a body's type says they are there."""
    kind, event, view = body.get("type"), body.get("event"), body.get("view")
    actions = body.get("actions")
    if kind in ("block_actions", "interactive_message") and (
        "actions" in body or "callback_id" in body
    ):
        if not actions or not isinstance(actions[0].get("action_id", ""), str):
            return "actions must hold at least one action with an action_id"
        if kind == "block_actions" and "action_id" not in actions[0]:
            return "actions[0].action_id is missing"
    if kind in ("view_submission", "view_closed") and isinstance(view, dict):
        if not isinstance(view.get("callback_id", ""), str) or not isinstance(
            view.get("type", ""), str
        ):
            return "view.callback_id and view.type must be text"
        if "callback_id" in view and "type" not in view:
            return "view.type is missing"
    if kind == "workflow_step_edit" and not isinstance(body.get("workflow_step"), dict):
        return "workflow_step must be an object"
    if kind == "block_suggestion" and not isinstance(body.get("action_id", ""), str):
        return "action_id must be text"
    if isinstance(event, dict) and event.get("type") == "workflow_step_execute":
        return "workflow steps are not handled here"
    return None


def _shape(body: dict[str, Any], where: str) -> str | None:
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
            found = _shape(value, f"{name}.")
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
                found = _shape(item, f"{name}[{i}].") if key == "authorizations" else None
                found = found or _inner(item, f"{name}[{i}]")
                if found:
                    return found
    return None


def _inner(value: dict[str, Any], name: str) -> str | None:
    for key, inner in value.items():
        if key in INNER_TEXT and inner is not None and not isinstance(inner, str):
            return f"{name}.{key} must be text"
    return None
