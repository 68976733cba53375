"""manifest.yml creates the app, and every command, event and shortcut in it has a listener."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hangup_bot.slack import listeners

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "slack" / "manifest.schema.json"
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())
EVENT_LISTENERS = {
    "app_mention": "app_mention",
    "app_home_opened": "app_home_opened",
    "message.im": "message",
    "message.channels": "message",
    "message.groups": "message",
}


@pytest.mark.skipif(not SCHEMA.exists(), reason="../shared/slack/manifest.schema.json is absent")
def test_manifest_validates_against_slacks_schema():
    import json

    import jsonschema

    jsonschema.validate(MANIFEST, json.loads(SCHEMA.read_text()))


def registered() -> tuple[set[str], set[str], set[str]]:
    """The commands, events and shortcuts the listeners register on a Bolt app."""
    commands, events, shortcuts = set(), set(), set()

    class Recorder:
        def command(self, name, **_options):
            commands.add(name)
            return lambda *f, **lazy: f

        def event(self, name):
            events.add(name)
            return lambda *f, **lazy: f

        def shortcut(self, name):
            shortcuts.add(name)
            return lambda *f, **lazy: f

        def action(self, _name):
            return lambda *f, **lazy: f

        def error(self, _f):
            return None

    listeners.Listeners(None, None, None).register(Recorder())
    return commands, events, shortcuts


def test_every_command_event_and_shortcut_has_a_listener():
    commands, events, shortcuts = registered()
    features = MANIFEST["features"]
    assert {c["command"] for c in features["slash_commands"]} <= commands
    assert {s["callback_id"] for s in features["shortcuts"]} <= shortcuts
    bot_events = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    assert {EVENT_LISTENERS[e] for e in bot_events} <= events


def test_manifest_asks_only_for_the_scopes_its_features_need():
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == sorted(
        [
            "commands",
            "chat:write",
            "app_mentions:read",
            "im:history",
            "channels:history",
            "groups:history",
            "files:write",
            "im:write",
        ]
    )
