"""Altair charts built from chart-ready data, so pages only call `st.altair_chart` on the result.

Pain zones carry words as well as colours (low, moderate, high), so meaning never rests on colour;
they are the pain rule's bands from `data/pain_monitoring.toml`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, tzinfo
from functools import cache

import altair as alt
import pandas as pd
import vl_convert as vlc

from coach.content import label, pain_rule
from coach.store import TriageRecord
from coach.trends import MAX_CHART_POINTS
from coach.triage import level_labels


@cache
def _zones() -> tuple[pd.DataFrame, alt.Scale]:
    """The pain rule's traffic-light bands (pain_monitoring.toml) as chart rows and colours."""
    bands = pain_rule().zones
    rows = pd.DataFrame(
        {
            "zone": [f"{z.low}-{z.high} {z.label}" for z in bands],
            "low": [max(0, z.low - 0.5) for z in bands],
            "high": [min(10, z.high + 0.5) for z in bands],
        }
    )
    rows["mid"] = (rows["low"] + rows["high"]) / 2
    return rows, alt.Scale(domain=list(rows["zone"]), range=[z.colour for z in bands])


def _check_size(data: pd.DataFrame) -> None:
    if len(data) > MAX_CHART_POINTS:
        raise ValueError(f"chart data has {len(data)} rows; aggregate to {MAX_CHART_POINTS} first")


def pain_chart(data: pd.DataFrame, triages: pd.DataFrame | None = None) -> alt.LayerChart:
    """Pain over time: shaded zones labelled in place (no legend, so a phone gets the full
    width), the average per period, its smoothed average and triage markers."""
    _check_size(data)
    start, end = (data["date"].min(), data["date"].max()) if len(data) else (None, None)
    bands, colours = _zones()
    zones = (
        alt.Chart(bands.assign(start=start, end=end))
        .mark_rect(opacity=0.6)
        .encode(
            x=alt.X("start:T"),
            x2=alt.X2("end:T"),
            y=alt.Y("low:Q", scale=alt.Scale(domain=[0, 10]), title="Pain (0-10)"),
            y2=alt.Y2("high:Q"),
            color=alt.Color("zone:N", scale=colours, legend=None),  # labelled in the chart
        )
    )
    labels = (
        alt.Chart(bands.assign(start=start))
        .mark_text(align="left", dx=4, color="#555", fontSize=11)
        .encode(x=alt.X("start:T"), y=alt.Y("mid:Q"), text=alt.Text("zone:N"))
    )
    base = alt.Chart(data).encode(x=alt.X("date:T", title=None))
    tooltip = [
        alt.Tooltip("date:T", title="Date"),
        alt.Tooltip("pain:Q", title="Average pain", format=".1f"),
        alt.Tooltip("pain_max:Q", title="Highest"),
        alt.Tooltip("entries:Q", title="Entries"),
        alt.Tooltip("rolling:Q", title="Smoothed average", format=".1f"),
    ]
    points = base.mark_circle(size=28, color="#2f6f73").encode(y=alt.Y("pain:Q"), tooltip=tooltip)
    rolling = base.mark_line(color="#1f2a2e", strokeWidth=2).encode(
        y=alt.Y("rolling:Q"), tooltip=tooltip
    )
    layers = [zones, labels, points, rolling]
    if triages is not None and len(triages):
        marks = triages.assign(label=triages["level"].map(level_labels()))
        layers.append(
            alt.Chart(marks)
            .mark_rule(strokeDash=[4, 3], color="#8a1c1c")
            .encode(
                x=alt.X("date:T"),
                tooltip=[
                    alt.Tooltip("date:T", title="Triage"),
                    alt.Tooltip("label:N", title="Outcome"),
                ],
            )
        )
        layers.append(
            alt.Chart(marks)
            .mark_text(angle=270, align="right", baseline="bottom", dy=-2, y=4, color="#8a1c1c")
            .encode(x=alt.X("date:T"), text=alt.Text("label:N"))
        )
    return alt.layer(*layers).properties(height=300, title="Pain over time")


def load_chart(data: pd.DataFrame) -> alt.LayerChart:
    """Session load (effort x minutes) per period as bars, mean pain as a line on its own axis."""
    _check_size(data)
    base = alt.Chart(data).encode(x=alt.X("date:T", title=None))
    bars = base.mark_bar(color="#9fc3c4").encode(
        y=alt.Y("load:Q", title="Load (effort x minutes)"),
        tooltip=[alt.Tooltip("date:T"), alt.Tooltip("load:Q", title="Load", format=".0f")],
    )
    pain = base.mark_line(color="#8a1c1c", point=True).encode(
        y=alt.Y("pain:Q", title="Average pain", scale=alt.Scale(domain=[0, 10])),
        tooltip=[alt.Tooltip("date:T"), alt.Tooltip("pain:Q", title="Average pain", format=".1f")],
    )
    return (
        alt.layer(bars, pain)
        .resolve_scale(y="independent")
        .properties(height=260, title="Training load and pain")
    )


def location_data(entries: pd.DataFrame) -> pd.DataFrame:
    """Entries and mean pain per location: a handful of rows whatever the history length."""
    if entries.empty:
        return pd.DataFrame({"location": [], "entries": [], "pain": []})
    grouped = entries.groupby("location")["pain"]
    data = pd.DataFrame({"entries": grouped.count(), "pain": grouped.mean()}).reset_index()
    return data.assign(location=data["location"].map(lambda v: label("location", v)))


def location_chart(data: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_bar(color="#2f6f73")
        .encode(
            y=alt.Y("location:N", title="Where", sort="-x"),
            x=alt.X("entries:Q", title="Entries"),
            tooltip=[
                alt.Tooltip("location:N", title="Where"),
                alt.Tooltip("entries:Q", title="Entries"),
                alt.Tooltip("pain:Q", title="Average pain", format=".1f"),
            ],
        )
        .properties(height=180, title="Entries by where the pain was")
    )


def to_png(chart: alt.TopLevelMixin, scale: float = 2) -> bytes:
    """Render a chart to PNG without a browser, for downloads and the referral report."""
    return vlc.vegalite_to_png(chart.to_json(), scale=scale)


def triage_marks(
    triages: Iterable[TriageRecord], start: date, end: date, tz: tzinfo = UTC
) -> pd.DataFrame:
    """Triage times and levels inside a date range, on the person's clock in `tz` like the log."""
    rows = [
        {"date": pd.Timestamp(when.replace(tzinfo=None)), "level": t.level}
        for t in triages
        if start <= (when := t.ts.astimezone(tz)).date() <= end
    ]
    return pd.DataFrame(rows, columns=["date", "level"])
