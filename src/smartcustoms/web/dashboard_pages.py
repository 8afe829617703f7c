"""The analyst dashboard: the monitor's figures as tiles and Plotly charts drawn in the browser
by the bundled plotly.js."""

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Annotated

import plotly.graph_objects as go
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from smartcustoms.api.deps import SessionDep
from smartcustoms.clearance import service
from smartcustoms.monitor.alarms import alarms
from smartcustoms.monitor.kpis import kpis, lodgement_series
from smartcustoms.monitor.release_times import milestones
from smartcustoms.monitor.targeting import hit_rates
from smartcustoms.rules.channel import Channel
from smartcustoms.web.auth import Officer
from smartcustoms.web.render import page

router = APIRouter(include_in_schema=False)
CHANNEL_COLOURS = {Channel.GREEN.value: "#1d7a3c", Channel.YELLOW.value: "#a26b00",
                   Channel.RED.value: "#b3261e", "none": "#8895a3"}  # fmt: skip
LAYOUT = {"margin": {"l": 50, "r": 10, "t": 40, "b": 40}, "height": 320, "font": {"size": 12}}


def _plain(figure: go.Figure) -> dict:
    """The figure as plain JSON data for the page (no numpy, no Python objects)."""
    return json.loads(figure.to_json())


def _channel_chart(series) -> dict:
    figure = go.Figure(layout={**LAYOUT, "barmode": "stack", "title": "Lodgements by channel"})
    for channel, colour in CHANNEL_COLOURS.items():
        counts = [point.channels.get(channel, 0) for point in series]
        if any(counts):
            figure.add_bar(
                x=[p.start.isoformat() for p in series], y=counts, name=channel,
                marker_color=colour,
            )  # fmt: skip
    return _plain(figure)


def _hit_rate_chart(points) -> dict:
    figure = go.Figure(
        layout={**LAYOUT, "title": "Inspection hit rate by what selected it",
                "yaxis": {"tickformat": ".0%", "range": [0, 1.05]}}
    )  # fmt: skip
    by_source = defaultdict(list)
    for point in points:
        by_source[point.source].append(point)
    for source, rows in sorted(by_source.items()):
        figure.add_scatter(
            x=[r.start.isoformat() for r in rows], y=[r.hit_rate for r in rows], name=source,
            mode="lines+markers", text=[f"{r.discrepancies}/{r.inspections}" for r in rows],
        )  # fmt: skip
    return _plain(figure)


def _selection_chart(figures) -> dict:
    kinds = ["exploration", "targeted"]
    precision = [figures.precision_by_selection[k].precision or 0 for k in kinds]
    counts = [figures.precision_by_selection[k].inspections for k in kinds]
    figure = go.Figure(
        layout={**LAYOUT, "title": "Precision: random sample against targeted",
                "yaxis": {"tickformat": ".0%", "range": [0, 1.05]}}
    )  # fmt: skip
    figure.add_bar(
        x=kinds, y=precision, text=[f"{n} inspections" for n in counts], marker_color="#0b5cad"
    )
    return _plain(figure)


def _release_chart(stones) -> dict:
    figure = go.Figure(
        layout={**LAYOUT, "title": "Release time, lodged to released (hours)", "barmode": "overlay"}
    )
    for channel, colour in CHANNEL_COLOURS.items():
        hours = [
            s.release_hours for s in stones if s.channel == channel and s.release_hours is not None
        ]
        if hours:
            figure.add_histogram(x=hours, name=channel, marker_color=colour, opacity=0.75)
    return _plain(figure)


@router.get("/dashboard")
def dashboard(
    request: Request,
    session: SessionDep,
    user: Officer,
    days: Annotated[int, Query(ge=1, le=366)] = 30,
    office: str = "",
    until: datetime | None = None,
) -> Response:
    """Figures of the ``days`` before ``until``: by default the store's latest activity, which
    is now on a live system and the end of the replayed traffic on a demo store."""
    now = datetime.now(UTC)
    latest = service.latest_activity(session=session)
    end = until or (min(now, latest + timedelta(minutes=1)) if latest else now)
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    start = end - timedelta(days=days)
    bucket = timedelta(hours=1) if days <= 2 else timedelta(days=1)
    figures = kpis(session=session, start=start, end=end, office=office or None)
    series = lodgement_series(
        session=session, start=start, end=end, bucket=bucket, office=office or None
    )
    stones = [
        s
        for s in milestones(session=session, start=start, end=end)
        if not office or s.office == office
    ]
    charts = {
        "chart-channels": _channel_chart(series),
        "chart-hit-rates": _hit_rate_chart(
            hit_rates(session=session, start=start, end=end, bucket=bucket)
        ),
        "chart-selection": _selection_chart(figures),
        "chart-release": _release_chart(stones),
    }
    return page(
        request,
        "dashboard.html",
        user,
        figures=figures,
        charts=charts,
        standing=alarms(session=session, at=end),
        offices=service.offices(session=session),
        office=office,
        days=days,
        end=end,
    )
