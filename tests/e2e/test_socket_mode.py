"""`hangup socket`: the same app over Socket Mode, against a local Socket Mode endpoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from fakeslack import FakeSlack
from liveserver import TOKEN, wait_until

HANGUP = str(Path(sys.executable).parent / "hangup")


def test_socket_mode_answers_slash_commands_and_mentions(tmp_path):
    slack = FakeSlack()
    slack.start()
    slack.start_socket_mode()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_APP_TOKEN": "xapp-test",
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.sqlite3'}",
    }
    app = subprocess.Popen(
        [HANGUP, "socket"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert wait_until(lambda: slack.of("apps.connections.open"))
        command = {
            "command": "/hangup",
            "text": "6020",
            "user_id": "U1",
            "channel_id": "C1",
            "team_id": "T1",
            "response_url": slack.response_url(),
            "trigger_id": "1",
        }
        mention = {
            "type": "event_callback",
            "team_id": "T1",
            "event_id": "Ev1",
            "event": {
                "type": "app_mention",
                "user": "U1",
                "text": "<@UBOT> 3010",
                "ts": "1700000000.000100",
                "channel": "C1",
            },
        }
        time.sleep(0.5)  # let the client finish its handshake
        with slack.lock:
            slack.envelopes += [
                {
                    "envelope_id": "env-1",
                    "type": "slash_commands",
                    "payload": command,
                    "accepts_response_payload": True,
                },
                {
                    "envelope_id": "env-2",
                    "type": "events_api",
                    "payload": mention,
                    "accepts_response_payload": False,
                },
            ]
        ack = wait_until(
            lambda: next((a for a in slack.acks if a.get("envelope_id") == "env-1"), None)
        )
        assert ack and "6020 Media Timeout" in json.dumps(ack.get("payload"))
        [post] = slack.wait_for("chat.postMessage")
        assert post.body["thread_ts"] == "1700000000.000100"
        assert "3010 Busy Line" in json.dumps(post.body["blocks"])
    finally:
        app.terminate()
        app.wait(timeout=15)
        slack.stop()
