"""Trend engine: notice rising pain, load spikes and warm-up patterns before a client has to.

`analyze()` takes a log as a DataFrame and returns flags with the numbers behind each, plus chart
data aggregated so no chart ever receives more than `MAX_CHART_POINTS` rows. Every threshold is a
named constant with the source it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from coach.errors import InvalidInput

MAX_CHART_POINTS = 2_000
MIN_IMPORTANT_CHANGE = 2.0  # points on a 0-10 scale (ostelo_2008, childs_2005)
MIN_IMPORTANT_FRACTION = 0.30  # or 30% from baseline (ostelo_2008)
SESSION_SPIKE = 0.10  # a session >10% above the 30-day maximum (frandsen_2025)
WEEKLY_SPIKE = 0.30  # a week >30% above the week before (nielsen_2014)
PAIN_DURING_LIMIT = 5  # pain during exercise above 5/10 is too much (pain_monitoring_physio)
WEEK_ON_WEEK_RISE = 1.0  # a rise of a whole point week on week counts as rising
MIN_ENTRIES_PER_WEEK = 3  # fewer than this in a 7-day window is too little to compare
MIN_SESSIONS_EACH = 5  # sessions with and without a warm-up needed to compare them
WARM_UP_DIFFERENCE = 1.0  # next-morning pain this much higher without a warm-up
STEADY_RISE_R = 0.7  # correlation of daily pain with time for a "steady" 14-day rise
RECENT_DAYS = 14  # a session spike this recent is still worth a trainer's attention

REQUIRED = ("date", "pain")
RANGES = {"pain": (0, 10), "pain_during": (0, 10), "pain_next_morning": (0, 10), "rpe": (0, 10)}


@dataclass(frozen=True)
class Finding:
    """Why a flag was raised: what was seen, the numbers, what to do, and the source."""

    flag: str
    title: str
    explanation: str
    numbers: dict[str, float]
    action: str
    source: str

    def __post_init__(self) -> None:
        plain = {k: round(float(v), 3) for k, v in self.numbers.items()}
        object.__setattr__(self, "numbers", plain)


@dataclass(frozen=True)
class TrendReport:
    flags: list[str]
    findings: dict[str, Finding]
    chart_data: pd.DataFrame
    resolution: str
    notes: list[str] = field(default_factory=list)


def _validate(entries: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(entries, pd.DataFrame):
        raise InvalidInput("entries: expected a pandas DataFrame")
    for column in REQUIRED:
        if column not in entries.columns:
            raise InvalidInput(f"{column}: required column is missing")
    if not pd.api.types.is_datetime64_any_dtype(entries["date"]):
        raise InvalidInput("date: column must hold datetimes")
    if entries["date"].isna().any():
        raise InvalidInput("date: column has empty values")
    if entries["pain"].isna().any():
        raise InvalidInput("pain: column has empty values")
    for column, (low, high) in RANGES.items():
        if column not in entries.columns:
            continue
        values = pd.to_numeric(entries[column], errors="coerce")
        bad = entries[column].notna() & (values.isna() | (values < low) | (values > high))
        if bad.any():
            raise InvalidInput(f"{column}: values must be from {low} to {high}")
    if "minutes" in entries.columns and (pd.to_numeric(entries["minutes"]) < 0).any():
        raise InvalidInput("minutes: values must not be negative")
    return entries.sort_values("date").reset_index(drop=True)


def _window(frame: pd.DataFrame, end: pd.Timestamp, days_back_start: int, days_back_end: int):
    """Rows with end - start_days < date <= end - end_days."""
    lo = end - pd.Timedelta(days=days_back_start)
    hi = end - pd.Timedelta(days=days_back_end)
    return frame[(frame["date"] > lo) & (frame["date"] <= hi)]


def _rising_pain(frame: pd.DataFrame, end: pd.Timestamp, notes: list[str]) -> Finding | None:
    last, before = _window(frame, end, 7, 0), _window(frame, end, 14, 7)
    if len(last) < MIN_ENTRIES_PER_WEEK or len(before) < MIN_ENTRIES_PER_WEEK:
        notes.append("Rising pain: needs 3 or more entries in each of the last two weeks.")
        return None
    rise = last["pain"].mean() - before["pain"].mean()
    daily = _window(frame, end, 14, 0).set_index("date")["pain"].resample("D").mean().dropna()
    days = (daily.index - daily.index[0]).days.to_numpy(dtype=float)
    slope, r = 0.0, 0.0
    if len(daily) >= 7 and daily.std() > 0:
        slope = float(np.polyfit(days, daily.to_numpy(), 1)[0])
        r = float(np.corrcoef(days, daily.to_numpy())[0, 1])
    steady = r >= STEADY_RISE_R and slope * 13 >= MIN_IMPORTANT_CHANGE
    if rise < MIN_IMPORTANT_CHANGE and not steady:
        return None
    now, then = last["pain"].mean(), before["pain"].mean()
    explanation = (
        f"Average pain over the last 7 days is {now:.1f}, against {then:.1f} the week before"
    )
    if steady:
        explanation += f"; it has climbed steadily over 14 days (about {slope * 7:+.1f} a week)"
    return Finding(
        "rising_pain",
        "Pain is rising",
        explanation + ".",
        {
            "last_7_days": round(now, 2),
            "previous_7_days": round(then, 2),
            "rise": round(rise, 2),
            "slope_per_week": round(slope * 7, 2),
        },
        "Take a break from training, walk instead, and run the triage again.",
        "ostelo_2008",
    )


def _improving(frame: pd.DataFrame, end: pd.Timestamp, notes: list[str]) -> Finding | None:
    start = frame["date"].min()
    baseline = frame[frame["date"] < start + pd.Timedelta(days=7)]
    last = _window(frame, end, 7, 0)
    if (end - start).days < 14 or len(baseline) < MIN_ENTRIES_PER_WEEK or len(last) < 3:
        notes.append("Improvement: needs 2 weeks of data with 3 or more entries in the first week.")
        return None
    before, now = baseline["pain"].mean(), last["pain"].mean()
    drop = before - now
    fraction = drop / before if before > 0 else 0.0
    if not (drop >= MIN_IMPORTANT_CHANGE or (fraction >= MIN_IMPORTANT_FRACTION and drop >= 1)):
        return None
    return Finding(
        "improving",
        "Improving",
        f"Average pain over the last 7 days is {now:.1f}, down from a baseline of {before:.1f} "
        f"in the first week of this range ({fraction:.0%} lower).",
        {
            "baseline": round(before, 2),
            "last_7_days": round(now, 2),
            "drop": round(drop, 2),
            "fraction": round(fraction, 3),
        },
        "Keep going: progress gradually, one step at a time.",
        "ostelo_2008",
    )


def _sessions(frame: pd.DataFrame) -> pd.DataFrame:
    if "rpe" not in frame.columns or "minutes" not in frame.columns:
        return frame.iloc[0:0].assign(load=[])
    sessions = frame[pd.to_numeric(frame["minutes"]).fillna(0) > 0]
    return sessions.assign(load=sessions["rpe"].astype(float) * sessions["minutes"].astype(float))


def _load_spike(frame: pd.DataFrame, end: pd.Timestamp, notes: list[str]) -> Finding | None:
    sessions = _sessions(frame)
    if len(sessions) < 4:
        notes.append("Load spikes: needs effort (RPE) and minutes for 4 or more sessions.")
        return None
    numbers: dict[str, float] = {}
    seen: list[str] = []
    for row in _window(sessions, end, RECENT_DAYS, 0).itertuples():
        prior = sessions[
            (sessions["date"] < row.date) & (sessions["date"] >= row.date - pd.Timedelta(days=30))
        ]
        if len(prior) >= 3 and row.load > (1 + SESSION_SPIKE) * prior["load"].max():
            numbers = {"session_load": row.load, "previous_30_day_max": float(prior["load"].max())}
            seen.append(
                f"a session on {row.date:%d %b} had a load of {row.load:.0f} "
                f"(effort x minutes), more than 10% above the highest of the 30 days before "
                f"({prior['load'].max():.0f})"
            )
            break
    week, previous = (
        _window(sessions, end, 7, 0)["load"].sum(),
        _window(sessions, end, 14, 7)["load"].sum(),
    )
    if previous > 0 and week > (1 + WEEKLY_SPIKE) * previous:
        numbers |= {"week_load": week, "previous_week_load": previous}
        rise = week / previous - 1
        seen.append(
            f"this week's load of {week:.0f} is {rise:.0%} above last week's {previous:.0f}"
        )
    if not seen:
        return None
    return Finding(
        "load_spike",
        "Training load jumped",
        "; ".join(seen).capitalize() + ". Sudden jumps like this are linked to injury. We compare "
        "with recent maxima rather than the acute:chronic workload ratio, which is known to be "
        "unreliable.",
        numbers,
        "Bring the load back towards recent levels and build up by about 10% a week at most.",
        "frandsen_2025",
    )


def _pain_monitoring(frame: pd.DataFrame, end: pd.Timestamp, notes: list[str]) -> Finding | None:
    recent = _window(frame, end, 7, 0)
    seen: list[str] = []
    numbers: dict[str, float] = {}
    if "pain_during" in frame.columns:
        during = recent["pain_during"].dropna()
        if (during > PAIN_DURING_LIMIT).any():
            numbers["max_pain_during"] = float(during.max())
            seen.append(f"pain during exercise reached {during.max():.0f}/10 (above 5)")
    if "pain_next_morning" in frame.columns:
        mornings = recent.dropna(subset=["pain_next_morning"])
        worse = mornings[mornings["pain_next_morning"] > mornings["pain"]]
        if len(worse):
            numbers["sessions_worse_next_morning"] = float(len(worse))
            seen.append(f"{len(worse)} session(s) left pain higher the next morning than before")
    last, before = recent, _window(frame, end, 14, 7)
    if len(last) >= MIN_ENTRIES_PER_WEEK and len(before) >= MIN_ENTRIES_PER_WEEK:
        rise = last["pain"].mean() - before["pain"].mean()
        if rise >= WEEK_ON_WEEK_RISE:
            numbers["week_on_week_rise"] = round(rise, 2)
            seen.append(f"average pain rose {rise:.1f} points on the week before")
    if not seen:
        return None
    return Finding(
        "pain_monitoring",
        "Pain during or after training is too high",
        "; ".join(seen).capitalize() + ". Pain during exercise should stay at 5/10 or below and "
        "be back to its usual level by the next morning.",
        numbers,
        "Lower the load or volume of the sessions that did this until they pass the rules.",
        "pain_monitoring_physio",
    )


def _no_warm_up_pattern(frame: pd.DataFrame, notes: list[str]) -> Finding | None:
    if "warmed_up" not in frame.columns or "pain_next_morning" not in frame.columns:
        return None
    sessions = _sessions(frame) if "minutes" in frame.columns else frame
    sessions = sessions.dropna(subset=["pain_next_morning"])
    warmed = sessions[sessions["warmed_up"].astype(bool)]
    skipped = sessions[~sessions["warmed_up"].astype(bool)]
    if len(warmed) < MIN_SESSIONS_EACH or len(skipped) < MIN_SESSIONS_EACH:
        notes.append(
            f"Warm-up pattern: needs {MIN_SESSIONS_EACH} or more sessions with and without a "
            f"warm-up that have next-morning pain (has {len(warmed)} and {len(skipped)})."
        )
        return None
    difference = skipped["pain_next_morning"].mean() - warmed["pain_next_morning"].mean()
    if difference < WARM_UP_DIFFERENCE:
        return None
    return Finding(
        "no_warm_up_pattern",
        "More pain after skipping the warm-up",
        f"Next-morning pain averaged {skipped['pain_next_morning'].mean():.1f} after "
        f"{len(skipped)} sessions without a warm-up, against "
        f"{warmed['pain_next_morning'].mean():.1f} after {len(warmed)} sessions with one.",
        {
            "without_warm_up": round(skipped["pain_next_morning"].mean(), 2),
            "with_warm_up": round(warmed["pain_next_morning"].mean(), 2),
            "sessions_without": float(len(skipped)),
            "sessions_with": float(len(warmed)),
        },
        "Warm up before every session: the warm-up builder makes one in 5 to 15 minutes.",
        "article",
    )


def chart_data(entries: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Aggregate to days, weeks or months, whichever first fits in MAX_CHART_POINTS rows."""
    frame = entries.set_index("date")
    span_days = (frame.index.max() - frame.index.min()).days + 1 if len(frame) else 0
    if span_days <= MAX_CHART_POINTS:
        rule, resolution, window = "D", "daily", 7
    elif span_days / 7 <= MAX_CHART_POINTS:
        rule, resolution, window = "W-MON", "weekly", 4
    else:
        rule, resolution, window = "MS", "monthly", 3
    has_load = "rpe" in frame.columns and "minutes" in frame.columns
    load = (
        frame["rpe"].astype(float) * frame["minutes"].astype(float)
        if has_load
        else pd.Series(0.0, index=frame.index)
    )
    grouped = frame.assign(load=load).resample(rule)
    data = pd.DataFrame(
        {
            "pain": grouped["pain"].mean(),
            "pain_max": grouped["pain"].max(),
            "entries": grouped["pain"].count(),
            "load": grouped["load"].sum(),
        }
    ).dropna(subset=["pain"])
    data["rolling"] = data["pain"].rolling(window, min_periods=1).mean()
    data = data.reset_index().rename(columns={"index": "date"})
    return data.tail(MAX_CHART_POINTS).reset_index(drop=True), resolution


def analyze(entries: pd.DataFrame, as_of: pd.Timestamp | None = None) -> TrendReport:
    """Analyse a log. Raises InvalidInput (a ValueError) naming a missing or out-of-range column."""
    frame = _validate(entries)
    data, resolution = chart_data(frame)
    notes: list[str] = []
    if frame.empty:
        return TrendReport([], {}, data, resolution, ["No entries yet: log a few to see trends."])
    end = as_of if as_of is not None else frame["date"].max()
    span = (frame["date"].max() - frame["date"].min()).days
    if len(frame) < 2 * MIN_ENTRIES_PER_WEEK or span < 7:
        notes.append(
            f"Too little data for trends: {len(frame)} entries over {span + 1} days. "
            "Trends need about two weeks with 3 or more entries a week."
        )
        return TrendReport([], {}, data, resolution, notes)
    found = [
        _rising_pain(frame, end, notes),
        _improving(frame, end, notes),
        _load_spike(frame, end, notes),
        _pain_monitoring(frame, end, notes),
        _no_warm_up_pattern(frame, notes),
    ]
    findings = {f.flag: f for f in found if f is not None}
    if "rising_pain" in findings:
        findings.pop("improving", None)
    return TrendReport(list(findings), findings, data, resolution, notes)
