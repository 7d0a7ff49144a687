"""The benchmark: a limit baseline for every screen, and the load benchmark's reading of the
stream, its closing numbers and a tiny run of its baseline app on a real server."""

import asyncio
import re
import subprocess
import sys
from datetime import date

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

import ui
from bench import baselines, dataset, load
from coach import store
from coach.store import postgres


@pytest.fixture(scope="module")
def bench_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "bench.db"
    return path, dataset.build(path, clients=3, entries_per_client=20, today=date.today())


@pytest.fixture(scope="module")
def baseline_entry(tmp_path_factory, bench_db):
    return baselines.write_app(tmp_path_factory.mktemp("baseline"), str(bench_db[0]))


def test_every_menu_screen_has_a_limit_baseline():
    assert set(baselines.SCREENS) == set(ui.menu_paths())


def test_the_baseline_shell_has_the_trainer_menu():
    trainer = [e.path for entries in ui.MENU.values() for e in entries if ui.TRAINER in e.modes]
    assert [p for links in baselines.MENU.values() for p in links] == trainer
    assert list(baselines.MENU) == list(ui.MENU)


@pytest.mark.parametrize("page", list(baselines.SCREENS))
def test_each_baseline_runs_against_the_bench_dataset(bench_db, baseline_entry, page):
    _, long_client = bench_db
    app = AppTest.from_file(str(baseline_entry), default_timeout=30)
    app.session_state[baselines.OWNER] = dataset.OWNER
    app.session_state[baselines.CLIENT] = long_client
    app.run()
    if page != "app.py":
        app.switch_page(page).run()
    assert not app.exception
    assert len(app.main.children) > 0
    trainer_links = [e for entries in ui.MENU.values() for e in entries if ui.TRAINER in e.modes]
    assert len(app.sidebar.get("page_link")) == len(trainer_links)


def _element_msg(kind: str, **fields) -> ForwardMsg:
    msg = ForwardMsg()
    element = getattr(msg.delta.new_element, kind)
    for name, value in fields.items():
        setattr(element, name, value)
    return msg


def _finished(status) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def test_the_load_reader_waits_past_a_rerun_for_the_finished_screen():
    session = ForwardMsg()
    page = session.new_session.app_pages.add()
    page.page_name, page.page_script_hash = "Pain log", "abc"
    reader = load.ScreenReader()
    assert not reader.read(session)
    assert not reader.read(_element_msg("button", id="$$ID-1f-start_demo"))
    assert not reader.read(_finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    assert not reader.read(_element_msg("toast", body="Entry saved"))
    assert reader.read(_finished(ForwardMsg.FINISHED_SUCCESSFULLY))
    screen = reader.screen()
    assert screen.pages == {"Pain log": "abc"}
    assert screen.widget("start_demo") == "$$ID-1f-start_demo"
    assert screen.toasts == ("Entry saved",)
    assert screen.problems == ()


@pytest.mark.parametrize(
    ("msg", "problem"),
    [
        (_element_msg("exception", type="OperationalError"), "exception on screen"),
        (_element_msg("alert", body="sqlite3: database is locked"), "message on screen"),
        (_element_msg("alert", body="The server is busy: try again."), "message on screen"),
        (_element_msg("alert", body="No room for another workspace."), "message on screen"),
        (_finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR), "script did not compile"),
    ],
)
def test_the_load_reader_counts_what_a_visitor_sees_go_wrong(msg, problem):
    reader = load.ScreenReader()
    reader.read(msg)
    assert reader.problems[0].startswith(problem)


def test_the_load_reader_ignores_ordinary_alerts():
    reader = load.ScreenReader()
    reader.read(_element_msg("alert", body="Rest today: your pain rose by 3 points."))
    assert reader.problems == []


def test_a_missing_widget_is_a_visitor_error():
    with pytest.raises(load.VisitorError, match="log_pain"):
        load.Screen({}, ("$$ID-1f-start_demo",), (), ()).widget("log_pain")


def test_a_rerun_message_carries_the_page_the_clicks_the_slider_and_the_tap():
    msg = BackMsg()
    msg.ParseFromString(
        load.rerun_message("abc", ("$$ID-1-go",), {"$$ID-2-rpe": 4}, {"$$ID-3-pain": "6"})
    )
    widgets = {w.id: w for w in msg.rerun_script.widget_states.widgets}
    assert msg.rerun_script.page_script_hash == "abc"
    assert widgets["$$ID-1-go"].trigger_value
    assert list(widgets["$$ID-2-rpe"].double_array_value.data) == [4]
    assert list(widgets["$$ID-3-pain"].string_array_value.data) == ["6"]


class _FakeStream:
    """A server that answers every message with the pain log's save button, pain input, a
    saved toast and the finished screen."""

    def __init__(self) -> None:
        self.sent: list[BackMsg] = []

    async def send(self, message: bytes) -> None:
        msg = BackMsg()
        msg.ParseFromString(message)
        self.sent.append(msg)
        self.replies = [
            _element_msg("button", id="$$ID-f-Save entry"),
            _element_msg("button", id="$$ID-p-log_pain_1_0"),
            _element_msg("toast", body="Entry saved"),
            _finished(ForwardMsg.FINISHED_SUCCESSFULLY),
        ]

    async def recv(self) -> bytes:
        return self.replies.pop(0).SerializeToString()


def test_a_visitor_never_saves_the_same_pain_twice_running():
    """The same values in the same minute would make the log ask before saving a second one."""
    stream = _FakeStream()
    visitor = load.Visitor(stream)
    visitor.last = load.Screen(
        {"Pain log": "abc"}, ("$$ID-f-Save entry", "$$ID-p-log_pain_1_0"), (), ()
    )

    async def three_saves() -> list[load.Action]:
        return [await visitor.save_entry(pain) for pain in (3, 3, 5)]

    assert [a.error for a in asyncio.run(three_saves())] == [None, None, None]
    pains = [
        w.string_array_value.data[0]
        for msg in stream.sent
        for w in msg.rerun_script.widget_states.widgets
        if "log_pain" in w.id
    ]
    assert pains == ["3", "4", "5"]


def _level(sessions: int, p95: float) -> load.LevelResult:
    return load.LevelResult(sessions, 10, 1, p95 / 2, p95, p95, 0, (), 1.0, 50.0)


def test_the_closing_numbers_take_the_worst_level():
    report = load.LoadReport(
        app=[_level(1, 0.2), _level(10, 0.9), _level(50, 1.5)],
        baseline=[_level(1, 0.1), _level(10, 0.3), _level(50, 1.0)],
    )
    assert report.load_ratio == pytest.approx(3.0)
    assert report.sessions_p95_under_1s == 10
    assert "3.00" in load.table(report)[2]


def test_a_level_summary_counts_errors_and_leaves_lost_connections_out_of_the_times():
    actions = [
        load.Action("start", 2.0),
        load.Action("open", 0.1),
        load.Action("save", 0.3, "save not confirmed"),
        load.Action("lost", 0.0, "ConnectionClosedError: no close frame"),
    ]
    result = load.summarise(2, actions, 4 * 2**20, 0.6)
    assert (result.actions, result.saves, result.errors) == (3, 1, 2)
    assert result.median == 0.3 and result.start_p95 == 2.0
    assert result.error_kinds == ("ConnectionClosedError", "save not confirmed")
    assert result.mib_per_session == 2.0 and result.cpu_ms_per_action == pytest.approx(200)


def test_the_baseline_app_serves_a_tiny_crowd_without_errors(bench_db, tmp_path):
    """The warm-up walks every screen and saves an entry first, and raises on any error."""
    path, _ = bench_db
    report = load.run(path, tmp_path, levels=(2,), seconds=3, think_mean=0.3, apps=("baseline",))
    (result,) = report.baseline
    assert result.errors == 0, result.error_kinds
    assert result.actions >= 4


def test_two_processes_on_postgresql_serve_a_tiny_crowd_beside_one_on_sqlite(
    bench_db, pg_empty_url, tmp_path
):
    """Each process's warm-up walks every screen and saves an entry first, and raises on any
    error; the visitors' demo workspaces land in PostgreSQL, not in a file of their own."""
    path, _ = bench_db
    dataset.build(pg_empty_url, clients=3, entries_per_client=20, today=date.today())
    postgres.close_pool(pg_empty_url)
    deployments = [load.Deployment(1, str(path)), load.Deployment(2, pg_empty_url)]
    results = load.replicas(deployments, tmp_path, sessions=2, seconds=3, think_mean=0.3)
    assert list(results) == ["1 process, SQLite", "2 processes, PostgreSQL"]
    for result in results.values():
        assert result.errors == 0, result.error_kinds
        assert result.actions >= 4
    demos = store.connect(pg_empty_url).scalar(
        "SELECT COUNT(*) FROM owners WHERE demo_expires IS NOT NULL"
    )
    assert demos >= 4  # two warm-ups and two visitors
    rows = load.replica_table(results)
    assert rows[2].split()[1:4] == ["2", "processes,", "PostgreSQL"]


def test_a_turn_counts_only_its_own_time_and_ends_for_everyone():
    async def scenario() -> None:
        turn = load.Turn()
        waiting = asyncio.create_task(turn.sleep(0.01))
        await asyncio.sleep(0.1)  # the turn is off: no time of its own passes
        assert not waiting.done()
        turn.start()
        await asyncio.wait_for(waiting, 5)
        turn.stop()
        stuck = asyncio.create_task(turn.sleep(60))
        turn.end()
        await asyncio.wait_for(stuck, 5)
        assert turn.over


def test_a_visitor_waiting_for_its_turn_when_the_run_ends_stops_waiting():
    async def scenario() -> None:
        turn = load.Turn()
        waiting = asyncio.create_task(turn.sleep(60))
        await asyncio.sleep(0.1)  # waiting for the turn to begin
        turn.end()
        await asyncio.wait_for(waiting, 5)

    asyncio.run(scenario())


def test_versus_compares_every_screen_with_a_commit_taking_turns():
    """Against HEAD itself, on tiny datasets: a row per screen and a closing ratio."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.versus",
            "HEAD",
            "--clients",
            "3",
            "--entries",
            "5",
            "--rounds",
            "2",
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = done.stdout.splitlines()
    rows = {line.split()[0]: line for line in lines[1:-1]}
    assert set(rows) == set(baselines.SCREENS)
    assert re.fullmatch(r"versus_worst=\d+\.\d\d", lines[-1])
    # The commit's checkout is gone and unregistered: git would list a worktree whose folder was
    # deleted under it as prunable. (Another run's, still in use, may be listed meanwhile.)
    listed = subprocess.run(
        ["git", "worktree", "list", "--porcelain"], capture_output=True, text=True, check=True
    )
    left = [b for b in listed.stdout.split("\n\n") if "backcoach-versus" in b]
    assert not [b for b in left if "prunable" in b]
