"""`python -m bench [--quick]`: Back Coach at scale, every screen against its limit baseline.

Builds a synthetic database (1,000 clients with about 1,000,000 entries, plus one client with ten
years of daily entries), then reports per screen the median and 95th percentile of a warm AppTest
rerun beside its baseline's (runs alternate, and each script is compiled once, as on a server),
rows sent to each chart, analyze() on the ten-year client, the peak memory of one session, and a
cold start in a real browser beside a bare app importing the same libraries. Then the load
benchmark (`bench/load.py`): 1, 10, 50 and 100 simulated visitors for two minutes each on a real
server, Back Coach beside its baseline app; then 100 visitors on one app process on SQLite beside
two processes sharing the SQLite file and two sharing a throwaway PostgreSQL with the same
dataset. `--quick` builds 100 clients, reruns each screen 10 times, runs the load at 1 and 10
visitors for 15 s each and the processes at 10 visitors for 10 s each: a smoke run, not a
measurement.

The closing lines are `worst_ratio=X.XX` (the worst screen against its baseline),
`load_ratio=X.XX` (the worst p95 against the baseline app across the load levels) and
`sessions_p95_under_1s=N`. Ratios compare numbers from the same run on the same machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
from streamlit import config as streamlit_config
from streamlit import logger as streamlit_logger
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test

from bench import baselines, dataset, load, pgcluster
from bench.chromium import CHROMIUM, CHROMIUM_ARGS, free_port

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.25
REPLICAS = 2  # app processes sharing the SQLite file, one per core of the project's machine
MAX_CHART_ROWS = 2_000


def share_script_cache() -> None:
    """Compile each script once, as a server does: AppTest makes a new ScriptCache every run."""
    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared


def timed_run(app: AppTest) -> float:
    start = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - start
    if app.exception:
        raise RuntimeError(app.exception[0].message)
    return elapsed


def interleaved_runs(app: AppTest, base: AppTest, runs: int) -> tuple[list[float], list[float]]:
    """Alternate screen and baseline reruns, so a noisy spell on the machine hits both alike."""
    pairs = [(timed_run(app), timed_run(base)) for _ in range(runs)]
    return [s for s, _ in pairs], [b for _, b in pairs]


def peak_memory(owner: str, client: int) -> int:
    """Peak Python allocations while the first session opens every screen, caches still cold.

    Measured apart from the timings: tracemalloc slows Python code several times over.
    """
    tracemalloc.start()
    app = signed_in_app(owner, client)
    app.run()
    for page in baselines.SCREENS:
        if page != "app.py":
            app.switch_page(page).run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def signed_in_app(owner: str, client: int) -> AppTest:
    import ui

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    app.session_state[ui.OWNER_ID] = owner
    app.session_state[ui.CLIENT_ID] = client
    app.session_state[ui.LAST_SEEN] = datetime.now(UTC)
    return app


def baseline_app(entry: Path, client: int) -> AppTest:
    app = AppTest.from_file(str(entry), default_timeout=600)
    app.session_state[baselines.OWNER] = dataset.OWNER
    app.session_state[baselines.CLIENT] = client
    return app


def chart_rows(app: AppTest) -> list[int]:
    """Rows in each chart's largest dataset: what the browser would have to draw."""
    sizes = []
    for chart in app.get("vega_lite_chart"):
        rows = [pa.ipc.open_stream(d.data.data).read_all().num_rows for d in chart.proto.datasets]
        sizes.append(max(rows, default=0))
    return sizes


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


BARE_START = """
import argon2  # the third-party libraries the first screen imports, and nothing of ours
import pandas
import sqlite_utils
import streamlit as st

st.title("Back Coach")
st.button("Try it with sample clients")
"""


def _serve_and_open(page, script: Path, env: dict[str, str], port: int) -> float:
    """Seconds from `streamlit run` to its first screen drawn and idle in an open browser."""
    start = time.perf_counter()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script.name,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=script.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.02)
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("button", name="Try it with sample clients").wait_for()
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=20)


def cold_starts(db_path: Path, work: Path, runs: int) -> str:
    """Cold start of the app beside its limit: a bare script importing the same libraries.

    The browser is open before the clock starts, as a visitor's is; each run gets a fresh browser
    context (nothing cached) and a free port. App and bare runs alternate, as the reruns do.
    """
    if not Path(CHROMIUM).exists():
        return "n/a (no Chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "n/a (pip install -r requirements-dev.txt for Playwright)"
    bare = work / "bare" / "start.py"
    bare.parent.mkdir()
    bare.write_text(BARE_START)
    env = {**os.environ, "BACKCOACH_DB": str(db_path)}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        times: dict[str, list[float]] = {"app": [], "bare": []}
        for _ in range(runs):
            for name, script in [("app", ROOT / "app.py"), ("bare", bare)]:
                context = browser.new_context()
                times[name].append(_serve_and_open(context.new_page(), script, env, free_port()))
                context.close()
        browser.close()
    app, base = statistics.median(times["app"]), statistics.median(times["bare"])
    return (
        f"{app:.2f} s, median of {runs} (bare Streamlit with the same libraries: {base:.2f} s,"
        f" ratio {app / base:.2f})"
    )


def main() -> None:
    # AppTest warns of a missing ScriptRunContext whenever its own thread touches session state;
    # Streamlit resets its loggers from this option whenever it parses its config again.
    streamlit_config.set_option("logger.level", "error")
    streamlit_logger.set_log_level("error")
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run, under three minutes")
    parser.add_argument("--load-only", action="store_true", help="only the load benchmark")
    args = parser.parse_args()
    clients, per_client, runs = (100, 100, 10) if args.quick else (1000, 1000, 30)
    levels, seconds = ((1, 10), 15.0) if args.quick else ((1, 10, 50, 100), 120.0)
    replica_seconds = 10.0 if args.quick else seconds
    cold_runs = 1 if args.quick else 3

    work = Path(tempfile.mkdtemp(prefix="backcoach-bench-"))
    db_path = work / "bench.db"
    os.environ["BACKCOACH_DB"] = str(db_path)
    busy = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, load average {busy} at the start"
    )
    started = time.perf_counter()
    long_client = dataset.build(db_path, clients, per_client, date.today())
    total = clients * per_client + 3653
    built = time.perf_counter() - started
    print(f"dataset: {clients} clients, {total:,} entries, built in {built:.1f} s")

    from coach import store, trends

    db = store.connect(db_path)
    frame = store.entries_frame(db, dataset.VIEWER, long_client)
    start = time.perf_counter()
    report = trends.analyze(frame)
    print(
        f"analyze(10 years, {len(frame):,} entries): {1000 * (time.perf_counter() - start):.0f} ms,"
        f" chart rows {len(report.chart_data)} ({report.resolution})"
    )

    worst = (
        0.0
        if args.load_only
        else screens_beside_baselines(work, db_path, long_client, runs, cold_runs)
    )
    print(
        f"load: {', '.join(map(str, levels))} sessions, {seconds:.0f} s each, on Back Coach and on"
        f" the baseline app taking turns every {load.SLICE_SECONDS:.0f} s (think time"
        f" {load.THINK_MEAN_SECONDS:.0f} s on average)"
    )
    report = load.run(db_path, work, levels, seconds)
    for line in load.table(report):
        print(line)
    size = (clients, per_client)
    for line in processes_beside(db_path, work, size, max(levels), replica_seconds):
        print(line)
    shutil.rmtree(work, ignore_errors=True)
    print(f"worst_ratio={worst:.2f}")
    print(f"load_ratio={report.load_ratio:.2f}")
    print(f"sessions_p95_under_1s={report.sessions_p95_under_1s}")


def processes_beside(
    db_path: Path, work: Path, size: tuple[int, int], sessions: int, seconds: float
) -> list[str]:
    """One app process on SQLite, REPLICAS sharing the SQLite file and REPLICAS sharing a
    PostgreSQL with the same dataset, under the same visitors, taking turns."""
    print(
        f"processes: {sessions} sessions, {seconds:.0f} s each, on 1 process and on {REPLICAS}"
        " sharing one database, taking turns, each visitor sticking to one process"
    )
    deployments = [load.Deployment(1, str(db_path)), load.Deployment(REPLICAS, str(db_path))]
    with contextlib.ExitStack() as stack:
        try:
            started = time.perf_counter()
            url = stack.enter_context(dataset.on_postgres(*size, date.today()))
            built = time.perf_counter() - started
            print(f"PostgreSQL: a throwaway cluster with the same dataset, built in {built:.1f} s")
            deployments.append(load.Deployment(REPLICAS, url))
        except pgcluster.PostgresMissing as e:
            print(f"PostgreSQL: n/a ({e})")
        return load.replica_table(load.replicas(deployments, work, sessions, seconds))


def screens_beside_baselines(
    work: Path, db_path: Path, long_client: int, runs: int, cold_runs: int
) -> float:
    """The warm-rerun table, peak memory and cold start; returns the worst median ratio."""
    peak = peak_memory(dataset.OWNER, long_client)
    share_script_cache()
    base_entry = baselines.write_app(work / "baseline", str(db_path))
    worst = 0.0
    print(f"{'screen':<28}{'median':>9}{'p95':>9}{'base med':>10}{'ratio':>8}  chart rows")
    for page in baselines.SCREENS:
        app = signed_in_app(dataset.OWNER, long_client)
        app.run()
        base = baseline_app(base_entry, long_client)
        base.run()
        if page != "app.py":
            app.switch_page(page).run()
            base.switch_page(page).run()
        screen, baseline = interleaved_runs(app, base, runs)
        rows = chart_rows(app)
        ratio = statistics.median(screen) / statistics.median(baseline)
        worst = max(worst, ratio)
        flag = "" if ratio <= TARGET_RATIO and all(r <= MAX_CHART_ROWS for r in rows) else "  MISS"
        print(
            f"{page:<28}{1000 * statistics.median(screen):>7.0f}ms{1000 * p95(screen):>7.0f}ms"
            f"{1000 * statistics.median(baseline):>8.0f}ms{ratio:>8.2f}  {rows}{flag}"
        )
    print(f"peak memory of one session opening every screen, cold: {peak / 2**20:.0f} MiB")
    print(f"cold start to first screen in Chromium: {cold_starts(db_path, work, cold_runs)}")
    return worst


if __name__ == "__main__":
    main()
