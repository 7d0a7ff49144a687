"""The calendar file's session times: a time for each weekday the plan's sessions fall on, so
a client who trains at 7:00 on Tuesdays and 18:30 on Thursdays gets reminders at those times."""

from __future__ import annotations

import calendar
from datetime import time

import streamlit as st

from coach import documents
from coach.plans import Booking
from coach.profiles import WEEKDAYS
from ui.keys import for_client


def session_times(bookings: list[Booking], name: str, client_id: int) -> dict[str, time]:
    """One time input per session weekday, side by side (stacked on a phone); keyed per client
    and weekday so each keeps its time."""
    days = documents.session_weekdays(bookings)
    chosen: dict[str, time] = {}
    for column, day in zip(st.columns(max(len(days), 1)), days, strict=False):
        chosen[day] = column.time_input(
            calendar.day_name[WEEKDAYS.index(day)],
            value=documents.SESSION_START,
            key=for_client(name, client_id, day),
        )
    return chosen
