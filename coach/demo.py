"""Synthetic demo clients: realistic, deterministic from a seed, each telling one story.

Nothing here is a real person. The stories are the cases a trainer must be able to see on the
dashboard: steady improvement, a load spike followed by rising pain, a red flag on record, pain
after sessions without a warm-up, a brand-new client, and an uneventful regular.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from coach import store
from coach.logbook import LogEntry
from coach.plans import build_plan, schedule
from coach.profiles import Profile
from coach.store import Connection
from coach.triage import assess

DEMO_DAYS = 100
DEFAULT_SEED = 7


@dataclass(frozen=True)
class DemoClient:
    story: str
    profile: Profile
    entries: list[LogEntry] = field(default_factory=list)
    triages: list[tuple[datetime, dict[str, Any]]] = field(default_factory=list)
    plan_done_rate: float | None = None  # None: no core plan; else share of due sessions done


def baseline_answers(**overrides: Any) -> dict[str, Any]:
    """Triage answers with no warning sign at all; stories change only what they need."""
    answers: dict[str, Any] = {
        "age": 35,
        "pain_now": 1,
        "days_since_onset": 1,
        "first_episode": False,
        "bladder_bowel_change": False,
        "saddle_numbness": False,
        "leg_weakness": "none",
        "radiating": "none",
        "both_legs_symptoms": False,
        "numbness_tingling": False,
        "fever_or_unwell": False,
        "major_trauma": False,
        "cancer_history": False,
        "unexplained_weight_loss": False,
        "night_pain": False,
        "long_term_steroids": False,
        "osteoporosis": False,
        "immunosuppressed_or_iv_drugs": False,
        "reduced_bladder_bowel_sensation": False,
        "sexual_dysfunction": False,
        "unsteady_or_clumsy": False,
        "minor_fall": False,
        "spinal_deformity": False,
        "recent_infection_or_procedure": False,
        "infection_risk_condition": False,
        "abdominal_or_pulsating_pain": False,
        "upper_back_pain": False,
        "daily_activities_affected": False,
        "worsening": False,
        "after_workout": True,
        "movement_at_onset": "none",
        "new_or_harder_workout": False,
        "abnormally_sore": False,
        "one_sided": False,
        "dread_training": False,
        "warmed_up": True,
        "core_sessions_per_week": 2,
        "form_coached": True,
        "low_fluid_intake": False,
    }
    answers.update(overrides)
    return answers


def _clamp(value: float) -> int:
    return max(0, min(10, round(value)))


def _sessions(
    rng: random.Random,
    start: date,
    days: int,
    pain_on_day,
    *,
    weekdays: tuple[int, ...] = (0, 2, 4),
    minutes=lambda day: 45,
    rpe=lambda day: 6,
    warm_up_rate: float = 0.9,
    next_morning_extra=lambda warmed: 0,
    location: str = "centre",
    session_type: str = "strength",
) -> list[LogEntry]:
    """Sessions on the given weekdays plus a morning check-in on the other days."""
    entries = []
    for day in range(days):
        when = start + timedelta(days=day)
        base = pain_on_day(day) + rng.uniform(-0.6, 0.6)
        if when.weekday() in weekdays:
            warmed = rng.random() < warm_up_rate
            entries.append(
                LogEntry(
                    ts=datetime.combine(when, time(18, rng.choice((0, 15, 30)))),
                    pain=_clamp(base),
                    pain_during=_clamp(base + rng.uniform(0, 1)),
                    pain_next_morning=_clamp(base + next_morning_extra(warmed)),
                    location=location,
                    session_type=session_type,
                    minutes=int(minutes(day)),
                    rpe=int(rpe(day)),
                    warmed_up=warmed,
                    fluids="low" if rng.random() < 0.15 else "ok",
                )
            )
        elif rng.random() < 0.6:
            entries.append(
                LogEntry(
                    ts=datetime.combine(when, time(8, 0)),
                    pain=_clamp(base),
                    location=location,
                    session_type="check_in",
                )
            )
    return entries


def generate(seed: int, today: date) -> list[DemoClient]:
    """The demo clients, ending yesterday; the same seed and day give the same data."""
    start = today - timedelta(days=DEMO_DAYS)
    rng = random.Random(seed)
    clients: list[DemoClient] = []

    clients.append(
        DemoClient(
            "improving",
            Profile(
                "Maya Chen",
                34,
                "intermediate",
                "female",
                ("Mon", "Wed", "Fri"),
                "Deadlift again without pain",
                "Strained her back moving house in the spring.",
            ),
            _sessions(rng, start, DEMO_DAYS, lambda d: 6 - 5 * d / DEMO_DAYS),
            [(datetime.combine(start, time(9)), baseline_answers(pain_now=6, age=34))],
            plan_done_rate=0.9,
        )
    )

    spike_day = DEMO_DAYS - 12
    clients.append(
        DemoClient(
            "load_spike",
            Profile(
                "Tom Okafor",
                41,
                "intermediate",
                "male",
                ("Tue", "Thu", "Sat"),
                "Half marathon in spring",
                "Started a new hypertrophy block three weeks ago.",
            ),
            _sessions(
                rng,
                start,
                DEMO_DAYS,
                lambda d: 1.5 if d < spike_day else 1.5 + (d - spike_day) * 0.35,
                weekdays=(1, 3, 5),
                minutes=lambda d: 45 if d < spike_day else 75,
                rpe=lambda d: 5 if d < spike_day else 8,
            ),
            plan_done_rate=0.4,
        )
    )

    flag_day = datetime.combine(today - timedelta(days=5), time(17))
    clients.append(
        DemoClient(
            "red_flag",
            Profile(
                "Priya Shah",
                52,
                "beginner",
                "female",
                ("Mon", "Thu"),
                "Stay strong for gardening",
                "Referred to her GP after the last screen.",
            ),
            _sessions(
                rng,
                start,
                DEMO_DAYS,
                lambda d: 3 + 2 * d / DEMO_DAYS,
                weekdays=(0, 3),
                location="leg",
                session_type="core",
            ),
            [
                (
                    datetime.combine(start, time(10)),
                    baseline_answers(age=52, pain_now=3),
                ),
                (
                    flag_day,
                    baseline_answers(
                        age=52,
                        pain_now=6,
                        radiating="below_knee",
                        numbness_tingling=True,
                        worsening=True,
                        days_since_onset=20,
                    ),
                ),
            ],
        )
    )

    clients.append(
        DemoClient(
            "skips_warm_up",
            Profile(
                "Sam Rivera",
                27,
                "advanced",
                "male",
                ("Mon", "Tue", "Thu", "Sat"),
                "Powerlifting meet in June",
                "Often arrives late and goes straight to the bar.",
            ),
            _sessions(
                rng,
                start,
                DEMO_DAYS,
                lambda d: 2,
                weekdays=(0, 1, 3, 5),
                rpe=lambda d: 8,
                warm_up_rate=0.35,
                next_morning_extra=lambda warmed: 0 if warmed else 2.5,
            ),
            plan_done_rate=0.6,
        )
    )

    clients.append(
        DemoClient(
            "new",
            Profile(
                "Lena Novak",
                23,
                "beginner",
                "female",
                ("Wed", "Sat"),
                "Get fit for hiking",
            ),
            _sessions(rng, today - timedelta(days=2), 2, lambda d: 1, weekdays=tuple(range(7))),
        )
    )

    clients.append(
        DemoClient(
            "steady",
            Profile(
                "Jordan Blake",
                45,
                "advanced",
                "other",
                ("Mon", "Wed", "Fri", "Sun"),
                "Keep a healthy back",
                "Consistent, warms up every time.",
            ),
            _sessions(
                rng,
                start,
                DEMO_DAYS,
                lambda d: 1,
                weekdays=(0, 2, 4, 6),
                warm_up_rate=1.0,
                session_type="cardio",
            ),
            [
                (
                    datetime.combine(start + timedelta(days=40), time(9)),
                    baseline_answers(age=45),
                )
            ],
            plan_done_rate=1.0,
        )
    )
    return clients


@dataclass(frozen=True)
class PreparedClient:
    """One demo client worked out down to the values written; the dicts are never mutated."""

    profile: Profile
    entries: tuple[LogEntry, ...]
    triages: tuple[tuple[datetime, dict[str, Any], dict[str, Any]], ...]  # when, answers, result
    plan: dict[str, Any] | None = None
    plan_start: date | None = None
    plan_done: tuple[tuple[int, int, date], ...] = ()  # week, session, day done


def _prepare(client: DemoClient, today: date) -> PreparedClient:
    triages = tuple((when, answers, assess(answers).to_dict()) for when, answers in client.triages)
    if client.plan_done_rate is None:
        return PreparedClient(client.profile, tuple(client.entries), triages)
    # A core plan that started six weeks ago, with the story's share of due sessions done.
    profile = client.profile
    plan = build_plan(profile.background, 8, len(profile.training_days), 20, frozenset({"mat"}), 2)
    start = today - timedelta(weeks=6, days=today.weekday())
    rng = random.Random(f"{profile.name}-plan")
    done = tuple(
        (booking.week, booking.session, booking.day)
        for booking in schedule(plan, start, profile.training_days)
        if booking.day < today and rng.random() < client.plan_done_rate
    )
    return PreparedClient(profile, tuple(client.entries), triages, plan.to_dict(), start, done)


@lru_cache(maxsize=2)
def prepared(seed_value: int, today: date) -> tuple[PreparedClient, ...]:
    """The demo as written, worked out once a day per process, outside any transaction.

    Working it out takes about half a second of Python; inside the write transaction that held
    SQLite's one write lock while every other session waited for the interpreter, and under load
    other writers timed out with "database is locked". Now a demo start only inserts.
    """
    return tuple(_prepare(client, today) for client in generate(seed_value, today))


def seed(
    db: Connection, owner_id: str, today: date, now: datetime, seed_value: int = DEFAULT_SEED
) -> int:
    """Write the demo clients for an owner in one transaction; returns how many were added.

    The stories end on `today`, the person's date; `now` stamps when the rows were added, and its
    time zone is the one the stories' times of day are in. Each row is stamped when its story
    says it happened, so a client's history reads in the story's order, their adding first.
    """
    clients = prepared(seed_value, today)
    who = store.Viewer(owner_id)
    with db.transaction():
        for client in clients:
            # The stories' clock times are the person's own (9 am is their 9 am), as `now` is.
            triages = [(when.replace(tzinfo=now.tzinfo), a, r) for when, a, r in client.triages]
            ticks = [(w, s, datetime.combine(day, now.timetz())) for w, s, day in client.plan_done]
            planned = now  # a plan that started in the past was saved on its first day
            if client.plan_start is not None:
                planned = min(now, datetime.combine(client.plan_start, now.timetz()))
            added = min([planned, *(at for at, _, _ in triages), *(at for *_, at in ticks)])
            stored = store.add_client(db, who, client.profile, added)
            store.add_entries(db, who, stored.id, client.entries, added)
            for at, answers, result in triages:
                store.save_triage(db, who, stored.id, answers, result, at)
            if client.plan is not None:
                plan_id = store.save_plan(
                    db, who, stored.id, client.plan, client.plan_start, "built", planned
                )
                for week, session, ticked in ticks:  # on that day, never after now
                    store.set_session_done(db, who, plan_id, week, session, True, ticked)
    return len(clients)
