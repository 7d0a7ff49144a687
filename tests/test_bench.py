"""The benchmark's limit baselines: one for every screen, and each runs against a real database."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

import ui
from bench import baselines, dataset


@pytest.fixture(scope="module")
def bench_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "bench.db"
    return path, dataset.build(path, clients=3, entries_per_client=20, today=date.today())


def test_every_menu_screen_has_a_limit_baseline():
    assert set(baselines.SCREENS) == set(ui.menu_paths())


@pytest.mark.parametrize("page", list(baselines.SCREENS))
def test_each_baseline_runs_against_the_bench_dataset(bench_db, page):
    path, long_client = bench_db
    script = baselines.script(page, str(path), dataset.OWNER, long_client)
    app = AppTest.from_string(script, default_timeout=30).run()
    assert not app.exception
    assert len(app.main.children) > 0
