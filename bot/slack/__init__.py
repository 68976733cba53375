"""The Slack adapter, the only package that imports slack_bolt and slack_sdk: the Bolt app, its
listeners, the request endpoint, Socket Mode and the outbox sender."""
