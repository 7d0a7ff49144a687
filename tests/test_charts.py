from datetime import UTC, date, datetime

import altair as alt
import pandas as pd
import pytest

from coach import charts, trends
from coach.store import TriageRecord


def triage(ts: datetime, level: str) -> TriageRecord:
    return TriageRecord(
        id=1,
        client_id=1,
        ts=ts,
        level=level,
        answers={},
        result={},
        cleared_on=None,
        cleared_note="",
        cleared_by="",
    )


@pytest.fixture
def ten_years():
    dates = pd.date_range("2016-01-01", periods=3653, freq="D")
    return pd.DataFrame(
        {"date": dates, "pain": [i % 8 for i in range(3653)], "rpe": 5, "minutes": 30}
    )


def test_specs_of_a_ten_year_history_serialise_without_the_row_limit(ten_years):
    report = trends.analyze(ten_years)
    marks = pd.DataFrame({"date": [pd.Timestamp("2020-03-01")], "level": ["see_clinician"]})
    for chart in (
        charts.pain_chart(report.chart_data, marks),
        charts.load_chart(report.chart_data),
    ):
        spec = chart.to_dict()
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
        rows = sum(len(d) for d in spec.get("datasets", {}).values())
        assert rows <= 2 * trends.MAX_CHART_POINTS + 10


def test_plain_altair_would_refuse_the_raw_history(ten_years):
    with pytest.raises(alt.MaxRowsError):
        alt.Chart(pd.concat([ten_years, ten_years])).mark_point().encode(x="date").to_dict()


def test_pain_zones_carry_words_not_only_colour():
    data, _ = trends.chart_data(
        pd.DataFrame({"date": pd.date_range("2026-01-01", periods=5), "pain": 2})
    )
    spec = charts.pain_chart(data).to_dict()
    zone_rows = [r for d in spec["datasets"].values() for r in d if "zone" in r]
    assert {r["zone"] for r in zone_rows} == {"0-3 low", "4-5 moderate", "6-10 high"}
    assert any(layer["mark"]["type"] == "text" for layer in spec["layer"])


def test_triage_markers_are_labelled_in_words():
    data, _ = trends.chart_data(
        pd.DataFrame({"date": pd.date_range("2026-01-01", periods=5), "pain": 2})
    )
    marks = pd.DataFrame({"date": [pd.Timestamp("2026-01-03")], "level": ["emergency"]})
    spec = charts.pain_chart(data, marks).to_dict()
    labels = {r.get("label") for d in spec["datasets"].values() for r in d}
    assert "Emergency" in labels


def test_triage_marks_keep_only_the_charted_days():
    triages = [
        triage(datetime(2026, 3, 10, 9, tzinfo=UTC), "rest"),
        triage(datetime(2026, 2, 1, 9, tzinfo=UTC), "urgent"),
    ]
    marks = charts.triage_marks(triages, date(2026, 3, 1), date(2026, 3, 31))
    assert marks.to_dict("records") == [{"date": pd.Timestamp("2026-03-10 09:00"), "level": "rest"}]
    assert charts.triage_marks([], date(2026, 3, 1), date(2026, 3, 31)).empty


def test_too_many_rows_are_refused():
    big = pd.DataFrame({"date": pd.date_range("2000-01-01", periods=2001), "pain": 1})
    with pytest.raises(ValueError, match="aggregate"):
        charts.pain_chart(big)


def test_location_data_counts_each_place():
    entries = pd.DataFrame({"location": ["left", "left", "centre"], "pain": [2, 4, 1]})
    data = charts.location_data(entries).set_index("location")
    assert data.loc["Left side", "entries"] == 2 and data.loc["Left side", "pain"] == 3
    assert set(data.index) == {"Left side", "Centre"}


def test_the_pain_zones_are_labelled_in_the_chart_not_in_a_legend():
    data, _ = trends.chart_data(
        pd.DataFrame({"date": pd.date_range("2026-01-01", periods=5), "pain": 2})
    )
    zones = charts.pain_chart(data).to_dict()["layer"][0]
    assert zones["encoding"]["color"]["legend"] is None


@pytest.mark.parametrize(("resolution", "words"), [("daily", "7 days"), ("monthly", "3 months")])
def test_the_pain_chart_caption_says_what_the_line_averages(resolution, words):
    assert f"the average of the last {words}" in trends.chart_caption(resolution)


def test_png_export_is_a_real_png():
    data, _ = trends.chart_data(
        pd.DataFrame({"date": pd.date_range("2026-01-01", periods=5), "pain": 2})
    )
    png = charts.to_png(charts.pain_chart(data), scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
