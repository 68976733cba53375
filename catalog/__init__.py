"""The shipped catalog: YAML only (one file per provider family, words.yml, alert-rules/). This
file makes the folder a package so it ships inside the wheel as `hangup_bot.catalog`."""
