"""The trainer's roster: every client in one table, sorted by who needs attention first.

Order: a red flag the client found in their own check (emergency or urgent, on their own
account), with the time they ran it; then an open referral (emergency, urgent, see a clinician,
or an intake that needs medical clearance) until the trainer records the clearance; then trend
flags; then stale check-ins (days without an entry while the last pain was high; the numbers are
in `data/roster.toml`); then everyone else. Within a rank, a client with something new since the
trainer last looked comes first (`with_news`): what the client logged or checked on their own
account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache

import pandas as pd

from coach import store, trends
from coach.content import load
from coach.gate import open_referrals
from coach.intake import NEEDS_CLEARANCE
from coach.plans import Plan, adherence, schedule
from coach.profiles import Client
from coach.store import Connection, IntakeRecord, LastCheckIn, PlanRecord, TriageOutcome, Viewer
from coach.triage import Level, level_labels

TREND_FLAGS = ("rising_pain", "load_spike", "pain_monitoring")
TREND_WINDOW_DAYS = 30  # entries read per client: the trend detectors look back this far
SPARK_DAYS = 14  # days of pain the row's small chart shows

RANK_CLIENT_ALERT, RANK_REFERRAL, RANK_TREND, RANK_STALE, RANK_OTHER = range(-1, 4)
NO_TREND = "not enough data"


@dataclass(frozen=True)
class RosterRules:
    stale_days: int
    stale_pain: int
    arrow_change: float
    stale_note: str

    @property
    def stale_text(self) -> str:
        """When a check-in counts as stale, in words."""
        return self.stale_note.format(stale_days=self.stale_days, stale_pain=self.stale_pain)


@cache
def rules() -> RosterRules:
    """The shipped roster numbers from `data/roster.toml`."""
    return load("roster.toml", RosterRules)


@dataclass(frozen=True)
class RosterRow:
    client_id: int
    name: str
    rank: int
    reason: str
    last_pain: int | None
    pain_14_days: list[float] = field(default_factory=list)
    trend: str = NO_TREND
    last_triage: str | None = None
    last_triage_date: date | None = None
    plan_done: int = 0
    plan_due: int = 0
    last_check_in: date | None = None
    intake: str = "not done"
    flags: list[str] = field(default_factory=list)
    severity: int = 9
    last_by_client: bool = False
    # When the client's own check found the red flag that ranks them first, if one does.
    alert_at: datetime | None = None
    # What the client wrote on their own account: entry times (wall clock, in the trend window)
    # and triage instants, for "new since you last looked".
    client_entries: tuple[datetime, ...] = ()
    client_triages: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class News:
    """What the client logged or checked on their own account since the trainer last looked."""

    entries: int
    triages: int

    def __bool__(self) -> bool:
        return bool(self.entries or self.triages)

    @property
    def text(self) -> str:
        parts = []
        if self.entries:
            parts.append(f"{self.entries} check-in{'s' * (self.entries > 1)}")
        if self.triages:
            parts.append(f"{self.triages} back check{'s' * (self.triages > 1)}")
        return ", ".join(parts) or "nothing new"


def news_since(row: RosterRow, seen: datetime | None, tz: tzinfo = UTC) -> News:
    """What is new in a row since `seen` (an instant; None: never looked, all of it is new).

    Entries keep the wall-clock time the client gave, so they are compared with the moment the
    trainer looked as the trainer's clock in `tz` showed it."""
    if seen is None:
        return News(len(row.client_entries), len(row.client_triages))
    wall = seen.astimezone(tz).replace(tzinfo=None)
    return News(
        sum(ts > wall for ts in row.client_entries),
        sum(ts > seen for ts in row.client_triages),
    )


def with_news(
    rows: list[RosterRow], seen: dict[int, datetime], tz: tzinfo = UTC
) -> list[tuple[RosterRow, News]]:
    """Each row with its news, sorted as `sort_rows` does, news first within a rank."""
    paired = [(r, news_since(r, seen.get(r.client_id), tz)) for r in rows]
    return sorted(paired, key=lambda p: (p[0].rank, not p[1], p[0].severity, p[0].name.lower()))


def _trend_arrow(entries: pd.DataFrame, today: date) -> str:
    end = pd.Timestamp(today) + pd.Timedelta(days=1)
    last = entries[entries["date"] >= end - pd.Timedelta(days=7)]["pain"]
    before = entries[
        (entries["date"] < end - pd.Timedelta(days=7))
        & (entries["date"] >= end - pd.Timedelta(days=14))
    ]["pain"]
    if last.empty or before.empty:
        return NO_TREND
    change = last.mean() - before.mean()
    step = rules().arrow_change
    return "↑ worse" if change >= step else "↓ better" if change <= -step else "→ steady"


def build_row(
    client: Client,
    entries: pd.DataFrame,
    last_entry: LastCheckIn | None,
    triages: list[TriageOutcome],
    intake: IntakeRecord | None,
    plan: PlanRecord | None,
    done_sessions: set[tuple[int, int]],
    today: date,
    tz: tzinfo = UTC,
) -> RosterRow:
    """One client's roster row from plain data; `entries` covers the recent trend window."""
    reasons: list[tuple[int, int, str]] = []
    waiting = open_referrals(triages)
    alerts = [t for t in waiting if t.by_client and Level(t.level).is_urgent]
    for t in alerts:
        label = level_labels()[t.level].lower()
        reasons.append(
            (RANK_CLIENT_ALERT, Level(t.level).rank, f"Red flag in their own check: {label}")
        )
    for t in waiting:
        level = Level(t.level)
        reasons.append(
            (
                RANK_REFERRAL,
                level.rank,
                f"Open triage: {level_labels()[level.value].lower()}, not yet cleared",
            )
        )
    if intake and intake.outcome == NEEDS_CLEARANCE and not intake.cleared_on:
        reasons.append((RANK_REFERRAL, len(Level), "Intake: medical clearance needed"))

    flags: list[str] = []
    if len(entries):
        report = trends.analyze(
            entries, pd.Timestamp(today) + pd.Timedelta(days=1), TREND_FLAGS, with_chart=False
        )
        flags = [f for f in report.flags if f in TREND_FLAGS]
        if flags:
            titles = ", ".join(report.findings[f].title.lower() for f in flags)
            reasons.append((RANK_TREND, -len(flags), f"Trend: {titles}"))

    last_pain = last_entry.pain if last_entry else None
    last_day = last_entry.ts.date() if last_entry else None
    stale = last_day and (today - last_day).days >= rules().stale_days
    if stale and last_pain >= rules().stale_pain:
        reasons.append(
            (
                RANK_STALE,
                0,
                f"No check-in for {(today - last_day).days} days; last pain {last_pain}/10",
            )
        )

    rank, severity, reason = min(reasons) if reasons else (RANK_OTHER, 9, "Nothing needs attention")
    done = due = 0
    if plan:
        bookings = schedule(
            Plan.from_dict(plan.plan),
            plan.start_day,
            client.training_days,
        )
        done, due = adherence(bookings, done_sessions, today)
    spark_start = pd.Timestamp(today - timedelta(days=SPARK_DAYS - 1))
    spark = (
        entries[entries["date"] >= spark_start].set_index("date")["pain"].resample("D").mean()
        if len(entries)
        else pd.Series(dtype=float)
    )
    latest = triages[0] if triages else None
    alert = min(alerts, key=lambda t: Level(t.level).rank) if alerts else None
    by_client = entries[entries["by_client"]] if "by_client" in entries else entries.iloc[0:0]
    return RosterRow(
        client_id=client.id,
        name=client.name,
        rank=rank,
        reason=reason,
        last_pain=last_pain,
        pain_14_days=[round(v, 1) for v in spark.dropna().tolist()],
        trend=_trend_arrow(entries, today) if len(entries) else NO_TREND,
        last_triage=latest.level if latest else None,
        last_triage_date=latest.ts.astimezone(tz).date() if latest else None,
        plan_done=done,
        plan_due=due,
        last_check_in=last_day,
        intake=(
            "not done"
            if not intake
            else "cleared"
            if intake.outcome != NEEDS_CLEARANCE or intake.cleared_on
            else "clearance needed"
        ),
        flags=flags,
        severity=severity,
        last_by_client=bool(last_entry and last_entry.by_client),
        alert_at=alert.ts.astimezone(tz) if alert else None,
        client_entries=tuple(pd.Timestamp(d).to_pydatetime() for d in by_client["date"]),
        client_triages=tuple(t.ts for t in triages if t.by_client),
    )


def sort_rows(rows: list[RosterRow]) -> list[RosterRow]:
    """Most in need first; within a rank the more severe, then by name."""
    return sorted(rows, key=lambda r: (r.rank, r.severity, r.name.lower()))


def load_roster(db: Connection, who: Viewer, today: date, tz: tzinfo = UTC) -> list[RosterRow]:
    """The whole roster from a handful of workspace-wide queries, not one query per client.

    `today` is the person's date; triage dates are shown as days in their zone `tz`.
    """
    clients = store.list_clients(db, who)
    entries = store.owner_entries_since(db, who, today - timedelta(days=TREND_WINDOW_DAYS))
    by_client = dict(tuple(entries.groupby("client_id"))) if len(entries) else {}
    last = store.last_entry_per_client(db, who)
    triages: dict[int, list[TriageOutcome]] = {}
    for t in store.triages_for_owner(db, who):
        triages.setdefault(t.client_id, []).append(t)
    intakes = store.intakes_for_owner(db, who)
    plans = store.plans_for_owner(db, who)
    done = store.sessions_done_for_owner(db, who)
    empty = entries.iloc[0:0]
    rows = [
        build_row(
            c,
            by_client.get(c.id, empty),
            last.get(c.id),
            triages.get(c.id, []),
            intakes.get(c.id),
            plans.get(c.id),
            done.get(plans[c.id].id, set()) if c.id in plans else set(),
            today,
            tz,
        )
        for c in clients
    ]
    return sort_rows(rows)
