"""The report's chart: calls per bar (hour or day), stacked by category, as PNG bytes.

matplotlib is imported here only, and only when a chart is drawn, so lookups and the Slack hot
path never load it. The object API (no pyplot) keeps it safe in a threaded server.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, tzinfo

from hangup_bot.reports.figures import WHOLE_FILE, Report
from hangup_bot.reports.groups import GROUPS
from hangup_bot.reports.table import title

SIZE = (10.0, 4.8)  # inches
DPI = 100  # so the PNG is 1000 x 480 pixels


def render_png(report: Report, zone: tzinfo = UTC) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    figure = Figure(figsize=SIZE, dpi=DPI)
    figure.subplots_adjust(left=0.07, right=0.72, top=0.92, bottom=0.12)  # fixed: no solver
    axes = figure.subplots()
    bars = report.span.buckets
    positions = list(range(bars))
    bottom = [0] * bars
    legend = []
    for group in GROUPS:
        values = report.series.get(group.id)
        if not values:
            continue
        # one collection per category: a tenth of the drawing cost of one patch per bar
        boxes = [
            [(x - 0.42, low), (x + 0.42, low), (x + 0.42, low + v), (x - 0.42, low + v)]
            for x, low, v in zip(positions, bottom, values, strict=True)
            if v
        ]
        style = {"facecolor": group.colour, "edgecolor": "white", "hatch": group.hatch}
        axes.add_collection(PolyCollection(boxes, linewidth=0.4, **style))
        legend.append(Patch(label=group.label, linewidth=0.4, **style))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylim(0, max(bottom) * 1.05 if any(bottom) else 1)
    axes.set_title(title(report).replace("Hangup report", "Hangup causes by category"), loc="left")
    axes.set_ylabel("Calls")
    axes.set_xlabel(_axis_label(report, zone))
    step = -(-bars // 10)  # ten labels at most
    ticks = positions[::step]
    axes.set_xticks(ticks, [_tick(report, i, zone) for i in ticks], fontsize=8)
    axes.set_xlim(-0.6, bars - 0.4)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(axis="x", length=0)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    if legend:
        axes.legend(
            handles=legend[::-1],  # listed top-down, as stacked
            title="Category",
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
        )
    else:
        axes.text(0.5, 0.5, "no calls", transform=axes.transAxes, ha="center", color="#555555")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _axis_label(report: Report, zone: tzinfo) -> str:
    if report.span is WHOLE_FILE:
        return "The whole export (no time column)"
    end = datetime.fromtimestamp(report.end, zone)
    if report.span.bucket < 86400:
        return f"Hour starting ({end.tzname()})"
    return f"Days of 24 h, each from {end:%H:%M} ({end.tzname()})"


def _tick(report: Report, index: int, zone: tzinfo) -> str:
    if report.span is WHOLE_FILE:
        return "all calls"
    moment = datetime.fromtimestamp(report.bucket_start(index), zone)
    return moment.strftime("%H:%M" if report.span.bucket < 86400 else "%d %b")
