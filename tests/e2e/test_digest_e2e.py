"""The scheduled digest across processes: two servers started as the Procfile does (two worker
processes each) share one database and post the period's digest exactly once between them."""

from __future__ import annotations

import time
import uuid

from liveserver import SECRET, TOKEN, LiveServer, wait_until
from storedevents import store_events

from hangup_bot.store import digests
from hangup_bot.store.database import Store


def test_two_servers_of_two_workers_post_the_digest_exactly_once(slack, database_url):
    channel = "C" + uuid.uuid4().hex[:10].upper()
    due = time.time() // 86400 * 86400  # today's 00:00 UTC, the latest due
    store = Store(database_url)
    store_events(store, [(due - 3600, "plivo", "3010", "Callee", 0)] * 3)
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": database_url,
        "REPORT_CHANNEL": channel,
        "REPORT_SCHEDULE": "daily 00:00 UTC",
    }
    servers = [LiveServer(env) for _ in range(2)]
    try:
        for server in servers:
            server.start()
        assert wait_until(lambda: slack.completed_files(channel), 60)
        time.sleep(3)  # time for any second post
    finally:
        for server in servers:
            server.stop()
    shared = slack.completed_files(channel)
    assert len(shared) == 1, [s["initial_comment"][:80] for s in shared]
    assert "*3 calls*" in shared[0]["initial_comment"]
    assert shared[0]["data"][:8] == b"\x89PNG\r\n\x1a\n"
    assert [(key, done is not None) for key, done in digests.posted(store)] == [
        (f"{channel}|daily 00:00 UTC|{int(due)}", True)
    ]
    store.dispose()
