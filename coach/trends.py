"""Trend engine: notice rising pain, load spikes and warm-up patterns before a client has to.

`analyze()` takes a log as a DataFrame and returns flags with the numbers behind each, plus chart
data aggregated so no chart ever receives more than `MAX_CHART_POINTS` rows. The thresholds and
the words of every finding live in `data/trends.toml`, each number with its source; the pain
rule comes from `data/pain_monitoring.toml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from coach.content import load, pain_rule
from coach.errors import ContentError, InvalidInput
from coach.logbook import session_load

MAX_CHART_POINTS = 2_000  # what a browser draws smoothly; not a clinical number


@dataclass(frozen=True)
class Thresholds:
    """The numbers the detectors compare with; see `data/trends.toml` for each one's meaning."""

    min_important_change: float
    min_important_fraction: float
    min_improving_drop: float
    session_spike: float
    spike_window_days: int
    weekly_spike: float
    weekly_build_up: float
    min_load_sessions: int
    min_prior_sessions: int
    recent_days: int
    min_entries_per_week: int
    min_sessions_each: int
    warm_up_difference: float
    steady_rise_r: float


@dataclass(frozen=True)
class FindingText:
    """The words of one finding; {names} in them are filled in when it is raised."""

    title: str
    explanation: str
    action: str
    source: str
    needs: str = ""
    parts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TrendRules:
    thresholds: Thresholds
    finding: Mapping[str, FindingText]
    no_entries: str
    too_little_data: str


@cache
def rules() -> TrendRules:
    """The shipped trend rules; raises ContentError when a finding's words are missing."""
    loaded = load("trends.toml", TrendRules)
    if missing := sorted(set(DETECTORS) - set(loaded.finding)):
        raise ContentError(f"trends.toml: no [finding.{missing[0]}]")
    return loaded


def _say(template: str, **values: Any) -> str:
    """Fill a template from trends.toml with the thresholds and the finding's own values."""
    try:
        return template.format(**vars(rules().thresholds), **values)
    except (KeyError, IndexError, ValueError) as e:
        raise ContentError(f"trends.toml: cannot fill {template!r}: {e!r}") from e


def _joined(parts: list[str]) -> str:
    """Parts of a sentence joined by semicolons, with only the very first letter raised."""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _finding(flag: str, numbers: dict[str, float], **values: Any) -> Finding:
    text = rules().finding[flag]
    return Finding(
        flag,
        text.title,
        _say(text.explanation, **values),
        numbers,
        _say(text.action),
        text.source,
    )


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
    t = rules().thresholds
    last, before = log.window(end, 7, 0), log.window(end, 14, 7)
    if last.sum() < t.min_entries_per_week or before.sum() < t.min_entries_per_week:
        notes.append(_say(rules().finding["rising_pain"].needs))
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
    steady = r >= t.steady_rise_r and slope * 13 >= t.min_important_change
    if rise < t.min_important_change and not steady:
        return None
    parts = rules().finding["rising_pain"].parts
    return _finding(
        "rising_pain",
        {
            "last_7_days": round(now, 2),
            "previous_7_days": round(then, 2),
            "rise": round(rise, 2),
            "slope_per_week": round(slope * 7, 2),
        },
        now=now,
        then=then,
        steady=_say(parts["steady"], slope=slope * 7) if steady else "",
    )


def _improving(log: _Log, end: float, notes: list[str]) -> Finding | None:
    t = rules().thresholds
    start = log.day.min()
    baseline = log.day < start + 7
    last = log.window(end, 7, 0)
    enough = baseline.sum() >= t.min_entries_per_week and last.sum() >= t.min_entries_per_week
    if end - start < 14 or not enough:
        notes.append(_say(rules().finding["improving"].needs))
        return None
    before, now = log.pain[baseline].mean(), log.pain[last].mean()
    drop = before - now
    fraction = drop / before if before > 0 else 0.0
    by_fraction = fraction >= t.min_important_fraction and drop >= t.min_improving_drop
    if not (drop >= t.min_important_change or by_fraction):
        return None
    return _finding(
        "improving",
        {"baseline": before, "last_7_days": now, "drop": drop, "fraction": fraction},
        now=now,
        before=before,
        fraction=fraction,
    )


def _load_spike(log: _Log, end: float, notes: list[str]) -> Finding | None:
    t = rules().thresholds
    parts = rules().finding["load_spike"].parts
    if not log.has_load or log.session.sum() < t.min_load_sessions:
        notes.append(_say(rules().finding["load_spike"].needs))
        return None
    day, load = log.day[log.session], log.load[log.session]
    numbers: dict[str, float] = {}
    seen: list[str] = []
    for i in np.flatnonzero((day > end - t.recent_days) & (day <= end)):
        prior = load[(day < day[i]) & (day >= day[i] - t.spike_window_days)]
        if len(prior) >= t.min_prior_sessions and load[i] > (1 + t.session_spike) * prior.max():
            numbers = {"session_load": load[i], "previous_30_day_max": prior.max()}
            when = pd.Timestamp(day[i] * 86_400, unit="s")
            seen.append(_say(parts["session"], day=when, load=load[i], prior_max=prior.max()))
            break
    week = load[(day > end - 7) & (day <= end)].sum()
    previous = load[(day > end - 14) & (day <= end - 7)].sum()
    if previous > 0 and week > (1 + t.weekly_spike) * previous:
        numbers |= {"week_load": week, "previous_week_load": previous}
        rise = week / previous - 1
        seen.append(_say(parts["week"], week=week, rise=rise, previous=previous))
    if not seen:
        return None
    return _finding("load_spike", numbers, seen=_joined(seen))


def _pain_monitoring(log: _Log, end: float, notes: list[str]) -> Finding | None:
    t, rule = rules().thresholds, pain_rule()
    parts = rules().finding["pain_monitoring"].parts
    recent = log.window(end, 7, 0)
    seen: list[str] = []
    numbers: dict[str, float] = {}
    during = log.pain_during[recent]
    if np.nanmax(during, initial=-1) > rule.during_max:
        numbers["max_pain_during"] = np.nanmax(during)
        seen.append(_say(parts["during"], during=np.nanmax(during), during_max=rule.during_max))
    worse = int((log.next_morning[recent] > log.pain[recent]).sum())
    if worse:
        numbers["sessions_worse_next_morning"] = worse
        seen.append(_say(parts["next_morning"], worse=worse))
    before = log.window(end, 14, 7)
    if recent.sum() >= t.min_entries_per_week and before.sum() >= t.min_entries_per_week:
        rise = log.pain[recent].mean() - log.pain[before].mean()
        if rise >= rule.weekly_rise:
            numbers["week_on_week_rise"] = round(rise, 2)
            seen.append(_say(parts["weekly"], rise=rise))
    if not seen:
        return None
    return _finding("pain_monitoring", numbers, seen=_joined(seen))


def _no_warm_up_pattern(log: _Log, end: float, notes: list[str]) -> Finding | None:
    t = rules().thresholds
    if log.warmed is None or "pain_next_morning" not in log.columns:
        return None
    rated = log.session & ~np.isnan(log.next_morning)
    warmed, skipped = rated & log.warmed, rated & ~log.warmed
    if warmed.sum() < t.min_sessions_each or skipped.sum() < t.min_sessions_each:
        needs = rules().finding["no_warm_up_pattern"].needs
        notes.append(_say(needs, warmed=warmed.sum(), skipped=skipped.sum()))
        return None
    with_mean, without_mean = log.next_morning[warmed].mean(), log.next_morning[skipped].mean()
    if without_mean - with_mean < t.warm_up_difference:
        return None
    return _finding(
        "no_warm_up_pattern",
        {
            "without_warm_up": without_mean,
            "with_warm_up": with_mean,
            "sessions_without": skipped.sum(),
            "sessions_with": warmed.sum(),
        },
        without=without_mean,
        with_=with_mean,
        skipped=skipped.sum(),
        warmed=warmed.sum(),
    )


PER_SESSION_FLAGS = ("pain_monitoring",)
DETECTORS = {
    "rising_pain": _rising_pain,
    "improving": _improving,
    "load_spike": _load_spike,
    "pain_monitoring": _pain_monitoring,
    "no_warm_up_pattern": _no_warm_up_pattern,
}


# resolution: (pandas period, the period in words, periods the smoothed line averages)
RESOLUTIONS = {
    "daily": ("D", "day", 7),
    "weekly": ("W-MON", "week", 4),
    "monthly": ("MS", "month", 3),
}


def chart_caption(resolution: str) -> str:
    """What the pain chart's dots and line are, in words, for the resolution it was drawn at."""
    _, period, window = RESOLUTIONS[resolution]
    return (
        f"Each dot is one {period}'s average pain; the line is the average of the last {window} "
        f"{period}s, which shows the direction without the day-to-day ups and downs."
    )


def chart_data(entries: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Aggregate to days, weeks or months, whichever first fits in MAX_CHART_POINTS rows."""
    frame = entries.set_index("date")
    span_days = (frame.index.max() - frame.index.min()).days + 1 if len(frame) else 0
    if span_days <= MAX_CHART_POINTS:
        resolution = "daily"
    elif span_days / 7 <= MAX_CHART_POINTS:
        resolution = "weekly"
    else:
        resolution = "monthly"
    rule, _, window = RESOLUTIONS[resolution]
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
        return TrendReport([], {}, data, resolution, [rules().no_entries])
    end_ts = as_of if as_of is not None else frame["date"].max()
    span = (frame["date"].max() - frame["date"].min()).days
    log = _Log(frame)
    end = pd.Timestamp(end_ts).to_datetime64().astype("datetime64[s]").astype("int64") / 86_400
    if len(frame) < 2 * rules().thresholds.min_entries_per_week or span < 7:
        notes.append(_say(rules().too_little_data, entries=len(frame), days=span + 1))
        # Pain during or after a session is a per-session rule: it needs no history.
        flags = tuple(f for f in flags if f in PER_SESSION_FLAGS)
    found = [DETECTORS[name](log, end, notes) for name in flags]
    findings = {f.flag: f for f in found if f is not None}
    if "rising_pain" in findings:
        findings.pop("improving", None)
    return TrendReport(list(findings), findings, data, resolution, notes)
