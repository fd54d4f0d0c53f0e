"""Where `dateline serve` binds: localhost unless keys are set or open writes are allowed explicitly."""

from __future__ import annotations

import logging

import pytest

from app.config import get_settings
from app.server import run


@pytest.fixture
def bound(monkeypatch, tmp_path, caplog):
    calls = {}
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, log_level: calls.update(host=host, port=port))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 's.db'}")
    monkeypatch.setenv("DATELINE_HOST", "0.0.0.0")
    for name in ("DATELINE_API_KEYS", "DATELINE_ALLOW_OPEN_WRITES"):
        monkeypatch.delenv(name, raising=False)
    caplog.set_level(logging.INFO)

    def serve(**env):
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        get_settings.cache_clear()
        run(port=9999, migrate=True)
        return calls["host"], caplog.text

    yield serve
    get_settings.cache_clear()


def test_without_keys_a_public_host_is_refused_with_a_clear_message(bound):
    with pytest.raises(SystemExit) as exc:  # binding 127.0.0.1 instead would be unreachable (in a container)
        bound()
    assert "DATELINE_HOST=0.0.0.0 without DATELINE_API_KEYS" in str(exc.value)


def test_without_keys_localhost_serves_and_says_writes_are_open(bound):
    host, log = bound(DATELINE_HOST="127.0.0.1")
    assert host == "127.0.0.1" and "writes (POST, DELETE) are open to anyone who can reach 127.0.0.1" in log


def test_a_database_path_through_a_file_is_a_clear_error(bound, tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(SystemExit) as exc:
        bound(DATELINE_API_KEYS="k", DATABASE_URL=f"sqlite:///{blocker}/dateline.db")
    assert "cannot write the SQLite database in" in str(exc.value) and "Traceback" not in str(exc.value)


def test_an_unwritable_database_folder_is_a_clear_error(bound, tmp_path):
    import os
    from pathlib import Path

    locked = tmp_path / "data"
    locked.mkdir()
    locked.chmod(0o500)
    if os.getuid() == 0:  # root writes through modes: a folder even root may not write (/proc/sys on Linux)
        locked = next(
            (
                p
                for p in (Path("/proc/sys/kernel"), Path("/proc/sys"))
                if p.is_dir() and not os.access(p, os.W_OK | os.X_OK)
            ),
            None,
        )
        if locked is None:
            pytest.skip(
                "running as root on a system where root may write every folder: nothing unwritable to test with"
            )
    try:
        with pytest.raises(SystemExit) as exc:
            bound(DATELINE_API_KEYS="k", DATABASE_URL=f"sqlite:///{locked}/dateline.db")
        assert "cannot write the SQLite database in" in str(exc.value) and str(locked) in str(exc.value)
    finally:
        (tmp_path / "data").chmod(0o700)


def test_with_keys_binds_the_configured_host(bound):
    host, log = bound(DATELINE_API_KEYS="secret")
    assert host == "0.0.0.0" and "are open" not in log


def test_open_writes_only_when_asked(bound):
    host, log = bound(DATELINE_ALLOW_OPEN_WRITES="true")
    assert host == "0.0.0.0" and "writes (POST, DELETE) are open to anyone who can reach 0.0.0.0" in log


@pytest.mark.parametrize(
    ("url", "says"), [("mysql://u@h/db", "unsupported database"), ("nonsense", "not a database URL")]
)
def test_a_wrong_database_url_is_a_clear_error(bound, url, says):
    with pytest.raises(SystemExit) as exc:
        bound(DATABASE_URL=url)
    assert "DATABASE_URL" in str(exc.value) and says in str(exc.value)
