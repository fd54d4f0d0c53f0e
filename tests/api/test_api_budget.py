"""The extraction time budget (DATELINE_EXTRACT_BUDGET_S), enforced from outside the extractor: the work runs in
a child process killed when the budget runs out; the request answers a 422 that says so and stores nothing."""

from __future__ import annotations

import time

BODY = {"source": "S", "published_at": "2019-03-12", "text": "Talks resumed on Friday."}


def _slow(*a, **k):
    time.sleep(60)


def test_an_extraction_over_its_budget_is_stopped_and_stores_nothing(make_client, monkeypatch):
    monkeypatch.setattr("app.extraction.extract", _slow)
    monkeypatch.setattr("app.extraction.extract_many", _slow)
    c = make_client(extract_budget_s=1)
    for path, body, loc in [
        ("/v1/articles", BODY, ["body", "text"]),
        ("/v1/parse", BODY, ["body", "text"]),
        ("/v1/articles/batch", {"articles": [BODY]}, ["body", "articles"]),
    ]:
        started = time.monotonic()
        r = c.post(path, json=body if path != "/v1/parse" else {"text": BODY["text"], "published_at": "2019-03-12"})
        assert time.monotonic() - started < 20, path
        assert r.status_code == 422, (path, r.text)
        assert r.json()["errors"][0]["loc"] == loc and "budget of 1 s" in r.json()["detail"], r.json()
        assert "DATELINE_EXTRACT_BUDGET_S" in r.json()["detail"]
    assert c.get("/v1/articles").json()["items"] == [] and c.get("/v1/events").json()["items"] == []


def test_within_its_budget_the_extraction_runs_in_a_worker_and_answers_as_usual(make_client):
    c = make_client(extract_budget_s=120)
    r = c.post(
        "/v1/parse",
        json={"text": "Germany announced March 7 that it would not ban Huawei.", "published_at": "2019-03-12"},
    )
    assert r.status_code == 200 and any(t["value"] == "2019-03-07" for t in r.json()["timexes"])
    r = c.post("/v1/articles", json={**BODY, "text": "Germany announced March 7 that it would not ban Huawei."})
    assert r.status_code == 201 and r.json()["events"]
    r = c.post(
        "/v1/articles/batch",
        json={"articles": [{**BODY, "text": "France signed the accord on Monday."}, {**BODY, "text": "   "}]},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == [
        "body",
        "articles",
        1,
        "text",
    ]  # input errors cross over


def _niceness() -> int:
    import os

    return os.nice(0)


def test_a_queued_extraction_runs_at_the_workers_lower_priority():
    """`dateline worker` sets budget.nice from DATELINE_WORKER_NICE: its extraction child runs that much nicer than
    the worker; a request's extraction (nice unset) runs at the server's own priority."""
    from app import budget

    here = _niceness()
    token = budget.budget_s.set(30)
    try:
        assert budget.call(_niceness) == here
        inner = budget.nice.set(5)
        try:
            assert budget.call(_niceness) == min(19, here + 5)
        finally:
            budget.nice.reset(inner)
    finally:
        budget.budget_s.reset(token)


def test_an_extraction_child_is_forked_only_after_a_warm_up_running_in_another_thread():
    """A child forked while the server's start-up thread is in the middle of warming up would inherit the locks
    that thread holds and hang; the fork waits for the warm-up instead."""
    import threading
    import time

    from app import budget
    from app.extraction import pipeline

    release = threading.Event()

    def warming():
        with pipeline._warming:  # stands for a warm-up in progress
            release.wait(5)

    t = threading.Thread(target=warming)
    t.start()
    time.sleep(0.1)
    threading.Timer(1.0, release.set).start()
    token = budget.budget_s.set(30)
    try:
        started = time.monotonic()
        assert budget.call(sum, [1, 2, 3]) == 6
        assert time.monotonic() - started >= 0.8, "the child was forked while the warm-up was still running"
    finally:
        budget.budget_s.reset(token)
        t.join()
