"""Many people at once: simulated visitors against a real `streamlit run` server.

Each visitor speaks Streamlit's own websocket protocol (`/_stcore/stream`, a `BackMsg` with
`rerun_script` out, `ForwardMsg`s back) the way a browser tab does: it opens the app, takes a demo
workspace, then moves through screens at a person's pace (random think times, 10 s on average),
and one action in five saves a pain log entry. An action's time runs from the message sent to the
`script_finished` of the screen it leads to (after any `st.rerun`), so it covers the whole script
run and the transfer of every element, not the browser's drawing.

Back Coach and its limit baseline app (`bench/baselines.py`: the same pages, queries, charts,
inputs and shell, drawn bare) run under the same load, each on its own server with the same
settings, taking turns every ten seconds so that both meet the same machine. An error is
anything a visitor would see go wrong: an exception on screen, a "database is locked" or "busy"
message, a save not confirmed, a lost connection or a timeout.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.chromium import free_port
from coach.store import targets

ROOT = Path(__file__).resolve().parent.parent
THINK_MEAN_SECONDS = 10.0
SAVE_SHARE = 0.2
SAVE_PAGE = "Pain log"
HOME = "app"
# Which screens people open, by weight: a trainer's day is mostly the roster, one client's
# summary, their pain log and a triage.
MIX = {
    "Roster": 5,
    "Client summary": 5,
    "Pain log": 5,
    "Triage": 4,
    HOME: 2,
    "Form check": 1,
    "Warm up": 1,
    "Core plan": 1,
    "Exercise library": 1,
    "Clients": 1,
    "Intake": 1,
    "Account": 1,
    "Sources": 1,
}
ACTION_TIMEOUT_SECONDS = 60.0
SLICE_SECONDS = 10.0  # how long one app's visitors act before the other app's take their turn
START_BUTTON_KEY = "start_demo"
SAVE_BUTTON_LABEL = "Save entry"
PAIN_INPUT_KEY = "log_pain_"  # followed by the client id and form version: ui.for_client
# What a visitor must never read: the store's lock error, our busy message, a database failure,
# no room for another demo workspace.
LOAD_ERROR = re.compile(
    r"database is locked|busy|could not be opened|no room for another", re.IGNORECASE
)
# A public server starts at most 20 demos a minute (coach.accounts); the visitors arrive as a
# class does, all within a minute, and every level and every deployment adds its own demos.
DEMO_CAPS = {"BACKCOACH_MAX_DEMOS": "100000", "BACKCOACH_DEMOS_PER_MINUTE": "100000"}


class VisitorError(Exception):
    """Something a visitor would see go wrong."""


@dataclass(frozen=True)
class Screen:
    """What one action drew, gathered from the ForwardMsgs up to its `script_finished`."""

    pages: dict[str, str]
    widgets: tuple[str, ...]
    toasts: tuple[str, ...]
    problems: tuple[str, ...]

    def widget(self, part: str) -> str:
        """The id of the widget whose id holds `part` (its key, or form and label)."""
        for widget_id in self.widgets:
            if part in widget_id:
                return widget_id
        raise VisitorError(f"no widget {part!r} on the screen")


@dataclass
class ScreenReader:
    """Collects one run's ForwardMsgs; `read` returns True at the finished screen."""

    pages: dict[str, str] = field(default_factory=dict)
    widgets: list[str] = field(default_factory=list)
    toasts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def read(self, msg: ForwardMsg) -> bool:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.widgets.clear()
            self.pages.update({p.page_name: p.page_script_hash for p in msg.new_session.app_pages})
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element)
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self.problems.append("script did not compile")
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self.problems.append("script did not compile")
            return msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        return False

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        value = getattr(element, kind)
        if kind == "exception":
            self.problems.append(f"exception on screen: {value.type} {value.message}"[:200])
        elif kind == "alert" and LOAD_ERROR.search(value.body):
            self.problems.append(f"message on screen: {value.body}"[:200])
        elif kind == "toast":
            self.toasts.append(value.body)
        elif getattr(value, "id", "").startswith("$$ID-"):
            self.widgets.append(value.id)

    def screen(self) -> Screen:
        pages, widgets = dict(self.pages), tuple(self.widgets)
        return Screen(pages, widgets, tuple(self.toasts), tuple(self.problems))


def rerun_message(
    page_hash: str = "",
    triggers: tuple[str, ...] = (),
    ints: dict[str, float] | None = None,
    choices: dict[str, str] | None = None,
) -> bytes:
    """A `rerun_script` BackMsg: open a page, click buttons, set slider values, tap one of a
    row of choices (pills, by the choice's text)."""
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_script_hash = page_hash
    for widget_id in triggers:
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.trigger_value = True
    for widget_id, value in (ints or {}).items():
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.double_array_value.data.append(value)
    for widget_id, choice in (choices or {}).items():
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.string_array_value.data.append(choice)
    return msg.SerializeToString()


@dataclass(frozen=True)
class Action:
    """One timed action; `error` says what the visitor saw go wrong, if anything."""

    kind: str
    seconds: float
    error: str | None = None
    page: str = ""


class Visitor:
    """One browser tab: a websocket session that remembers its page and what it last drew."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.page = HOME
        self.last = Screen({}, (), (), ())
        self.stalled = False
        self.saved_pain: int | None = None

    async def _run(self, kind: str, message: bytes) -> Action:
        reader = ScreenReader(pages=dict(self.last.pages))
        start = time.perf_counter()
        await self.ws.send(message)
        try:
            async with asyncio.timeout(ACTION_TIMEOUT_SECONDS):
                while not reader.read(_parse(await self.ws.recv())):
                    pass
        except TimeoutError:
            self.stalled = True  # the rest of this run's messages would be read as the next's
            return Action(kind, time.perf_counter() - start, "timeout", self.page)
        elapsed = time.perf_counter() - start
        self.last = reader.screen()
        problems = self.last.problems
        return Action(kind, elapsed, "; ".join(problems) if problems else None, self.page)

    async def arrive(self) -> Action:
        return await self._run("arrive", rerun_message())

    async def start_demo(self) -> Action:
        button = self.last.widget(START_BUTTON_KEY)
        return await self._run("start", rerun_message(triggers=(button,)))

    async def open(self, page: str) -> Action:
        self.page = page
        return await self._run("open", rerun_message(self.last.pages[page]))

    async def save_entry(self, pain: int) -> Action:
        """Save an entry. The same values in the same minute make the log ask whether to save a
        second one (a double tap), so a pain equal to the last saved moves up a point."""
        if pain == self.saved_pain:
            pain = pain + 1
        self.saved_pain = pain
        submit = self.last.widget(f"-{SAVE_BUTTON_LABEL}")
        pain_input = self.last.widget(f"-{PAIN_INPUT_KEY}")
        message = rerun_message(
            self.last.pages[SAVE_PAGE], (submit,), choices={pain_input: str(pain)}
        )
        action = await self._run("save", message)
        if action.error is None and not any("saved" in t.lower() for t in self.last.toasts):
            return Action("save", action.seconds, "save not confirmed", SAVE_PAGE)
        return action


def _parse(data: bytes) -> ForwardMsg:
    msg = ForwardMsg()
    msg.ParseFromString(data)
    return msg


def stream_url(port: int) -> str:
    return f"ws://127.0.0.1:{port}/_stcore/stream"


def connect(url: str):
    """A websocket as the browser opens it; a busy server may take a while to answer."""
    return websockets.connect(
        url, subprotocols=["streamlit"], max_size=None, open_timeout=ACTION_TIMEOUT_SECONDS
    )


class Turn:
    """When one group of visitors may act: only during its turns, which alternate with the other
    group's. Think times count only turn time, so no pile of visitors waits for a turn to begin.
    """

    def __init__(self) -> None:
        self.on, self.off = asyncio.Event(), asyncio.Event()
        self.off.set()
        self.over = False

    def start(self) -> None:
        self.off.clear()
        self.on.set()

    def stop(self) -> None:
        self.on.clear()
        self.off.set()

    def end(self) -> None:
        """Wake every waiting visitor, whether waiting for a turn or inside one, to see that the
        run is over."""
        self.over = True
        self.on.set()
        self.off.set()

    async def sleep(self, seconds: float) -> None:
        """Sleep `seconds` of this group's turn time (or until the run is over)."""
        loop = asyncio.get_running_loop()
        while seconds > 0 and not self.over:
            await self.on.wait()
            started = loop.time()
            try:
                async with asyncio.timeout(seconds):
                    await self.off.wait()
            except TimeoutError:
                return
            seconds -= loop.time() - started


async def visit(
    url: str, turn: Turn, rng: random.Random, think_mean: float, actions: list[Action]
) -> None:
    """One person's visit: arrive, take a demo workspace, then act, in turn, until the end."""
    pages, weights = list(MIX), list(MIX.values())
    try:
        async with connect(url) as ws:
            visitor = Visitor(ws)
            actions.append(await visitor.arrive())
            await turn.sleep(rng.expovariate(1 / think_mean))
            actions.append(await visitor.start_demo())
            while not visitor.stalled:
                await turn.sleep(rng.expovariate(1 / think_mean))
                if turn.over:
                    return
                if rng.random() >= SAVE_SHARE:
                    actions.append(await visitor.open(rng.choices(pages, weights)[0]))
                elif visitor.page != SAVE_PAGE:
                    actions.append(await visitor.open(SAVE_PAGE))
                else:
                    actions.append(await visitor.save_entry(rng.randint(0, 6)))
    except (OSError, websockets.WebSocketException, VisitorError, KeyError) as e:
        actions.append(Action("lost", 0.0, f"{type(e).__name__}: {e}"[:200]))


async def crowds(
    groups: dict[str, list[str]],
    sessions: int,
    seconds: float,
    seed: int,
    think_mean: float,
    on_tick: Callable[[], None] = lambda: None,
) -> dict[str, list[Action]]:
    """`sessions` visitors for each group of servers, the groups taking turns for `seconds` each.

    Turns last SLICE_SECONDS, so every group meets the same machine: on a shared machine other
    work comes and goes within minutes. Visitors arrive over the first part of their group's
    time; on a group of several servers, visitor n stays on server n mod their number, as behind
    a proxy with sticky sessions. The same seed gives every group the same visitors.
    """
    loop = asyncio.get_running_loop()
    turns = {name: Turn() for name in groups}
    actions: dict[str, list[Action]] = {name: [] for name in groups}
    ramp = min(2 * think_mean, seconds / 2)
    slice_seconds = min(SLICE_SECONDS, seconds / 2)

    async def arrive_later(name: str, url: str, rng: random.Random) -> None:
        await turns[name].sleep(rng.uniform(0, ramp))
        if not turns[name].over:
            await visit(url, turns[name], rng, think_mean, actions[name])

    visitors = [
        asyncio.create_task(arrive_later(name, urls[n % len(urls)], random.Random(f"{seed}-{n}")))
        for name, urls in groups.items()
        for n in range(sessions)
    ]
    for _ in range(round(seconds / slice_seconds)):
        for turn in turns.values():
            turn.start()
            switch = loop.time() + slice_seconds
            while loop.time() < switch:
                on_tick()
                await asyncio.sleep(min(0.5, max(0.0, switch - loop.time())))
            turn.stop()
    for turn in turns.values():
        turn.end()
    await asyncio.gather(*visitors)
    return actions


async def walk_every_screen(url: str) -> list[Action]:
    """One visitor through every screen and one save, without pauses: the server's warm-up."""
    actions: list[Action] = []
    async with connect(url) as ws:
        visitor = Visitor(ws)
        actions.append(await visitor.arrive())
        actions.append(await visitor.start_demo())
        for page in [*MIX, SAVE_PAGE]:
            actions.append(await visitor.open(page))
        actions.append(await visitor.save_entry(3))
    return actions


# ------------------------------------------------------------------------ the server


@dataclass
class Server:
    """A `streamlit run` subprocess on a free port; its memory and CPU read from /proc."""

    entry: Path
    env: dict[str, str]
    log: Path
    profile: Path | None = None  # write a pyinstrument profile of every script run here
    port: int = 0
    process: subprocess.Popen | None = None

    def launch(self) -> None:
        self.port = free_port()
        launcher = ["bench.profiled", str(self.profile)] if self.profile else ["streamlit"]
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                *launcher,
                "run",
                self.entry.name,
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=self.entry.parent,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2)
                return
            except OSError as e:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start:\n{self.log.read_text()}") from e
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)

    @property
    def url(self) -> str:
        return stream_url(self.port)

    def rss(self) -> int:
        """Resident memory in bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(
    entries: dict[str, tuple[Path, dict[str, str]]], logs: Path, profile: bool = False
) -> Iterator[dict[str, Server]]:
    """A server for each named app and its environment, started side by side and stopped on the
    way out."""
    servers = {
        name: Server(
            entry, env, logs / f"{name}.log", logs / f"{name}.profile.txt" if profile else None
        )
        for name, (entry, env) in entries.items()
    }
    try:
        for server in servers.values():
            server.launch()
        for server in servers.values():
            server.wait_until_ready()
        yield servers
    finally:
        for server in servers.values():
            server.stop()


# ------------------------------------------------------------------------ measuring


@dataclass(frozen=True)
class LevelResult:
    """One app at one number of sessions."""

    sessions: int
    actions: int
    saves: int
    median: float
    p95: float
    start_p95: float
    errors: int
    error_kinds: tuple[str, ...]
    mib_per_session: float
    cpu_ms_per_action: float


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)] if values else float("nan")


def summarise(
    sessions: int, actions: list[Action], memory_growth: int, cpu_seconds: float
) -> LevelResult:
    timed = [a.seconds for a in actions if a.kind != "lost"]
    starts = [a.seconds for a in actions if a.kind == "start"]
    errors = [a.error for a in actions if a.error]
    kinds = sorted({e.split(":")[0] for e in errors})
    return LevelResult(
        sessions=sessions,
        actions=len(timed),
        saves=sum(a.kind == "save" for a in actions),
        median=statistics.median(timed) if timed else float("nan"),
        p95=p95(timed),
        start_p95=p95(starts),
        errors=len(errors),
        error_kinds=tuple(kinds),
        mib_per_session=memory_growth / sessions / 2**20,
        cpu_ms_per_action=1000 * cpu_seconds / max(1, len(timed)),
    )


def measure(
    groups: dict[str, list[Server]], sessions: int, seconds: float, seed: int, think_mean: float
) -> dict[str, LevelResult]:
    """One level for each group of warm servers, the groups taking turns (`crowds`); each
    group's peak memory growth over the level's start and the CPU its servers used."""

    def rss(name: str) -> int:
        return sum(server.rss() for server in groups[name])

    def cpu(name: str) -> float:
        return sum(server.cpu_seconds() for server in groups[name])

    before = {name: (rss(name), cpu(name)) for name in groups}
    peak = {name: rss for name, (rss, _) in before.items()}

    def sample() -> None:
        for name in groups:
            peak[name] = max(peak[name], rss(name))

    urls = {name: [server.url for server in servers] for name, servers in groups.items()}
    actions = asyncio.run(crowds(urls, sessions, seconds, seed, think_mean, sample))
    sample()
    return {
        name: summarise(
            sessions, actions[name], peak[name] - before[name][0], cpu(name) - before[name][1]
        )
        for name in groups
    }


def warm_up(server: Server) -> None:
    actions = asyncio.run(walk_every_screen(server.url))
    errors = [a.error for a in actions if a.error]
    if errors:
        raise RuntimeError(f"warm-up failed: {errors}")


@dataclass(frozen=True)
class LoadReport:
    app: list[LevelResult]
    baseline: list[LevelResult]

    @property
    def ratios(self) -> list[float]:
        return [a.p95 / b.p95 for a, b in zip(self.app, self.baseline, strict=True)]

    @property
    def load_ratio(self) -> float:
        return max(self.ratios)

    @property
    def sessions_p95_under_1s(self) -> int:
        """The most sessions at which the app's p95 stayed under one second (0 if none)."""
        return max((r.sessions for r in self.app if r.p95 < 1.0), default=0)


def run(
    db_path: Path,
    work: Path,
    levels: tuple[int, ...],
    seconds: float,
    think_mean: float = THINK_MEAN_SECONDS,
    apps: tuple[str, ...] = ("app", "baseline"),
    profile: bool = False,
) -> LoadReport:
    """Both apps at each load level, taking turns (`crowds`)."""
    from bench import baselines

    entries = {
        "app": ROOT / "app.py",
        "baseline": baselines.write_app(work / "load-baseline", str(db_path)),
    }
    results: dict[str, list[LevelResult]] = {name: [] for name in apps}
    env = app_env(str(db_path))
    with serving({name: (entries[name], env) for name in apps}, work, profile) as servers:
        for name in apps:
            warm_up(servers[name])
        for i, sessions in enumerate(levels):
            groups = {name: [servers[name]] for name in apps}
            for name, result in measure(groups, sessions, seconds, i, think_mean).items():
                results[name].append(result)
    return LoadReport(results.get("app", []), results.get("baseline", []))


def app_env(database: str) -> dict[str, str]:
    """The servers' environment: the benchmark's database (a SQLite path or a PostgreSQL URL),
    the project importable."""
    env = {
        **os.environ,
        **DEMO_CAPS,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("BACKCOACH_PERSONAL", None)
    env.pop("BACKCOACH_DATABASE_URL", None)
    if targets.is_postgres_url(database):
        env["BACKCOACH_DATABASE_URL"] = database
    else:
        env["BACKCOACH_DB"] = database
    return env


@dataclass(frozen=True)
class Deployment:
    """Some Back Coach processes on one database: a SQLite file (WAL) or a PostgreSQL URL."""

    processes: int
    database: str

    @property
    def label(self) -> str:
        kind = "PostgreSQL" if targets.is_postgres_url(self.database) else "SQLite"
        return f"{self.processes} process{'es' if self.processes > 1 else ''}, {kind}"


def replicas(
    deployments: list[Deployment],
    work: Path,
    sessions: int,
    seconds: float,
    think_mean: float = THINK_MEAN_SECONDS,
) -> dict[str, LevelResult]:
    """The same visitors on each deployment, the deployments taking turns (`crowds`); on one of
    several processes each visitor sticks to one process, as behind a proxy with sticky sessions.
    Several processes are how a server uses more than one core (one interpreter lock each)."""
    entries = {
        f"{n}-{p}": (ROOT / "app.py", app_env(d.database))
        for n, d in enumerate(deployments)
        for p in range(d.processes)
    }
    with serving(entries, work) as servers:
        for server in servers.values():
            warm_up(server)
        groups = {
            d.label: [servers[f"{n}-{p}"] for p in range(d.processes)]
            for n, d in enumerate(deployments)
        }
        return measure(groups, sessions, seconds, 0, think_mean)


def table(report: LoadReport) -> list[str]:
    lines = [
        f"{'sessions':>8}{'actions':>9}{'median':>9}{'p95':>9}{'start p95':>11}{'errors':>8}"
        f"{'MiB/sess':>10}{'CPU/act':>9}  |{'base med':>9}{'base p95':>10}{'errors':>8}"
        f"{'MiB/sess':>10}{'CPU/act':>9}{'p95 ratio':>11}"
    ]
    for a, b, ratio in zip(report.app, report.baseline, report.ratios, strict=True):
        lines.append(
            f"{a.sessions:>8}{a.actions:>9}{1000 * a.median:>7.0f}ms{1000 * a.p95:>7.0f}ms"
            f"{1000 * a.start_p95:>9.0f}ms{a.errors:>8}{a.mib_per_session:>10.1f}"
            f"{a.cpu_ms_per_action:>7.0f}ms  |{1000 * b.median:>7.0f}ms{1000 * b.p95:>8.0f}ms"
            f"{b.errors:>8}{b.mib_per_session:>10.1f}{b.cpu_ms_per_action:>7.0f}ms{ratio:>11.2f}"
        )
    for name, results in (("Back Coach", report.app), ("baseline", report.baseline)):
        for r in results:
            if r.errors:
                lines.append(f"  {name} at {r.sessions} sessions: {', '.join(r.error_kinds)}")
    return lines


def replica_table(results: dict[str, LevelResult]) -> list[str]:
    """One row per deployment at the same load; the p95 ratio is against the first row's."""
    first = next(iter(results.values()))
    lines = [
        f"{'sessions':>8}  {'processes, database':<26}{'actions':>8}{'median':>9}{'p95':>9}"
        f"{'start p95':>11}{'errors':>8}{'MiB/sess':>10}{'CPU/act':>9}{'p95 vs 1st':>12}"
    ]
    for label, r in results.items():
        lines.append(
            f"{r.sessions:>8}  {label:<26}{r.actions:>8}{1000 * r.median:>7.0f}ms"
            f"{1000 * r.p95:>7.0f}ms{1000 * r.start_p95:>9.0f}ms{r.errors:>8}"
            f"{r.mib_per_session:>10.1f}{r.cpu_ms_per_action:>7.0f}ms{r.p95 / first.p95:>12.2f}"
        )
    for label, r in results.items():
        if r.errors:
            lines.append(f"  {label}: {', '.join(r.error_kinds)}")
    return lines


def main() -> None:
    """`python -m bench.load`: the load benchmark alone, on a small dataset, optionally profiled."""
    import argparse
    import tempfile
    from datetime import date

    from bench import dataset

    parser = argparse.ArgumentParser(prog="python -m bench.load", description=main.__doc__)
    parser.add_argument("--levels", default="1,10", help="sessions per level, comma-separated")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each level")
    parser.add_argument("--clients", type=int, default=100, help="clients in the dataset")
    parser.add_argument(
        "--profile", action="store_true", help="profile every script run with pyinstrument"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=0,
        help="instead: one app process on SQLite against this many on SQLite and on PostgreSQL",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="backcoach-load-"))
    dataset.build(work / "bench.db", args.clients, 100, date.today())
    levels = tuple(int(n) for n in args.levels.split(","))
    if args.processes:
        with dataset.on_postgres(args.clients, 100, date.today()) as url:
            sqlite = str(work / "bench.db")
            deployments = [
                Deployment(1, sqlite),
                Deployment(args.processes, sqlite),
                Deployment(args.processes, url),
            ]
            results = replicas(deployments, work, max(levels), args.seconds)
        print("\n".join(replica_table(results)))
        return
    report = run(work / "bench.db", work, levels, args.seconds, profile=args.profile)
    print("\n".join(table(report)))
    print(f"load_ratio={report.load_ratio:.2f}")
    print(f"sessions_p95_under_1s={report.sessions_p95_under_1s}")
    print(f"server logs{' and profiles' if args.profile else ''}: {work}")


if __name__ == "__main__":
    main()
