"""The deploy/ compose file holds the settings a multi-replica deployment depends on.

Docker is not available where the suite runs, so these read the files instead: replicas behind a
sticky load balancer, PostgreSQL as the shared store, Streamlit's XSRF/CORS/allowed-hosts
settings, secrets kept out of git, and an image that carries every folder the app imports.
"""

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

DEPLOY = ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
APP = SERVICES["app"]
LABELS = dict(label.split("=", 1) for label in APP["labels"])
SERVICE = "traefik.http.services.backcoach.loadbalancer"
APP_PORT = "8501"


def _number(value: str) -> int:
    """A compose value that may be `${NAME:-default}`: its default."""
    found = re.fullmatch(r"\$\{\w+:-(\d+)\}|(\d+)", str(value))
    assert found, value
    return int(found.group(1) or found.group(2))


def test_there_are_a_proxy_several_app_replicas_and_postgresql():
    assert set(SERVICES) == {"proxy", "app", "postgres"}
    assert _number(APP["deploy"]["replicas"]) >= 2


def test_only_the_proxy_is_reachable_from_outside():
    assert SERVICES["proxy"]["ports"] == ["80:80", "443:443"]
    assert "ports" not in APP
    assert "ports" not in SERVICES["postgres"]


def test_the_load_balancer_pins_a_browser_to_one_replica_with_a_secure_cookie():
    assert LABELS["traefik.enable"] == "true"
    assert LABELS[f"{SERVICE}.sticky.cookie"] == "true"
    assert LABELS[f"{SERVICE}.sticky.cookie.secure"] == "true"
    assert LABELS[f"{SERVICE}.sticky.cookie.httponly"] == "true"
    assert LABELS[f"{SERVICE}.server.port"] == APP_PORT
    assert LABELS[f"{SERVICE}.healthcheck.path"] == "/_stcore/health"
    assert "--providers.docker.exposedbydefault=false" in SERVICES["proxy"]["command"]
    assert "/var/run/docker.sock:/var/run/docker.sock:ro" in SERVICES["proxy"]["volumes"]


def test_only_the_configured_host_is_routed_and_accepted():
    assert LABELS["traefik.http.routers.backcoach.rule"] == "Host(`${BACKCOACH_HOST}`)"
    assert LABELS["traefik.http.routers.backcoach.entrypoints"] == "websecure"
    env = APP["environment"]
    assert env["STREAMLIT_SERVER_ALLOWED_HOSTS"].startswith("${BACKCOACH_HOST")
    assert env["STREAMLIT_SERVER_CORS_ALLOWED_ORIGINS"] == "https://${BACKCOACH_HOST}"
    assert env["STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION"] == "true"
    assert env["STREAMLIT_SERVER_ENABLE_CORS"] == "true"


def test_every_replica_uses_the_shared_postgresql_and_waits_for_it():
    url = APP["environment"]["BACKCOACH_DATABASE_URL"]
    assert url.startswith("postgresql://backcoach:${POSTGRES_PASSWORD")
    assert url.endswith("@postgres:5432/backcoach")
    assert APP["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(SERVICES["postgres"]["healthcheck"]["test"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["postgres"]["volumes"]


def test_the_replicas_pools_fit_in_the_servers_connections():
    command = SERVICES["postgres"]["command"]
    max_connections = int(command[command.index("-c") + 1].split("=")[1])
    pools = _number(APP["deploy"]["replicas"]) * int(APP["environment"]["BACKCOACH_DB_POOL_MAX"])
    assert pools + 10 <= max_connections  # room for migrations, psql and the superuser


def test_streamlit_secrets_are_mounted_and_never_committed():
    assert APP["secrets"] == [
        {"source": "streamlit_secrets", "target": "/app/.streamlit/secrets.toml"}
    ]
    assert COMPOSE["secrets"]["streamlit_secrets"]["file"] == "./secrets.toml"
    ignored = subprocess.run(
        ["git", "check-ignore", "deploy/.env", "deploy/secrets.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout.split() == ["deploy/.env", "deploy/secrets.toml"]


def test_every_variable_the_compose_file_reads_is_in_the_example_env():
    used = set(re.findall(r"\$\{(\w+)", (DEPLOY / "compose.yaml").read_text()))
    example = (DEPLOY / "env.example").read_text()
    defined = set(re.findall(r"^(\w+)=", example, re.MULTILINE))
    assert used == defined


DOCKERFILE = (DEPLOY / "Dockerfile").read_text()


@pytest.mark.parametrize("needed", ["app.py", "pages", "ui", "coach", "data", ".streamlit"])
def test_the_image_carries_what_the_app_needs(needed):
    copied = re.findall(r"^COPY (\S+)", DOCKERFILE, re.MULTILINE)
    assert any(Path(c).parts[0] == needed for c in copied)


def test_the_image_serves_on_the_port_the_balancer_uses_as_a_plain_user():
    assert f"EXPOSE {APP_PORT}" in DOCKERFILE
    assert f"--server.port={APP_PORT}" in DOCKERFILE
    assert re.search(r"^USER (?!root)\w+", DOCKERFILE, re.MULTILINE)
