"""The timeline page in a real headless browser (Debian's chromium, driven by Selenium through the system
chromedriver; nothing downloaded), and the TimelineJS export loaded by TimelineJS3 itself."""

from __future__ import annotations

import filecmp
import json
import shutil
import tempfile
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
VENDOR = ROOT / "app" / "static" / "vendor"

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # the page is the same on both databases


def _browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip(
            "no chromium/chromedriver: install Debian's chromium and chromium-driver (.ci/run does) for the "
            "browser tests"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1100",
        "--disable-background-networking",
        "--no-first-run",
    ):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


@pytest.fixture
def browser():
    b = _browser()
    try:
        yield b
    finally:
        b.quit()


@pytest.fixture
def seeded(db_url):
    from app.seeding import load_seeds

    lines = list(load_seeds(database_url=db_url))
    assert all("loaded as article" in line for line in lines), lines
    return db_url


def _wait(browser, condition, timeout=30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(condition)


@SQLITE_ONLY
def test_page_filters_to_germany_and_opens_an_event_to_its_evidence(seeded, live_server, browser):
    from selenium.webdriver.common.by import By

    expected = httpx.get(live_server + "/v1/events", params={"country": "DE", "limit": 200}).json()["items"]
    everything = httpx.get(live_server + "/v1/events", params={"limit": 200}).json()["items"]
    assert expected and len(expected) < len(everything), "the seeds have events without Germany too"

    browser.get(live_server + "/")
    _wait(browser, lambda b: b.find_element(By.ID, "status").text.endswith(f"{len(everything)} events"))
    browser.find_element(By.NAME, "country").send_keys("DE")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait(browser, lambda b: b.find_element(By.ID, "status").text == f"{len(expected)} events")

    rows = browser.find_elements(By.CSS_SELECTOR, "#events li")
    assert [int(li.get_attribute("data-event-id")) for li in rows] == [e["id"] for e in expected]
    assert [li.find_element(By.CLASS_NAME, "date").text for li in rows] == [e["date"]["value"] for e in expected]
    assert all(e["summary"] in li.text for li, e in zip(rows, expected))
    assert len(
        browser.find_elements(By.CSS_SELECTOR, "#timeline .vis-item.vis-box, #timeline .vis-item.vis-range")
    ) == len(expected)
    assert "country=DE" in browser.current_url

    # an event opens to its evidence, the date expression highlighted
    pick = max(expected, key=lambda e: len(e["sources"]))  # the most reported event
    browser.find_element(By.CSS_SELECTOR, f'#events li[data-event-id="{pick["id"]}"]').click()
    detail = _wait(
        browser, lambda b: b.find_element(By.ID, "detail") if b.find_element(By.ID, "detail").is_displayed() else None
    )
    assert pick["summary"] in detail.find_element(By.TAG_NAME, "h2").text and pick["date"]["value"] in detail.text
    sources = detail.find_elements(By.CLASS_NAME, "source")
    assert len(sources) == len(pick["sources"])
    for box, src in zip(sources, pick["sources"]):
        quote = box.find_element(By.CLASS_NAME, "evidence")
        assert quote.text == src["sentence"]
        assert quote.find_element(By.CSS_SELECTOR, "mark.expression").text == src["expression"]
        link = box.find_element(By.TAG_NAME, "a").get_attribute("href")
        assert link == (src["url"] or f"{live_server}/v1/articles/{src['article_id']}")
    selected = browser.find_elements(
        By.CSS_SELECTOR, "#timeline .vis-box.vis-selected, #timeline .vis-range.vis-selected"
    )
    assert len(selected) == 1

    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "timeline.png"))
    assert (ARTIFACTS / "timeline.png").stat().st_size > 10_000


@SQLITE_ONLY
def test_page_shows_an_api_error_instead_of_failing_silently(seeded, live_server, browser):
    from selenium.webdriver.common.by import By

    browser.get(live_server + "/timeline?country=Narnia")
    _wait(browser, lambda b: b.find_element(By.ID, "status").text.startswith("Error"))
    assert browser.find_element(By.ID, "status").text.startswith("Error: country: unknown country"), (
        browser.find_element(By.ID, "status").text
    )
    assert browser.find_elements(By.CSS_SELECTOR, "#events li") == []


@SQLITE_ONLY
def test_the_page_loads_nothing_from_other_hosts(client):
    html = client.get("/").text
    assert "https://" not in html and "http://" not in html
    for asset in (
        "/static/app/timeline.js",
        "/static/app/timeline.css",
        "/static/app/vendor/vis-timeline-graph2d.min.js",
        "/static/app/vendor/vis-timeline-graph2d.min.css",
    ):
        assert asset in html and client.get(asset).status_code == 200, asset


def test_vendored_assets_are_the_locked_package_versions():
    pkg = ROOT / "node_modules" / "vis-timeline"
    if not pkg.exists():
        pytest.skip("node_modules not installed (scripts/setup.sh runs npm ci where Node.js is present)")
    assert filecmp.cmp(
        pkg / "standalone" / "umd" / "vis-timeline-graph2d.min.js",
        VENDOR / "vis-timeline-graph2d.min.js",
        shallow=False,
    )
    assert filecmp.cmp(
        pkg / "styles" / "vis-timeline-graph2d.min.css", VENDOR / "vis-timeline-graph2d.min.css", shallow=False
    )


TIMELINEJS_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}"></head><body>
<div id="tl" style="width: 1000px; height: 600px"></div>
<script src="{js}"></script>
<script>
window.tlErrors = [];
window.addEventListener("error", (e) => window.tlErrors.push(String(e.message)));
const data = {data};
window.tl = new TL.Timeline("tl", data, {{ga_measurement_id: null, track_events: []}});
window.tl.on("ready", () => {{ window.tlReady = true; }});
</script></body></html>"""


@SQLITE_ONLY
def test_timeline_json_loads_in_timelinejs3(seeded, client, browser):
    from selenium.webdriver.common.by import By

    data = client.get("/v1/timeline.json").json()
    assert len(data["events"]) >= 2 and any("end_date" not in e for e in data["events"])
    dist = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
    if not dist.exists():
        pytest.skip("node_modules not installed (scripts/setup.sh runs npm ci where Node.js is present)")
    folder = Path(
        tempfile.mkdtemp(
            prefix="timelinejs-",
            dir=ROOT / "node_modules" / ".cache" if (ROOT / "node_modules" / ".cache").exists() else None,
        )
    )
    try:
        page = folder / "index.html"
        page.write_text(
            TIMELINEJS_PAGE.format(
                css=(dist / "css" / "timeline.css").as_uri(),
                js=(dist / "js" / "timeline.js").as_uri(),
                data=json.dumps(data),
            )
        )
        browser.get(page.as_uri())
        _wait(browser, lambda b: b.execute_script("return window.tlReady === true"))
        assert browser.execute_script("return window.tlErrors") == []
        assert browser.find_elements(By.CSS_SELECTOR, ".tl-message-full") == [] or not any(
            m.is_displayed() for m in browser.find_elements(By.CSS_SELECTOR, ".tl-message-full")
        )
        # the title slide and one slide per event, in TimelineJS's own model
        assert browser.execute_script("return window.tl.config.events.length") == len(data["events"])
        headlines = browser.execute_script("return window.tl.config.events.map(e => e.text.headline)")
        assert sorted(headlines) == sorted(e["text"]["headline"] for e in data["events"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
