"""hangup-bot: why did this call end?"""
