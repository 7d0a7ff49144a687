"""The triage screen's question flow: one section at a time, answers kept per person checked.

Progress lives in session state under one key per owner and person (a client, or "self"), as
plain values: ticked items, closed checklists ("None of these") and single answers. Widgets are
drawn from it on every run and write back through callbacks, so switching to another client
shows that client's own (empty) progress and nothing carries over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from coach.profiles import Client
from coach.triage import Question, Section, assess, collect_answers, content
from ui import clock
from ui.keys import GONE, TRIAGE_PROGRESS, TRIAGE_SCROLLS, widget_value
from ui.menu import CLIENT, PERSON
from ui.render import plain
from ui.settings import setting
from ui.setup import PageContext

SETTLE_MS = 700  # BACKCOACH_TAP_SETTLE_MS: see `_aimed_elsewhere`

YES_NO = {True: "Yes", False: "No"}
WEEK_OR_MORE = "week_or_more"
DAYS = [*range(7), WEEK_OR_MORE]


def _day_label(value: Any) -> str:
    if value == WEEK_OR_MORE:
        return "A week or more"
    return {0: "Today", 1: "1 day"}.get(value, f"{value} days")


@dataclass(frozen=True)
class Progress:
    """One person's answers so far, as kept in session state; `key` names owner and person.

    `known` are answers the person already gave about themselves (their age, typed into their
    own profile): a check starts with them and shows them in the answers so far, but never asks
    twice. "Change" on their section shows them filled in, to change there ("told" no more).
    """

    key: str
    known: tuple[tuple[str, Any], ...] = ()

    @property
    def state(self) -> dict[str, Any]:
        everyone = st.session_state.setdefault(TRIAGE_PROGRESS, {})
        state = everyone.setdefault(
            self.key, {"ticked": {}, "closed": [], "values": {}, "more": [], "saved": None}
        )
        if self.known and "told" not in state:
            state["values"] = dict(self.known) | state["values"]
            state["told"] = [key for key, _ in self.known]
        return state

    def answers(self) -> dict[str, Any]:
        state = self.state
        return collect_answers(state["ticked"], state["closed"], state["values"])

    def widget(self, name: str) -> str:
        return f"triage_{self.key}_{name}"

    def clear(self) -> None:
        """Forget every answer and widget of this person (the next check starts empty)."""
        st.session_state.get(TRIAGE_PROGRESS, {}).pop(self.key, None)
        for name in [k for k in st.session_state if str(k).startswith(self.widget(""))]:
            del st.session_state[name]

    def reopen(self, section: Section) -> None:
        """Ask a section again: its ticks, its "None of these" and its answers are forgotten."""
        state = self.state
        state["ticked"].pop(section.id, None)
        if section.id in state["closed"]:
            state["closed"].remove(section.id)
        known = dict(self.known)
        for key in section.keys:
            state["values"].pop(key, None)
            if key in known:  # their own answer, shown filled in to change
                state["values"][key] = known[key]
        if "told" in state:
            state["told"] = [key for key in state["told"] if key not in section.keys]


# ---------------------------------------------------------------- callbacks (run before the page)


def _aimed_elsewhere(progress: Progress) -> bool:
    """A tap this soon after a new section appeared was aimed at the one before it.

    On a phone the second tap of a double tap on "None of these" lands on whatever the next
    section drew in the same place: it closed a warning-sign section nobody had read, or ticked
    a sign nobody chose. A person reads a new section for longer than this before answering."""
    shown = progress.state.get("shown_at")
    settle = int(setting("BACKCOACH_TAP_SETTLE_MS") or SETTLE_MS) / 1000
    return shown is not None and clock.utc_now().timestamp() - shown < settle


def _tick(progress: Progress, section_id: str, index: int) -> None:
    checked = widget_value(progress.widget(f"{section_id}_{index}"))
    if checked is GONE or _aimed_elsewhere(progress):
        return
    ticked = set(progress.state["ticked"].get(section_id, ()))
    if checked:
        ticked.add(index)
    else:
        ticked.discard(index)
    progress.state["ticked"][section_id] = sorted(ticked)


def _close(progress: Progress, section_id: str) -> None:
    if _aimed_elsewhere(progress):
        return
    if section_id not in progress.state["closed"]:
        progress.state["closed"].append(section_id)


def _answer(progress: Progress, key: str) -> None:
    value = widget_value(progress.widget(key))
    if value is GONE or _aimed_elsewhere(progress):
        return
    if value is None:
        progress.state["values"].pop(key, None)
    else:
        progress.state["values"][key] = int(value) if isinstance(value, float) else value


def _answer_day(progress: Progress, key: str) -> None:
    """The day buttons: a week or more opens a number field for the exact count."""
    value = widget_value(progress.widget(key))
    if value is GONE or _aimed_elsewhere(progress):
        return
    values, more = progress.state["values"], progress.state["more"]
    if value == WEEK_OR_MORE:
        if key not in more:
            more.append(key)
        values.pop(key, None)
    else:
        if key in more:
            more.remove(key)
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value


def _answer_form(progress: Progress, keys: tuple[str, ...]) -> None:
    for key in keys:
        value = st.session_state.get(progress.widget(key))
        if value is not None:
            progress.state["values"][key] = int(value) if isinstance(value, float) else value


# ---------------------------------------------------------------- drawing


def _sync(name: str, value: Any) -> None:
    """Show the kept answer in a widget (set before the widget is drawn, as Streamlit allows)."""
    st.session_state[name] = value


def question_widget(progress: Progress, q: Question, in_form: bool = False) -> None:
    """One question with the widget that fits it; outside a form it saves on every change."""
    values = progress.state["values"]
    name = progress.widget(q.key)
    live = {} if in_form else {"on_change": _answer, "args": (progress, q.key)}
    help_text = q.why or None
    if q.widget == "days":
        more = q.key in progress.state["more"] or values.get(q.key, 0) >= len(DAYS) - 1
        _sync(name, WEEK_OR_MORE if more else values.get(q.key))
        st.pills(
            q.label,
            DAYS,
            format_func=_day_label,
            key=name,
            help=help_text,
            on_change=_answer_day,
            args=(progress, q.key),
        )
        if more:
            exact = progress.widget(f"{q.key}_exact")
            _sync(exact, values.get(q.key))
            st.number_input(
                "Number of days",
                min_value=len(DAYS) - 1,
                max_value=q.max,
                value=None,
                step=1,
                key=exact,
                placeholder="Type the number of days",
                on_change=_answer_exact,
                args=(progress, q.key),
            )
        return
    if not in_form:
        _sync(name, values.get(q.key))
    if q.kind == "yes_no":
        st.radio(
            q.label,
            [True, False],
            index=None,
            format_func=YES_NO.get,
            horizontal=True,
            key=name,
            help=help_text,
            **live,
        )
    elif q.kind == "choice":
        labels = dict(q.options)
        st.radio(
            q.label,
            list(labels),
            index=None,
            format_func=labels.get,
            key=name,
            help=help_text,
            **live,
        )
    elif q.widget == "scale":
        st.pills(q.label, list(range(q.min, q.max + 1)), key=name, help=help_text, **live)
    else:
        st.number_input(
            q.label,
            min_value=q.min,
            max_value=q.max,
            value=None,
            step=1,
            key=name,
            placeholder="Type a number",
            help=help_text,
            **live,
        )


def _answer_exact(progress: Progress, key: str) -> None:
    value = widget_value(progress.widget(f"{key}_exact"))
    if value is GONE:
        return
    if value is None:
        progress.state["values"].pop(key, None)
    else:
        progress.state["values"][key] = int(value)


def ask_section(progress: Progress, section: Section, to_ask: tuple[str, ...]) -> None:
    """The section being asked: a checklist with "None of these", or its open questions."""
    state = progress.state
    if state.get("shown") != section.id:  # a new section: taps on it count once it has settled
        state["shown"], state["shown_at"] = section.id, clock.utc_now().timestamp()
    st.subheader(section.title, anchor=False)
    st.caption(section.prompt)
    if section.kind == "checklist":
        ticked = progress.state["ticked"].get(section.id, [])
        for index, item in enumerate(section.items):
            name = progress.widget(f"{section.id}_{index}")
            _sync(name, index in ticked)
            first = content().question(next(iter(item.set)))
            st.checkbox(
                item.label,
                key=name,
                help=first.why or None,
                on_change=_tick,
                args=(progress, section.id, index),
            )
        st.button(
            "None of the others" if ticked else "None of these",
            key=progress.widget(f"{section.id}_none"),
            type="primary",
            width="stretch",
            on_click=_close,
            args=(progress, section.id),
        )
        return
    answered, told = progress.state["values"], progress.state.get("told", [])
    for key in section.keys:  # what the person told their profile is in "Your answers so far"
        if key not in told and (key in to_ask or key in answered):
            question_widget(progress, content().question(key))


def ask_optional(progress: Progress, section: Section) -> None:
    """An optional section as one form: it refines the advice but never the outcome."""
    with st.form(progress.widget(f"{section.id}_form")):
        st.subheader(section.title, anchor=False)
        st.caption(section.prompt)
        for key in section.keys:
            question_widget(progress, content().question(key), in_form=True)
        st.form_submit_button(
            "Show the likely causes",
            on_click=_answer_form,
            args=(progress, section.keys),
        )


def answered_summary(progress: Progress, answers: dict[str, Any]) -> None:
    """What has been answered, a section at a time, each with a way to change it."""
    shown = [s for s in content().sections if set(s.keys) & answers.keys()]
    if not shown:
        return
    sections = f"{len(shown)} section" + ("" if len(shown) == 1 else "s")
    with st.expander(f"Your answers so far ({sections})"):
        for section in shown:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(f"**{section.title}:** {_summary_text(section, progress, answers)}")
            right.button(
                "Change",
                key=progress.widget(f"{section.id}_change"),
                on_click=progress.reopen,
                args=(section,),
            )
        st.button(
            "Start again",
            key=progress.widget("restart"),
            on_click=progress.clear,
            icon=":material/restart_alt:",
        )


def _summary_text(section: Section, progress: Progress, answers: dict[str, Any]) -> str:
    if section.kind == "checklist":
        ticked = progress.state["ticked"].get(section.id, [])
        chosen = [section.items[i].label for i in ticked]
        if section.id in progress.state["closed"] and not chosen:
            return "none of these"
        return "; ".join(chosen) or "not finished"
    parts = []
    told_keys = progress.state.get("told", [])
    for key in section.keys:
        if key in answers:
            q = content().question(key)
            told = " (from your profile)" if key in told_keys else ""
            asked = q.label if q.label.endswith("?") else f"{q.label}:"
            parts.append(f"{asked} {_answer_text(q, answers[key])}{told}")
    return "; ".join(parts)


def _answer_text(q: Question, value: Any) -> str:
    if q.kind == "yes_no":
        return YES_NO[value]
    if q.kind == "choice":
        return dict(q.options)[value]
    if q.widget == "days":
        return _day_label(value).lower() if value < 7 else f"{value} days"
    if q.widget == "scale":
        return f"{value} out of {q.max}"
    return str(value)


def scroll_to_top(view: str) -> None:
    """After a change of view (a new section or outcome), bring the top of the page into view.

    The script runs when its keyed container is new, so it runs once per change and never
    while someone is ticking boxes within one section.
    """
    seen = st.session_state.setdefault(TRIAGE_SCROLLS, {"view": None, "count": 0})
    if seen["view"] == view:
        return
    first = seen["view"] is None
    seen["view"] = view
    seen["count"] += 1
    if first:
        return
    with st.container(key=f"triage_scroll_{seen['count']}"):
        st.html(
            "<script>document.querySelector('[data-testid=stMain]')?.scrollTo(0, 0);</script>",
            unsafe_allow_javascript=True,
        )


@dataclass(frozen=True)
class Check:
    """Who this check is for: `client` when it will be saved to their record, else None."""

    progress: Progress
    client: Client | None


SELF_CHECK = "Quick self-check (nothing is saved)"


def choose_check(ctx: PageContext) -> Check:
    """A visitor checks themselves; a signed-in user picks the current client or a self-check."""
    owner = ctx.viewer.owner_id if ctx.viewer else "visitor"
    if ctx.client is None:
        return Check(Progress(f"{owner}-self"), None)
    if ctx.mode == CLIENT:  # a client on their own account checks their own record
        return Check(Progress(_record_key(ctx)), ctx.client)
    targets = [f"{plain(ctx.client.name)} (saved)", SELF_CHECK]
    target = st.radio(
        "Who is this for?", targets, key=f"triage_target_{ctx.client.id}", horizontal=True
    )
    if target == SELF_CHECK:
        return Check(Progress(f"{owner}-self"), None)
    # Checking myself, the record is the person's own: they told it their age. A trainer's
    # client record may hold the add form's default age, so a trainer's check asks it.
    known = (("age", ctx.client.age),) if ctx.mode == PERSON else ()
    return Check(Progress(_record_key(ctx), known), ctx.client)


def _record_key(ctx: PageContext) -> str:
    return f"{ctx.viewer.owner_id}-c{ctx.client.id}"


def unsaved_outcome(ctx: PageContext) -> bool:
    """This tab finished a check of the current record and has not saved it: My week would
    otherwise say "no check" to someone who has just read an outcome."""
    state = st.session_state.get(TRIAGE_PROGRESS, {}).get(_record_key(ctx))
    if not state or state["saved"]:
        return False
    return assess(collect_answers(state["ticked"], state["closed"], state["values"])).decided
