"""The only package that imports slack_bolt and slack_sdk: the app, its listeners, Slack text."""
