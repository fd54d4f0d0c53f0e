"""Fixtures of the API tests."""

from __future__ import annotations

import threading

import pytest

from app.extraction.types import ExtractionResult
from tests.api.factories import day


class RegisteredExtractor:
    """Stands in for the extractor where a test is about storage, not extraction: it returns the result
    registered for a text (no events for any other text). End-to-end tests use the real extractor."""

    def __init__(self):
        self.results: dict[str, ExtractionResult] = {}
        self.calls = 0
        self._lock = threading.Lock()

    def register(self, result: ExtractionResult) -> ExtractionResult:
        self.results[result.text] = result
        return result

    def __call__(self, article_in) -> ExtractionResult:
        with self._lock:
            self.calls += 1
        return self.results.get(article_in.text) or ExtractionResult(
            text=article_in.text, published_at=day(article_in.published_at[:10]), language="en"
        )


@pytest.fixture
def extractor(monkeypatch) -> RegisteredExtractor:
    reg = RegisteredExtractor()
    monkeypatch.setattr("app.ingest.run_extraction", reg)
    monkeypatch.setattr("app.ingest.run_extractions", lambda articles: [reg(a) for a in articles])
    return reg


@pytest.fixture
def live_server(db_url, tmp_path):
    """A real uvicorn serving the app on the test database, on a free localhost port; yields its base URL."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": db_url, "DATELINE_API_KEYS": "", "DATELINE_CORS_ORIGINS": ""}
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - the server writes to it until teardown closes it
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start: " + (tmp_path / "server.log").read_text())
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
