"""Small read models that several screens share, such as a client's at-a-glance numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

import pandas as pd

from coach import store, trends
from coach.content import pain_rule
from coach.form_check import recurring_faults
from coach.gate import open_referrals
from coach.logbook import session_load
from coach.plans import Booking, Plan, adherence, schedule
from coach.profiles import Client
from coach.store import Connection, IntakeRecord, PlanRecord, TriageRecord, Viewer
from coach.triage import Level, assess, content
from coach.triage_history import changes_between

SUMMARY_DAYS = 90


@dataclass(frozen=True)
class Glance:
    latest_pain: int | None
    pain_change: int | None
    last_check_in: date | None
    last_triage_level: str | None
    last_triage_date: date | None


def at_a_glance(
    db: Connection,
    who: Viewer,
    client_id: int,
    triages: list[TriageRecord] | None = None,
    tz: tzinfo = UTC,
) -> Glance:
    """Latest pain and its change from the entry before, last check-in date, last triage.

    Pass `triages` (newest first) when the caller has read them already; the triage's date is
    the day it fell on in the person's zone `tz`.
    """
    recent = store.recent_entries(db, who, client_id, limit=2)
    latest = recent[0] if recent else None
    change = recent[0].pain - recent[1].pain if len(recent) == 2 else None
    if triages is None:
        triages = store.list_triages(db, who, client_id)
    last = next((t for t in triages if not t.entered_in_error), None)
    return Glance(
        latest_pain=latest.pain if latest else None,
        pain_change=change,
        last_check_in=latest.ts.date() if latest else None,
        last_triage_level=last.level if last else None,
        last_triage_date=last.ts.astimezone(tz).date() if last else None,
    )


@dataclass(frozen=True)
class ClientSummary:
    """Everything a trainer reads before a session, gathered once for the screen and the report."""

    client: Client
    glance: Glance
    triages: list[TriageRecord]  # the ones that count: entered-in-error triages are left out
    changes: list[str]
    open_referral: TriageRecord | None
    intake: IntakeRecord | None
    entries: pd.DataFrame
    report: trends.TrendReport
    plan: Plan | None
    plan_row: PlanRecord | None
    bookings: list[Booking]
    done: set[tuple[int, int]]
    plan_done: int
    plan_due: int
    recurring_faults: list[tuple[str, str, int]]
    warmed_sessions: int
    sessions: int
    weekly_load: pd.DataFrame


def client_summary(
    db: Connection, who: Viewer, client_id: int, today: date, tz: tzinfo = UTC
) -> ClientSummary:
    """Everything about one client as of the person's `today`, triage dates read in `tz`."""
    client = store.get_client(db, who, client_id)
    triages = [t for t in store.list_triages(db, who, client_id) if not t.entered_in_error]
    changes = list(changes_between(triages[1], triages[0])) if len(triages) >= 2 else []
    open_referral = next(iter(open_referrals(triages)), None)
    since = datetime.combine(today - timedelta(days=SUMMARY_DAYS), datetime.min.time())
    entries = store.entries_frame(db, who, client_id, start=since)
    report = trends.analyze(entries, as_of=pd.Timestamp(today) + pd.Timedelta(days=1))
    plan_row = store.current_plan(db, who, client_id)
    plan = Plan.from_dict(plan_row.plan) if plan_row else None
    bookings: list[Booking] = []
    done_sessions: set[tuple[int, int]] = set()
    if plan:
        bookings = schedule(plan, plan_row.start_day, client.training_days)
        done_sessions = store.sessions_done(db, who, plan_row.id)
    done, due = adherence(bookings, done_sessions, today)
    sessions = entries[entries["minutes"] > 0]
    load = sessions.assign(load=session_load(sessions["rpe"], sessions["minutes"]))
    weekly = (
        # Weeks run Monday to Sunday and are named by their Monday, so none lies in the future.
        load.set_index("date")["load"]
        .resample("W-MON", label="left", closed="left")
        .sum()
        .tail(4)
        .reset_index()
        if len(load)
        else pd.DataFrame({"date": [], "load": []})
    )
    return ClientSummary(
        client=client,
        glance=at_a_glance(db, who, client_id, triages, tz),
        triages=triages,
        changes=changes,
        open_referral=open_referral,
        intake=store.latest_intake(db, who, client_id),
        entries=entries,
        report=report,
        plan=plan,
        plan_row=plan_row,
        bookings=bookings,
        done=done_sessions,
        plan_done=done,
        plan_due=due,
        recurring_faults=recurring_faults(store.list_form_checks(db, who, client_id)),
        warmed_sessions=int(sessions["warmed_up"].sum()),
        sessions=len(sessions),
        weekly_load=weekly,
    )


@dataclass(frozen=True)
class TodaysAdvice:
    """The one line a trainer or client reads first: what to do today, why, and the next step.

    `next_page` is the screen that next step happens on ("" when there is none); `level` is the
    triage level the advice comes from, when it comes from one, so an emergency looks like one.
    """

    title: str
    text: str
    source: str
    next_page: str = ""
    next_label: str = ""
    level: Level | None = None


TRIAGE_PAGE = "pages/1_Triage.py"


def pain_level(pain: int) -> Level:
    """What the triage makes of this pain score alone (its pain rules, nothing else asked)."""
    return assess({"pain_now": pain}).level


def todays_pain(summary: ClientSummary, today: date) -> int | None:
    """The latest pain logged on the person's `today`, if any."""
    logged = summary.entries[summary.entries["date"].dt.date == today]
    return int(logged.iloc[-1]["pain"]) if len(logged) else None


def todays_pain_during(summary: ClientSummary, today: date) -> int | None:
    """The highest pain during exercise logged on the person's `today`, if any was."""
    during = summary.entries.loc[summary.entries["date"].dt.date == today, "pain_during"]
    return None if during.isna().all() else int(during.max())


def todays_advice(
    summary: ClientSummary, today: date, tz: tzinfo = UTC, name: str | None = None
) -> TodaysAdvice:
    """Today's status from what is known, most serious first: an open referral from a triage,
    pain logged today at or above the triage's rest level, a triage done today, no check at all
    (an invitation to check), worrying trends, and only then train with care. Pain during
    exercise today above the pain rule is said in the rule's words, so the advice says what the
    rule and the trainer's trend flag say: as today's advice below the rest level, and beside
    the stricter rest advice at it.

    `name` is the client's when someone else (their trainer) reads it: the words then speak of
    them, not to them."""
    levels = content().levels
    if summary.open_referral:
        level = Level(summary.open_referral.level)
        info = levels[level]
        return TodaysAdvice(info.title, info.action, info.source, level=level)
    pain = todays_pain(summary, today)
    level = pain_level(pain) if pain is not None else Level.TRAIN
    check = (
        f"Check {name}'s back: what else matters today"
        if name
        else "Check my back: what else matters today"
    )
    rule = pain_rule()
    during = todays_pain_during(summary, today)
    if level.rank > Level.REST.rank and during is not None and during > rule.during_max:
        words = rule.advice
        text = words.text.format(who=name or "You", during=during, during_max=rule.during_max)
        return TodaysAdvice(words.title, text, words.source, TRIAGE_PAGE, check)
    if level.rank <= Level.REST.rank:
        info = levels[level]
        high = during is not None and during > rule.during_max
        note = rule.advice.during_note.format(during=during, during_max=rule.during_max)
        return TodaysAdvice(
            info.title,
            f"{name or 'You'} logged pain of {pain}/10 today. {note + ' ' if high else ''}"
            f"{info.action}",
            info.source,
            TRIAGE_PAGE,
            check,
            level,
        )
    latest = summary.triages[0] if summary.triages else None
    if latest and latest.ts.astimezone(tz).date() == today:
        level = Level(latest.level)
        # A referral cleared since is not today's advice: the clinician has seen them.
        if level is not Level.TRAIN and not (level.is_referral and latest.cleared_on):
            info = levels[level]
            return TodaysAdvice(info.title, info.action, info.source, level=level)
    if latest is None and summary.entries.empty:
        return TodaysAdvice(
            "No check saved yet",
            f"Go through the back check with {name} (a few minutes) or log their pain, and this "
            "will say whether they should train, rest or see someone today."
            if name
            else "Answer the back check (a few minutes) or log your pain, and this will say "
            "whether to train, rest or see someone today.",
            levels[Level.TRAIN].source,
            TRIAGE_PAGE,
            f"Check {name}'s back now" if name else "Check my back now",
        )
    worrying = [f for f in ("rising_pain", "pain_monitoring") if f in summary.report.findings]
    if worrying:
        finding = summary.report.findings[worrying[0]]
        return TodaysAdvice(
            f"Go easy today: {finding.title.lower()}", finding.action, finding.source
        )
    info = levels[Level.TRAIN]
    return TodaysAdvice("Train with care", f"{info.action} {rule.text}", info.source)


def next_session(summary: ClientSummary, today: date) -> Booking | None:
    """The next plan session not yet done, today or later."""
    return next(
        (b for b in summary.bookings if b.day >= today and (b.week, b.session) not in summary.done),
        None,
    )
