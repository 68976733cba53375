from __future__ import annotations

from hangup_bot.slack.texts import message_text, plain


def test_plain_drops_bot_mentions_and_keeps_link_labels():
    assert plain("<@UBOT> see <https://x.example/a|the log> &amp; 3010", True) == (
        "  see the log & 3010"
    )


def test_message_text_reads_attachments_fields_and_blocks():
    message = {
        "text": "Alert",
        "attachments": [{"title": "Voice", "fields": [{"title": "cause", "value": "USER_BUSY"}]}],
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "code 6020"}}],
    }
    text = message_text(message)
    assert "cause: USER_BUSY" in text and "code 6020" in text and "Alert" in text
