"""`python -m bench.versus COMMIT`: is this checkout's every screen as fast as it was at COMMIT?

The main benchmark compares each screen with a baseline of the same commit, so its ratios say
what Back Coach adds, not whether a change made a screen slower: a change to the baselines
moves them too. This answers the second question directly. The commit is checked out beside
this one (a detached `git worktree`), and each side runs in a process of its own with its own
code: it builds the benchmark's dataset with its own schema and signs in with its own
`bench.signed_in_app`. Then, screen by screen, the two take turns at a few warm reruns, so a
noisy spell on the machine hits both alike. Only screens both commits have are compared.

The closing line is `versus_worst=X.XX`: the worst median of this checkout over the commit's.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside one side's checkout (argv: root, database path, clients, entries per client). It
# uses only what the benchmark has had since it began: dataset.build, signed_in_app and
# share_script_cache in bench.__main__, and the page list in bench.baselines.SCREENS.
WORKER = """
import json, sys, time
from datetime import date
from pathlib import Path

root, db_path, clients, per_client = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, root)
from bench import __main__ as bench, baselines, dataset

long_client = dataset.build(Path(db_path), clients, per_client, date.today())
bench.share_script_cache()
apps = {}
print(json.dumps(sorted(baselines.SCREENS)), flush=True)
for line in sys.stdin:
    page, runs = line.split()
    if page not in apps:
        app = bench.signed_in_app(dataset.OWNER, long_client)
        app.run()
        if page != "app.py":
            app.switch_page(page).run()
        apps[page] = app
    times = []
    for _ in range(int(runs)):
        start = time.perf_counter()
        apps[page].run()
        times.append(time.perf_counter() - start)
        if apps[page].exception:
            raise SystemExit(apps[page].exception[0].message)
    print(json.dumps(times), flush=True)
"""


class Side:
    """One checkout's worker process: builds its dataset, then times reruns on request."""

    def __init__(self, root: Path, work: Path, clients: int, per_client: int) -> None:
        work.mkdir(parents=True)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(root),
                str(work / "bench.db"),
                str(clients),
                str(per_client),
            ],
            cwd=root,
            env={**os.environ, "BACKCOACH_DB": str(work / "bench.db")},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(work / "worker.log").open("w"),  # AppTest's warnings; read on a failure
            text=True,
        )
        self.log = work / "worker.log"
        self.screens = set(json.loads(self._reply()))

    def _reply(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            tail = self.log.read_text().strip().splitlines()[-5:]
            raise RuntimeError("a worker stopped:\n" + "\n".join(tail))
        return line

    def reruns(self, page: str, runs: int) -> list[float]:
        self.process.stdin.write(f"{page} {runs}\n")
        self.process.stdin.flush()
        return json.loads(self._reply())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@contextlib.contextmanager
def checkout(commit: str, where: Path) -> Iterator[Path]:
    """The commit's tree beside this one, removed afterwards whatever happens."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(where), commit],
        check=True,
    )
    try:
        yield where
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)], check=False
        )


def compare(then: Side, now: Side, rounds: int, runs: int) -> list[tuple[str, float, float]]:
    """Per shared screen: the commit's median and this checkout's, taking turns each round."""
    rows = []
    for page in sorted(then.screens & now.screens):
        old: list[float] = []
        new: list[float] = []
        for turn in range(rounds):
            first, second = (then, now) if turn % 2 == 0 else (now, then)
            a, b = first.reruns(page, runs), second.reruns(page, runs)
            old += a if first is then else b
            new += b if first is then else a
        rows.append((page, statistics.median(old), statistics.median(new)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.versus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("commit", help="the commit to compare with, e.g. one before a refactor")
    parser.add_argument("--clients", type=int, default=100, help="clients in each dataset")
    parser.add_argument("--entries", type=int, default=100, help="entries per client")
    parser.add_argument("--rounds", type=int, default=10, help="turns per screen")
    parser.add_argument("--runs", type=int, default=3, help="warm reruns per turn")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backcoach-versus-") as temp:
        work = Path(temp)
        with checkout(args.commit, work / "then") as then_root:
            then = Side(then_root, work / "then-data", args.clients, args.entries)
            now = Side(ROOT, work / "now-data", args.clients, args.entries)
            try:
                rows = compare(then, now, args.rounds, args.runs)
            finally:
                then.close()
                now.close()
    print(f"{'screen':<28}{args.commit[:10]:>12}{'this':>10}{'ratio':>8}")
    for page, old, new in rows:
        print(f"{page:<28}{1000 * old:>10.0f}ms{1000 * new:>8.0f}ms{new / old:>8.2f}")
    print(f"versus_worst={max(new / old for _, old, new in rows):.2f}")


if __name__ == "__main__":
    main()
