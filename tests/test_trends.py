import numpy as np
import pandas as pd
import pytest

from coach import trends
from coach.trends import MAX_CHART_POINTS, analyze

START = pd.Timestamp("2026-01-01 18:00")


def series(pains, **columns) -> pd.DataFrame:
    """One entry a day with the given pain values; other columns constant or per day."""
    frame = pd.DataFrame({"date": [START + pd.Timedelta(days=i) for i in range(len(pains))]})
    frame["pain"] = list(pains)
    for name, value in columns.items():
        frame[name] = value
    return frame


def test_flat_low_series_raises_no_flag():
    rng = np.random.default_rng(1)
    flat = series(rng.choice([1, 1, 2], size=60), rpe=5, minutes=40)
    report = analyze(flat)
    assert report.flags == []


def test_too_little_data_gives_no_flag_and_says_so():
    report = analyze(series([8, 9, 9]))
    assert report.flags == []
    assert "Too little data" in report.notes[0]


def test_empty_log_says_so():
    report = analyze(series([]).astype({"date": "datetime64[us]"}))
    assert report.flags == [] and "No entries" in report.notes[0]


def test_rising_pain_when_last_week_is_two_points_higher():
    report = analyze(series([2] * 21 + [4] * 7))
    assert "rising_pain" in report.flags
    finding = report.findings["rising_pain"]
    assert finding.numbers["rise"] == 2.0
    assert finding.source == "ostelo_2008"
    assert "walk" in finding.action


def test_rise_of_under_two_points_is_not_rising_pain():
    assert "rising_pain" not in analyze(series([2] * 21 + [3] * 7)).flags


def test_steady_fourteen_day_climb_is_rising_pain():
    climb = [1] * 14 + [1 + round(i * 0.25) for i in range(14)]
    report = analyze(series(climb))
    assert "rising_pain" in report.flags
    assert report.findings["rising_pain"].numbers["slope_per_week"] > 1


def test_improving_by_two_points_from_baseline():
    report = analyze(series([6] * 7 + [5] * 14 + [4] * 7))
    assert "improving" in report.flags
    assert report.findings["improving"].numbers["baseline"] == 6


def test_improving_by_thirty_percent():
    report = analyze(series([5] * 7 + [4] * 14 + [3.5] * 7))
    assert "improving" in report.flags
    assert report.findings["improving"].numbers["fraction"] == pytest.approx(0.3)


def test_session_load_spike_above_thirty_day_max():
    minutes = [40] * 27 + [60]
    report = analyze(series([1] * 28, rpe=5, minutes=minutes))
    assert "load_spike" in report.flags
    numbers = report.findings["load_spike"].numbers
    assert numbers["session_load"] == 300 and numbers["previous_30_day_max"] == 200
    assert "acute:chronic" in report.findings["load_spike"].explanation


def test_ten_percent_exactly_is_not_a_spike():
    report = analyze(series([1] * 28, rpe=5, minutes=[40] * 27 + [44]))
    assert "load_spike" not in report.flags


def test_weekly_load_spike_above_thirty_percent_without_a_session_spike():
    three_a_week = [40 if i % 7 in (0, 2, 4) else 0 for i in range(21)]
    steady = analyze(series([1] * 28, rpe=5, minutes=three_a_week + three_a_week[:7]))
    assert "load_spike" not in steady.flags
    four_a_week = [40 if i in (0, 2, 4, 6) else 0 for i in range(7)]
    report = analyze(series([1] * 28, rpe=5, minutes=three_a_week + four_a_week))
    numbers = report.findings["load_spike"].numbers
    assert (numbers["week_load"], numbers["previous_week_load"]) == (800, 600)
    assert "session_load" not in numbers


def test_pain_during_above_five_needs_attention():
    pain_during = [2] * 27 + [6]
    report = analyze(series([2] * 28, pain_during=pain_during))
    assert "pain_monitoring" in report.flags
    assert report.findings["pain_monitoring"].numbers["max_pain_during"] == 6


def test_pain_during_of_five_is_acceptable():
    assert "pain_monitoring" not in analyze(series([2] * 28, pain_during=5)).flags


def test_next_morning_worse_than_before_needs_attention():
    morning = [2] * 27 + [4]
    report = analyze(series([2] * 28, pain_next_morning=morning))
    assert report.findings["pain_monitoring"].numbers["sessions_worse_next_morning"] == 1


def test_week_on_week_rise_needs_attention():
    report = analyze(series([2] * 21 + [3] * 7))
    assert report.findings["pain_monitoring"].numbers["week_on_week_rise"] == 1


def test_no_warm_up_pattern_with_enough_sessions_of_each():
    warmed = [True, False] * 10
    morning = [1 if w else 3 for w in warmed]
    report = analyze(series([1] * 20, warmed_up=warmed, pain_next_morning=morning))
    assert "no_warm_up_pattern" in report.flags
    numbers = report.findings["no_warm_up_pattern"].numbers
    assert (numbers["sessions_with"], numbers["sessions_without"]) == (10, 10)


def test_no_warm_up_pattern_needs_five_of_each_and_says_how_many():
    warmed = [True] * 16 + [False] * 4
    morning = [1] * 16 + [5] * 4
    report = analyze(series([1] * 20, warmed_up=warmed, pain_next_morning=morning))
    assert "no_warm_up_pattern" not in report.flags
    assert any("has 16 and 4" in n for n in report.notes)


@pytest.mark.parametrize(
    ("frame", "column"),
    [
        (pd.DataFrame({"pain": [1]}), "date"),
        (pd.DataFrame({"date": [START]}), "pain"),
        (pd.DataFrame({"date": ["2026-01-01"], "pain": [1]}), "date"),
        (series([11]), "pain"),
        (series([-1]), "pain"),
        (series([1], rpe=-1), "rpe"),
        (series([1], pain_during=12), "pain_during"),
        (series([1], minutes=-5), "minutes"),
        (series([None]), "pain"),
    ],
)
def test_bad_frames_raise_value_error_naming_the_column(frame, column):
    with pytest.raises(ValueError, match=column):
        analyze(frame)


def test_ten_years_of_daily_data_charts_in_at_most_2000_rows():
    days = 3653
    frame = series(np.arange(days) % 10, rpe=5, minutes=30)
    report = analyze(frame)
    assert len(report.chart_data) <= MAX_CHART_POINTS
    assert report.resolution == "weekly"


def test_a_century_of_data_falls_back_to_monthly():
    dates = pd.date_range("1926-01-01", periods=36_600, freq="D")
    data, resolution = trends.chart_data(pd.DataFrame({"date": dates, "pain": 1}))
    assert resolution == "monthly" and len(data) <= MAX_CHART_POINTS


def test_short_history_charts_daily():
    report = analyze(series([1, 2, 3, 2, 1, 2, 3, 2]))
    assert report.resolution == "daily"
    assert list(report.chart_data["pain"]) == [1, 2, 3, 2, 1, 2, 3, 2]


def test_pain_during_above_five_is_flagged_even_on_a_new_log():
    report = analyze(series([2, 3, 2], pain_during=[3, 7, 2]))
    assert report.flags == ["pain_monitoring"]
    assert "Too little data" in report.notes[0]
