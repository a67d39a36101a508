"""Sign-in in a real headless Chromium against `reviewlens serve` (loopback, password users).

An unauthenticated browser sees the sign-in page and no review text; after signing in it sees
the data; after signing out it is back at the sign-in page. Skips like the other browser tests
when Debian's chromium is missing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from analysis.security.users import UserFile
from tests.browser.test_dashboard_browser import _free_port, browser  # noqa: F401 (fixture)
from tests.dashboard.conftest import fill_store

pytestmark = pytest.mark.browser
PASSWORD = "browser test phrase"
CLI = "import sys; from analysis.cli import main; sys.exit(main())"


@pytest.fixture
def signed_server(tmp_path):
    """`reviewlens serve` on a free loopback port with one editor; yields (url, review texts)."""
    db = tmp_path / "store.duckdb"
    reviews, _ = fill_store(db)
    users = UserFile(tmp_path / "users.json")
    users.add("eddie", "editor", PASSWORD)
    port = _free_port()
    env = {**os.environ, "REVIEWLENS_NO_SAMPLE": "1", "HOME": str(tmp_path)}
    env.pop("REVIEWLENS_AUTH", None)
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, "serve", "--port", str(port), "--db", str(db),
         "--users", str(users.path), "--no-sample"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail((tmp_path / "serve.log").read_text()[-2000:])
                time.sleep(0.5)
        yield url, reviews["text"].astype(str).tolist()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _no_review_text(body: str, texts: list[str]) -> bool:
    return not any(t[:40] in body for t in texts if len(t) >= 20)


def test_sign_in_see_data_sign_out(browser, signed_server, tmp_path):  # noqa: F811
    url, texts = signed_server
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    for path in ("", "aspects", "upload"):  # every address shows only the sign-in page
        page.goto(f"{url}/{path}")
        page.get_by_role("heading", name="Sign in to ReviewLens").wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        body = page.inner_text("body")
        assert _no_review_text(body, texts) and "600" not in body and "P-GOOD" not in body
    page.screenshot(path=str(tmp_path / "sign-in.png"), full_page=True)
    page.get_by_role("textbox", name="User name").fill("eddie")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Negative share").first.wait_for(timeout=60_000)
    page.get_by_text("Signed in as eddie (editor)").wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "600" in body  # the store's reviews are counted
    page.get_by_role("link", name="Aspects explorer").click()
    page.get_by_text("Reviews mentioning").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    assert not _no_review_text(page.inner_text("body"), texts)  # review text is shown now
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in to ReviewLens").wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    assert _no_review_text(page.inner_text("body"), texts)
