"""Reports: hangup causes over a period, as figures, a terminal table, Slack blocks and a chart.

Holds the periods and report categories, the figures (pure, from counted calls), the readers of
providers' call-log CSV exports (pure), the schedule of the digest (pure), the stored events'
reader and the chart (matplotlib, imported lazily by `chart` alone). May import knowledge,
answers, store and config; slack/, web/ and the command line build on it.
"""
