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
from coach.logbook import session_load

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
        raw = entries[column]
        values = pd.to_numeric(raw, errors="coerce").to_numpy(float)
        present = raw.notna().to_numpy()
        with np.errstate(invalid="ignore"):
            bad = present & (np.isnan(values) | (values < low) | (values > high))
        if bad.any():
            raise InvalidInput(f"{column}: values must be from {low} to {high}")
    if "minutes" in entries.columns and (pd.to_numeric(entries["minutes"]).to_numpy() < 0).any():
        raise InvalidInput("minutes: values must not be negative")
    if entries["date"].is_monotonic_increasing:
        return entries
    return entries.sort_values("date").reset_index(drop=True)


class _Log:
    """A validated log as numpy arrays: the detectors run on many clients, so no pandas per step."""

    def __init__(self, frame: pd.DataFrame):
        self.day = frame["date"].to_numpy("datetime64[s]").astype("int64") / 86_400
        self.pain = frame["pain"].to_numpy(float)
        self.columns = set(frame.columns)
        self.pain_during = self._optional(frame, "pain_during")
        self.next_morning = self._optional(frame, "pain_next_morning")
        self.warmed = frame["warmed_up"].to_numpy(bool) if "warmed_up" in frame else None
        self.has_load = {"rpe", "minutes"} <= self.columns
        minutes = self._optional(frame, "minutes")
        self.session = np.nan_to_num(minutes) > 0 if self.has_load else np.ones(len(frame), bool)
        self.load = session_load(self._optional(frame, "rpe"), minutes) if self.has_load else None

    @staticmethod
    def _optional(frame: pd.DataFrame, column: str) -> np.ndarray:
        if column not in frame:
            return np.full(len(frame), np.nan)
        return pd.to_numeric(frame[column], errors="coerce").to_numpy(float)

    def window(self, end: float, back_start: int, back_end: int) -> np.ndarray:
        """Rows with end - back_start < day <= end - back_end."""
        return (self.day > end - back_start) & (self.day <= end - back_end)


def _rising_pain(log: _Log, end: float, notes: list[str]) -> Finding | None:
    last, before = log.window(end, 7, 0), log.window(end, 14, 7)
    if last.sum() < MIN_ENTRIES_PER_WEEK or before.sum() < MIN_ENTRIES_PER_WEEK:
        notes.append("Rising pain: needs 3 or more entries in each of the last two weeks.")
        return None
    now, then = log.pain[last].mean(), log.pain[before].mean()
    rise = now - then
    recent = log.window(end, 14, 0)
    days, inverse = np.unique(np.floor(log.day[recent]), return_inverse=True)
    daily = np.bincount(inverse, log.pain[recent]) / np.bincount(inverse)
    slope, r = 0.0, 0.0
    if len(daily) >= 7 and daily.std() > 0:
        slope = float(np.polyfit(days - days[0], daily, 1)[0])
        r = float(np.corrcoef(days, daily)[0, 1])
    steady = r >= STEADY_RISE_R and slope * 13 >= MIN_IMPORTANT_CHANGE
    if rise < MIN_IMPORTANT_CHANGE and not steady:
        return None
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


def _improving(log: _Log, end: float, notes: list[str]) -> Finding | None:
    start = log.day.min()
    baseline = log.day < start + 7
    last = log.window(end, 7, 0)
    if end - start < 14 or baseline.sum() < MIN_ENTRIES_PER_WEEK or last.sum() < 3:
        notes.append("Improvement: needs 2 weeks of data with 3 or more entries in the first week.")
        return None
    before, now = log.pain[baseline].mean(), log.pain[last].mean()
    drop = before - now
    fraction = drop / before if before > 0 else 0.0
    if not (drop >= MIN_IMPORTANT_CHANGE or (fraction >= MIN_IMPORTANT_FRACTION and drop >= 1)):
        return None
    return Finding(
        "improving",
        "Improving",
        f"Average pain over the last 7 days is {now:.1f}, down from a baseline of {before:.1f} "
        f"in the first week of this range ({fraction:.0%} lower).",
        {"baseline": before, "last_7_days": now, "drop": drop, "fraction": fraction},
        "Keep going: progress gradually, one step at a time.",
        "ostelo_2008",
    )


def _load_spike(log: _Log, end: float, notes: list[str]) -> Finding | None:
    if not log.has_load or log.session.sum() < 4:
        notes.append("Load spikes: needs effort (RPE) and minutes for 4 or more sessions.")
        return None
    day, load = log.day[log.session], log.load[log.session]
    numbers: dict[str, float] = {}
    seen: list[str] = []
    for i in np.flatnonzero((day > end - RECENT_DAYS) & (day <= end)):
        prior = load[(day < day[i]) & (day >= day[i] - 30)]
        if len(prior) >= 3 and load[i] > (1 + SESSION_SPIKE) * prior.max():
            numbers = {"session_load": load[i], "previous_30_day_max": prior.max()}
            when = pd.Timestamp(day[i] * 86_400, unit="s")
            seen.append(
                f"a session on {when:%d %b} had a load of {load[i]:.0f} "
                f"(effort x minutes), more than 10% above the highest of the 30 days before "
                f"({prior.max():.0f})"
            )
            break
    week = load[(day > end - 7) & (day <= end)].sum()
    previous = load[(day > end - 14) & (day <= end - 7)].sum()
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


def _pain_monitoring(log: _Log, end: float, notes: list[str]) -> Finding | None:
    recent = log.window(end, 7, 0)
    seen: list[str] = []
    numbers: dict[str, float] = {}
    during = log.pain_during[recent]
    if np.nanmax(during, initial=-1) > PAIN_DURING_LIMIT:
        numbers["max_pain_during"] = np.nanmax(during)
        seen.append(f"pain during exercise reached {np.nanmax(during):.0f}/10 (above 5)")
    worse = int((log.next_morning[recent] > log.pain[recent]).sum())
    if worse:
        numbers["sessions_worse_next_morning"] = worse
        seen.append(f"{worse} session(s) left pain higher the next morning than before")
    before = log.window(end, 14, 7)
    if recent.sum() >= MIN_ENTRIES_PER_WEEK and before.sum() >= MIN_ENTRIES_PER_WEEK:
        rise = log.pain[recent].mean() - log.pain[before].mean()
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


def _no_warm_up_pattern(log: _Log, end: float, notes: list[str]) -> Finding | None:
    if log.warmed is None or "pain_next_morning" not in log.columns:
        return None
    rated = log.session & ~np.isnan(log.next_morning)
    warmed, skipped = rated & log.warmed, rated & ~log.warmed
    if warmed.sum() < MIN_SESSIONS_EACH or skipped.sum() < MIN_SESSIONS_EACH:
        notes.append(
            f"Warm-up pattern: needs {MIN_SESSIONS_EACH} or more sessions with and without a "
            f"warm-up that have next-morning pain (has {warmed.sum()} and {skipped.sum()})."
        )
        return None
    with_mean, without_mean = log.next_morning[warmed].mean(), log.next_morning[skipped].mean()
    if without_mean - with_mean < WARM_UP_DIFFERENCE:
        return None
    return Finding(
        "no_warm_up_pattern",
        "More pain after skipping the warm-up",
        f"Next-morning pain averaged {without_mean:.1f} after {skipped.sum()} sessions without a "
        f"warm-up, against {with_mean:.1f} after {warmed.sum()} sessions with one.",
        {
            "without_warm_up": without_mean,
            "with_warm_up": with_mean,
            "sessions_without": skipped.sum(),
            "sessions_with": warmed.sum(),
        },
        "Warm up before every session: the warm-up builder makes one in 5 to 15 minutes.",
        "article",
    )


PER_SESSION_FLAGS = ("pain_monitoring",)
DETECTORS = {
    "rising_pain": _rising_pain,
    "improving": _improving,
    "load_spike": _load_spike,
    "pain_monitoring": _pain_monitoring,
    "no_warm_up_pattern": _no_warm_up_pattern,
}


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
        session_load(frame["rpe"].astype(float), frame["minutes"].astype(float))
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


def analyze(
    entries: pd.DataFrame,
    as_of: pd.Timestamp | None = None,
    flags: tuple[str, ...] = tuple(DETECTORS),
    with_chart: bool = True,
) -> TrendReport:
    """Analyse a log. Raises InvalidInput (a ValueError) naming a missing or out-of-range column.

    `flags` and `with_chart` let the roster run only what it shows, for many clients at once.
    """
    frame = _validate(entries)
    data, resolution = chart_data(frame) if with_chart else (frame.iloc[0:0], "none")
    notes: list[str] = []
    if frame.empty:
        return TrendReport([], {}, data, resolution, ["No entries yet: log a few to see trends."])
    end_ts = as_of if as_of is not None else frame["date"].max()
    span = (frame["date"].max() - frame["date"].min()).days
    log = _Log(frame)
    end = pd.Timestamp(end_ts).to_datetime64().astype("datetime64[s]").astype("int64") / 86_400
    if len(frame) < 2 * MIN_ENTRIES_PER_WEEK or span < 7:
        notes.append(
            f"Too little data for trends: {len(frame)} entries over {span + 1} days. "
            "Trends need about two weeks with 3 or more entries a week."
        )
        # Pain during or after a session is a per-session rule: it needs no history.
        flags = tuple(f for f in flags if f in PER_SESSION_FLAGS)
    found = [DETECTORS[name](log, end, notes) for name in flags]
    findings = {f.flag: f for f in found if f is not None}
    if "rising_pain" in findings:
        findings.pop("improving", None)
    return TrendReport(list(findings), findings, data, resolution, notes)
