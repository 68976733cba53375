import sys

from hangup_bot.cli import main

sys.exit(main())
