"""The throwaway PostgreSQL the suite starts: reachable, unprivileged, local only."""

import psycopg


def test_the_throwaway_cluster_serves_a_fresh_database(pg_empty_url):
    with psycopg.connect(pg_empty_url) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone() == (0,)
        assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
