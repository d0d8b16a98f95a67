"""The deployment example (deploy/): a valid HAProxy configuration, the serve script's checks, and a
backup that restores table for table, with the same commands the README gives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from foresight.store import Store, migrations
from foresight.vote.voting import OptionInput
from tests.conftest import SEEDED_TEMPLATE
from tests.support import postgres
from tests.support.ballots import cast, open_vote
from tests.unit.test_workspace_copy import every_table

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def self_signed_certificate(folder: Path) -> Path:
    """A throwaway certificate and key in one PEM file, as HAProxy reads them."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert)]
        + ["-days", "1", "-subj", "/CN=localhost"],
        check=True,
        capture_output=True,
    )
    bundle = folder / "framsyn.pem"
    bundle.write_bytes(cert.read_bytes() + key.read_bytes())
    return bundle


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy is not installed (apt-get install haproxy)")
def test_the_haproxy_example_is_valid(tmp_path: Path) -> None:
    config = (DEPLOY / "haproxy" / "framsyn.cfg").read_text(encoding="utf-8")
    bundle = self_signed_certificate(tmp_path)
    checked = tmp_path / "haproxy.cfg"
    checked.write_text(config.replace("/etc/haproxy/certs/framsyn.pem", str(bundle)), encoding="utf-8")
    done = subprocess.run(["haproxy", "-c", "-f", str(checked)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # Two workspaces, each with a sticky dashboard backend and a round-robin phone backend.
    for workspace in ("region", "kommun"):
        assert f"backend {workspace}_app" in config and f"backend {workspace}_phones" in config
    assert config.count("cookie FRAMSYN_NODE insert") == 2
    assert "http-request del-header X-Forwarded-For" in config and "option forwardfor" in config


def test_the_serve_script_wants_a_database_url_and_a_port(tmp_path: Path) -> None:
    (tmp_path / "lab.env").write_text("FRAMSYN_DB=data/workspace.duckdb\n", encoding="utf-8")
    script = str(DEPLOY / "framsyn" / "framsyn-serve")
    env = {"FRAMSYN_CONF_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    no_port = subprocess.run(["bash", script, "lab"], capture_output=True, text=True, env=env)
    assert no_port.returncode == 2 and "WORKSPACE-PORT" in no_port.stderr
    a_file = subprocess.run(["bash", script, "lab-8501"], capture_output=True, text=True, env=env)
    assert a_file.returncode == 2 and "postgresql://" in a_file.stderr


def test_a_backup_restores_into_a_new_database_table_for_table(
    tmp_path: Path, postgres_server: postgres.Server
) -> None:
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed (apt-get install postgresql-client)")
    with postgres_server.fresh_database(SEEDED_TEMPLATE) as url:
        with Store(url) as store:
            created = open_vote(store, "Säkerhetskopia", [OptionInput(label="Vård"), OptionInput(label="Skola")])
            cast(store, created.code, {0: 2})
            before = every_table(store)
        (tmp_path / "lab.env").write_text(f"FRAMSYN_DB={url}\n", encoding="utf-8")
        backups = tmp_path / "backups"
        done = subprocess.run(
            ["bash", str(DEPLOY / "framsyn" / "framsyn-backup"), "lab"],
            capture_output=True,
            text=True,
            env={"FRAMSYN_CONF_DIR": str(tmp_path), "FRAMSYN_BACKUP_DIR": str(backups), "PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == 0, done.stderr
        dumps = list((backups / "lab").glob("lab-*.dump"))
        assert len(dumps) == 1 and not list((backups / "lab").glob(".*partial"))
    with postgres_server.fresh_database() as restored:
        loaded = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dumps[0])],
            capture_output=True,
            text=True,
        )
        assert loaded.returncode == 0, loaded.stderr
        with Store(restored) as store:
            assert every_table(store) == before


@pytest.mark.slow  # starts the command line in a Python process of its own
def test_init_creates_and_seeds_a_server_workspace(postgres_server: postgres.Server) -> None:
    with postgres_server.fresh_database() as url:
        done = subprocess.run(
            [sys.executable, "-m", "foresight", "--db", url, "--lang", "en", "init"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        assert "is ready" in done.stdout and "postgresql://" in done.stdout
        stats = subprocess.run(
            [sys.executable, "-m", "foresight", "--db", url, "stats"], capture_output=True, text=True, cwd=ROOT
        )
        assert stats.returncode == 0 and '"regions": 21' in stats.stdout
        with Store(url) as store:
            assert store.is_server and store.schema_version() == migrations("postgresql")[-1][0]  # every migration
