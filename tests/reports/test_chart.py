"""The chart: a PNG of the expected size, each category in its own constant colour, and
matplotlib loaded only by the report code."""

from __future__ import annotations

import io
import subprocess
import sys

from matplotlib.image import imread

from hangup_bot.reports.chart import render_png
from hangup_bot.reports.figures import SPANS, WHOLE_FILE, Tally, build
from hangup_bot.reports.groups import BY_ID

END = 1_800_000_000.0


def pixels(png: bytes):
    return imread(io.BytesIO(png), format="png")


def has_colour(image, colour: str) -> bool:
    rgb = tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return bool((abs(image[:, :, :3] - rgb).max(axis=2) < 0.01).any())


def test_the_chart_is_a_1000_by_480_png_that_decodes(engine):
    tallies = [Tally(i % 24, "plivo", "3010", None, False) for i in range(100)]
    image = pixels(render_png(build(tallies, engine.catalog, SPANS["24h"], END)))
    assert image.shape == (480, 1000, 4)


def test_a_category_has_the_same_colour_whatever_the_provider_and_period(engine):
    """Carrier failures of Plivo over 24 h and of SIP over 30 days share one colour; a category
    absent from a report is absent from its chart."""
    plivo = build([Tally(3, "plivo", "3090", None, False)] * 9, engine.catalog, SPANS["24h"], END)
    sip = build(
        [Tally(12, "sip", "NORMAL_TEMPORARY_FAILURE", None, False)] * 9,
        engine.catalog,
        SPANS["30d"],
        END,
    )
    assert set(plivo.series) == set(sip.series) == {"carrier"}
    carrier, busy = BY_ID["carrier"].colour, BY_ID["destination"].colour
    for report in (plivo, sip):
        image = pixels(render_png(report))
        assert has_colour(image, carrier) and not has_colour(image, busy)


def test_a_csv_without_times_is_one_bar(engine):
    report = build([Tally(0, "plivo", "4000", None, True)] * 3, engine.catalog, WHOLE_FILE, 0.0)
    assert pixels(render_png(report)).shape == (480, 1000, 4)


def test_lookups_the_slack_app_and_the_command_line_never_import_matplotlib():
    code = (
        "import sys\n"
        "import hangup_bot.web.app, hangup_bot.slack.listeners, hangup_bot.cli\n"
        "from hangup_bot.answers.engine import Engine\n"
        "Engine.load().answer('3010')\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
