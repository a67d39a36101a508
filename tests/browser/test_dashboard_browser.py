"""The dashboard in a real headless Chromium: upload, analysis, every page, screenshots.

Runs ``streamlit run dashboard/app.py`` on a free port with a temporary store and drives it with
Playwright against Debian's ``/usr/bin/chromium`` (never a downloaded browser). Skips with the
reason when Chromium (or, for the upload test, the trained model) is not available.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.dashboard.conftest import fill_store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PAGES = {  # url path: (page heading, text that shows once the page has finished)
    "": ("Overview", "Negative share"),
    "strengths": ("Strengths & weaknesses", "What reviewers say about"),
    "aspects": ("Aspects explorer", "Reviews mentioning"),
    "trends": ("Trends", "Net sentiment per category and"),
    "forecast": ("Sales forecast", "No sales data yet"),
    "compare": ("Compare products", "Net sentiment per category"),
    "reports": ("Reports", "Prepare export"),
    "settings": ("Settings", "Add a custom theme"),
    "upload": ("Upload", "Check files"),
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _serve(db: Path, log: Path):
    """Start the app on a free port; return (process, base url) once it answers health."""
    port = _free_port()
    env = {**os.environ, "REVIEWLENS_DB": str(db), "REVIEWLENS_NO_SAMPLE": "1",
           "REVIEWLENS_AUTH": "none"}  # local use: no sign-in (tests/browser/test_sign_in_*)
    command = [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
               "--server.port", str(port), "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--", "--db", str(db), "--no-sample"]
    process = subprocess.Popen(command, cwd=REPO / "dashboard", env=env, stdout=log.open("wb"),
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.5)
    process.terminate()
    pytest.fail(f"streamlit did not start within 60 s; log:\n{log.read_text()[-2000:]}")


@pytest.fixture
def server(tmp_path):
    """A server factory; every server started is stopped after the test."""
    started = []

    def start(db: Path):
        process, url = _serve(db, tmp_path / f"streamlit-{len(started)}.log")
        started.append(process)
        return url

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _open(page, url: str, title: str, shot: Path, ready: str | None = None) -> str:
    page.goto(url)
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    if ready:
        page.get_by_text(ready).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)  # let charts finish drawing before the screenshot
    page.screenshot(path=str(shot), full_page=True)
    return page.inner_text("body")


def test_every_page_in_a_real_browser(browser, server, tmp_path):
    db = tmp_path / "filled.duckdb"
    fill_store(db)
    url = server(db)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    bodies = {}
    for path, (title, ready) in PAGES.items():
        shot = tmp_path / f"page-{path or 'home'}.png"
        bodies[title] = _open(page, f"{url}/{path}", title, shot, ready)
    assert "Reviews\n\n600" in bodies["Overview"] or "600" in bodies["Overview"]
    assert "Weaknesses" in bodies["Strengths & weaknesses"]
    assert "Emerging issues" in bodies["Trends"] and "battery" in bodies["Trends"]
    assert "No sales data yet" in bodies["Sales forecast"]
    assert "Build PDF report" in bodies["Reports"]
    assert not dialogs, f"review text ran as script: {dialogs}"
    assert (tmp_path / "page-home.png").stat().st_size > 20_000


def _model_available() -> str | None:
    try:
        from analysis.encoder.artifacts import read_artifacts

        read_artifacts(None)
    except (ImportError, FileNotFoundError, ValueError) as exc:
        return str(exc)
    return None


def _page_watching_dialogs(browser):
    """A new page and the list that collects any dialog it opens (review text run as script)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return page, dialogs


def _check_upload(page, url: str, upload: Path, shot: Path) -> None:
    """Open Upload, choose ``upload`` and press "Check files" until the preview shows."""
    _open(page, f"{url}/upload", "Upload", shot.with_name(f"{shot.stem}-empty.png"))
    page.locator("input[type=file]").first.set_input_files(str(upload))
    page.get_by_text(upload.name).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Check files").click()
    page.get_by_text("Detected columns").wait_for(timeout=60_000)
    page.screenshot(path=str(shot), full_page=True)


def _import_checked(page) -> None:
    """Import the checked review file and wait for the analysis to finish."""
    page.get_by_role("button", name="Import and analyse 1 review file(s)").click()
    page.get_by_text("Imported and analysed").wait_for(timeout=300_000)


def test_upload_analyses_a_file_in_the_browser(browser, server, tmp_path):
    missing = _model_available()
    if missing:
        pytest.skip(f"needs the trained review model: {missing}")
    lines = (REPO / "data" / "sample_reviews.csv").read_text(encoding="utf-8").splitlines()
    upload = tmp_path / "shop_export.csv"
    hostile = 'R99999,CH-200,Chair,2024-12-03,1,Bad,"<img src=x onerror=alert(1)> The seat ' \
              'broke after a week.",Eve,true,0'
    upload.write_text("\n".join([*lines[:25], hostile, "not,enough"]) + "\n", encoding="utf-8")
    url = server(tmp_path / "empty.duckdb")
    page, dialogs = _page_watching_dialogs(browser)
    _check_upload(page, url, upload, tmp_path / "upload-mapping.png")
    _import_checked(page)
    page.screenshot(path=str(tmp_path / "upload-done.png"), full_page=True)
    body = page.inner_text("body")
    assert "Imported and analysed 25 reviews" in body  # 24 sample rows + the hostile one
    assert "1 row could not be used" in body  # the short "not,enough" line
    assert "25 reviews in the store" in body  # sidebar redrawn after the import
    text = _open(page, f"{url}/", "Overview", tmp_path / "after-upload-overview.png",
                 "Negative share")
    assert "Reviews\n\n25" in text
    assert not dialogs, f"review text ran as script: {dialogs}"


def test_pdf_downloaded_in_the_browser_opens_with_the_summary(browser, server, tmp_path):
    import io

    from pypdf import PdfReader

    db = tmp_path / "filled.duckdb"
    fill_store(db)
    url = server(db)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    _open(page, f"{url}/reports", "Reports", tmp_path / "reports.png", "Prepare export")
    page.get_by_role("button", name="Build PDF report").click()
    download_button = page.get_by_role("button", name="Download PDF")
    download_button.wait_for(timeout=180_000)
    with page.expect_download(timeout=60_000) as info:
        download_button.click()
    pdf = Path(info.value.path()).read_bytes()
    first = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Period: 2024-01-01 to" in first  # the period
    assert "Products with a page of their own" in first and "P-BAD" in first  # top products
    assert "P-BAD · battery" in first  # an emerging issue


def test_jsonl_upload_with_variant_copies_counts_each_review_once(browser, server, tmp_path):
    """An Amazon-2018-style export: every review copied onto three size variants of one shoe."""
    import json

    missing = _model_available()
    if missing:
        pytest.skip(f"needs the trained review model: {missing}")
    texts = ["These running shoes fit true to size and the cushioning is great on long runs.",
             "The laces came undone constantly and the sole started peeling after two weeks.",
             "Comfortable from the first day, no blisters, and the colour matches the photos.",
             "Delivery took three weeks and the box arrived crushed, shoes were fine though.",
             "Too narrow for my feet, I had to return them and the refund took ages to arrive.",
             "Great value for the price, light and breathable, I bought a second pair."]
    records = []
    for i, text in enumerate(texts):
        for size, asin in (("8", "B0SHOE08"), ("9", "B0SHOE09"), ("10", "B0SHOE10")):
            records.append({"overall": 5 - i % 5, "verified": True, "reviewTime": "06 1, 2018",
                            "reviewerID": f"A{i:05d}", "asin": asin,
                            "style": {"Size:": f" {size}", "Color:": " Black"},
                            "reviewerName": f"Reviewer {i}", "reviewText": text,
                            "summary": text[:20], "unixReviewTime": 1527811200 + 86400 * i,
                            "vote": "1,234" if i == 0 else "2"})
    records.append({"overall": 3, "reviewerID": "A99999", "asin": "B0SHOE08",
                    "reviewText": "", "unixReviewTime": 1527811200})
    upload = tmp_path / "Clothing_Shoes.jsonl"
    upload.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    url = server(tmp_path / "empty.duckdb")
    page, dialogs = _page_watching_dialogs(browser)
    _check_upload(page, url, upload, tmp_path / "jsonl-mapping.png")
    # the tables are drawn on a canvas; the per-file line is text
    assert "19 rows, expected 6 kept and 13 rejected" in page.inner_text("body")
    _import_checked(page)
    page.screenshot(path=str(tmp_path / "jsonl-done.png"), full_page=True)
    body = page.inner_text("body")
    assert "Imported and analysed 6 reviews" in body
    assert "12 row(s) repeat a review kept once" in body  # the variant copies, linked
    assert "1 row could not be used" in body  # the empty review text
    text = _open(page, f"{url}/", "Overview", tmp_path / "jsonl-overview.png", "Negative share")
    assert "Reviews\n\n6" in text
    assert not dialogs, f"review text ran as script: {dialogs}"
