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
