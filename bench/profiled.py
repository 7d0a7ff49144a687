"""`python -m bench.profiled OUT run app.py ...`: a Streamlit server that profiles its script runs.

Each script run is profiled with pyinstrument inside its own script thread, where a page's time
is spent (a profiler on the main thread sees only the event loop). When the server stops, OUT
gets all the runs combined, as text. `bench/load.py --profile` starts its servers this way.
"""

from __future__ import annotations

import atexit
import functools
import sys
import threading
from pathlib import Path

from pyinstrument import Profiler
from pyinstrument.renderers import ConsoleRenderer
from pyinstrument.session import Session
from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli


def main() -> None:
    out = Path(sys.argv[1])
    sessions: list[Session] = []
    lock = threading.Lock()
    run_script = script_runner.exec_func_with_error_handling

    def profiled(func, ctx):
        profiler = Profiler(interval=0.001, async_mode="disabled")
        profiler.start()
        try:
            return run_script(func, ctx)
        finally:
            session = profiler.stop()
            with lock:
                sessions.append(session)

    def write() -> None:
        with lock:
            if not sessions:
                return
            combined = functools.reduce(Session.combine, sessions)
        renderer = ConsoleRenderer(
            unicode=True, color=False, show_all=False, time="percent_of_total"
        )
        out.write_text(f"{len(sessions)} script runs\n" + renderer.render(combined))

    script_runner.exec_func_with_error_handling = profiled
    atexit.register(write)
    sys.argv = ["streamlit", *sys.argv[2:]]
    cli.main()


if __name__ == "__main__":
    main()
