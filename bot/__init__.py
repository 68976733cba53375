"""hangup-bot: why did this call end? Hangup causes from every provider, in a terminal and Slack."""
