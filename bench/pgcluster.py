"""A throwaway PostgreSQL cluster: Debian's binaries, a temp dir, a free port.

The test suite (tests/conftest.py) and the load benchmark's replica run (bench/load.py) start one.
The cluster runs as an unprivileged user (initdb refuses root): `postgres` when Debian's package
created it, else whoever runs it. It listens on 127.0.0.1 only, trusts local connections, and
trades durability for speed (fsync off): it lives for one pytest session or one benchmark run and
is then deleted. In CI (`CI` set) a missing PostgreSQL fails the run; elsewhere the PostgreSQL
tests skip and say how to install it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

SUPERUSER = "backcoach"
TEMPLATE = "backcoach_template"
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "64MB",
}


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


@dataclass(frozen=True)
class Cluster:
    """A running cluster: where it listens, and what `stop` needs to remove it."""

    host: str
    port: int
    user: str
    home: Path
    binaries: Path
    run_as: str | None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def stop(self) -> None:
        try:
            _run(self, "pg_ctl", "stop", "-D", str(self.home / "data"), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.home, ignore_errors=True)


def bin_dir() -> Path:
    """The newest of Debian's /usr/lib/postgresql/<version>/bin, or wherever initdb is on PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise PostgresMissing(
        "PostgreSQL is not installed: `apt-get install -y postgresql` (.ci/run does it in CI)"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> str | None:
    """The user to run the server as: none needed unless we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return "postgres"


def start() -> Cluster:
    """Create and start a cluster in a temp dir on a free port; `Cluster.stop` removes it."""
    run_as = _run_as()
    home = Path(tempfile.mkdtemp(prefix="backcoach-pg-"))
    if run_as:
        shutil.chown(home, run_as)
    cluster = Cluster("127.0.0.1", _free_port(), SUPERUSER, home, bin_dir(), run_as)
    options = " ".join(f"-c {k}={v}" for k, v in SETTINGS.items())
    try:
        _run(
            cluster,
            "initdb",
            "-D",
            str(home / "data"),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--no-sync",
            "--encoding=UTF8",
            "--locale=C",
        )
        _run(
            cluster,
            "pg_ctl",
            "start",
            "-w",
            "-D",
            str(home / "data"),
            "-l",
            str(home / "server.log"),
            "-o",
            f"-p {cluster.port} -k {home} {options}",
        )
    except BaseException:
        shutil.rmtree(home, ignore_errors=True)
        raise
    return cluster


def _run(cluster: Cluster, program: str, *args: str) -> None:
    result = subprocess.run(
        [str(cluster.binaries / program), *args],
        user=cluster.run_as,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        log = cluster.home / "server.log"
        server_log = log.read_text() if log.exists() else ""
        raise RuntimeError(f"{program} failed:\n{result.stdout}{result.stderr}{server_log}")


def create_database(cluster: Cluster, name: str, template: str = "template1") -> None:
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )


def drop_database(cluster: Cluster, name: str) -> None:
    """Drop a database, closing whatever connections still use it."""
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
