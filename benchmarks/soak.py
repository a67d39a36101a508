"""Soak test of a running dashboard: browsing sessions and uploads at once, for a bounded time.

Starts ``reviewlens serve`` on 127.0.0.1 (loopback only) with a temporary store holding the
analyzed sample, then for ``--duration`` seconds runs three headless Chromium sessions (each
its own process): two switch pages and product filters, the third uploads new review files
one after another. It stops by itself, then stops the server with SIGTERM (as a service manager
would) and checks:

- error boxes (Streamlit exceptions and error alerts) seen by any session: should be 0;
- lost rows: reviews in the store at the end against the sample plus every upload's "Imported
  and analyzed N reviews": should be 0;
- the server's RSS at start (health answered), after warm-up (the first sample once both
  browsing sessions finished a page and the first upload is done, so the model is loaded) and
  at the end, plus the samples in between;
- the server's exit status and whether anything still listens on the port.

Needs Debian's ``/usr/bin/chromium`` and the ``playwright`` package (dev extra) and the trained
model (uploads are analyzed). Writes a Markdown report (``--report``):

    .venv/bin/python benchmarks/soak.py --duration 120 --report benchmarks/results/soak.md
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PAGES = [  # url path, heading, text shown once the page has finished
    ("", "Overview", "Negative share"),
    ("strengths", "Strengths & weaknesses", "What reviewers say about"),
    ("aspects", "Aspects explorer", "Reviews mentioning"),
    ("trends", "Trends", "Mentions per category"),
    ("compare", "Compare products", "Net sentiment per category"),
    ("reports", "Reports", "Prepare export"),
]
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
UPLOAD_ROWS = 150


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MiB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reviewlens(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "reviewlens"), *args]


# ------------------------------------------------------------------ roles (one process each)


def _launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def _errors(page) -> list[str]:
    boxes = page.locator(ERRORS)
    return [boxes.nth(i).inner_text()[:300] for i in range(boxes.count())]


def browse(url: str, until: float, seed: int) -> dict:
    """Visit every page in turn (a new session per visit), picking a product filter on every
    other visit; record error boxes and when the first visit ended."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []  # error boxes the app showed
    stalls: list[str] = []  # steps of this script that timed out (a busy machine, a slow page)
    visits, warm_at, product = 0, None, 0
    with sync_playwright() as p:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        while time.time() < until:
            path, heading, ready = PAGES[(visits + seed) % len(PAGES)]
            try:
                visits += _visit(page, url, path, heading, ready, visits % 2 == seed % 2,
                                 product, errors)
            except Exception as exc:  # noqa: BLE001 - a timeout is a finding, not the end
                stalls.append(f"{path or 'overview'}: {type(exc).__name__}: {exc}"[:200])
                visits += 1
            product += 1
            warm_at = warm_at or time.time()  # this session has loaded the store's frames
        browser.close()
    return {"visits": visits, "errors": errors, "stalls": stalls, "warm_at": warm_at}


def _visit(page, url: str, path: str, heading: str, ready: str, pick: bool, product: int,
           errors: list[str]) -> int:
    """Open one page in a new session, optionally pick a product filter; returns 1."""
    page.goto(f"{url}/{path}")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=120_000)
    page.get_by_text(ready).first.wait_for(timeout=120_000)
    if pick:  # choose a product in the sidebar filter
        page.get_by_test_id("stSidebar").get_by_role("combobox").first.click()
        options = page.get_by_role("option")
        options.first.wait_for(timeout=30_000)
        options.nth(product % options.count()).click()
        page.keyboard.press("Escape")
        page.wait_for_timeout(1500)  # the rerun with the filter
        page.get_by_role("heading", name=heading).first.wait_for(timeout=120_000)
    errors += [f"{path or 'overview'}: {e}" for e in _errors(page)]
    return 1


def upload(url: str, until: float, folder: str) -> dict:
    """Upload new review files (sample rows under fresh ids) one after another."""
    import pandas as pd
    from playwright.sync_api import sync_playwright

    sample = pd.read_csv(REPO / "data" / "sample_reviews.csv", dtype=str)
    errors, stalls, imported, files, warm_at = [], [], 0, 0, None
    with sync_playwright() as p:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        while time.time() < until:
            rows = sample.sample(UPLOAD_ROWS, random_state=files)
            rows = rows.assign(review_id="soak" + str(files) + "-" + rows["review_id"])
            path = Path(folder) / f"upload_{files}.csv"
            rows.to_csv(path, index=False)
            try:
                imported += _upload_one(page, url, path, errors)
            except Exception as exc:  # noqa: BLE001 - a timeout is a finding, not the end
                stalls.append(f"upload {files}: {type(exc).__name__}: {exc}"[:200])
            files += 1
            warm_at = warm_at or time.time()  # the model is loaded after the first upload
        browser.close()
    return {"files": files, "imported": imported, "errors": errors, "stalls": stalls,
            "warm_at": warm_at}


def _upload_one(page, url: str, path: Path, errors: list[str]) -> int:
    """Upload, check and import one file; returns the reviews the page says it imported."""
    page.goto(f"{url}/upload")
    page.get_by_role("heading", name="Upload").first.wait_for(timeout=120_000)
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.get_by_text(path.name).first.wait_for(timeout=60_000)
    page.get_by_role("button", name="Check files").click()
    page.get_by_text("Detected columns").wait_for(timeout=120_000)
    page.get_by_role("button", name="Import and analyse 1 review file(s)").click()
    done = page.get_by_text("Imported and analysed")
    done.wait_for(timeout=300_000)
    errors += [f"{path.name}: {e}" for e in _errors(page)]
    return int(done.inner_text().split("analysed ")[1].split()[0].replace(",", ""))


# ------------------------------------------------------------------ the run


def prepare_store(db: Path, out: Path) -> int:
    """Analyze the sample into ``db`` with the CLI; returns its review count."""
    subprocess.run(reviewlens("analyze", str(REPO / "data" / "sample_reviews.csv"),
                              "--out", str(out), "--db", str(db)),
                   check=True, cwd=REPO, capture_output=True)
    return int(json.loads((out / "summary.json").read_text())["counts"]["reviews"])


def wait_healthy(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url}/_stcore/health in {timeout:g} s")


def role_process(role: str, url: str, until: float, extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, "--role", role, "--url", url,
                             "--until", str(until), "--extra", extra],
                            cwd=REPO, stdout=subprocess.PIPE, text=True)


def soak(duration: float, report: Path | None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="reviewlens-soak-"))
    db = work / "store.duckdb"
    started = time.time()
    sample_reviews = prepare_store(db, work / "sample-out")
    prepared_s = time.time() - started
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        reviewlens("serve", "--port", str(port), "--address", "127.0.0.1", "--no-sample",
                   "--db", str(db)),
        cwd=REPO, stdout=(work / "server.log").open("wb"), stderr=subprocess.STDOUT,
    )
    samples: list[tuple[float, float]] = []
    try:
        wait_healthy(url)
        t0 = time.time()
        rss_start = rss_mb(server.pid)
        until = t0 + duration
        roles = [role_process("browse", url, until, "0"), role_process("browse", url, until, "3"),
                 role_process("upload", url, until, str(work))]
        while any(r.poll() is None for r in roles):
            samples.append((time.time() - t0, rss_mb(server.pid)))
            time.sleep(5)
        outcomes = [json.loads(r.stdout.read() or "{}") for r in roles]
        rss_end = rss_mb(server.pid)
    finally:
        os.kill(server.pid, signal.SIGTERM)
        status = server.wait(timeout=60)
    warm = max((o.get("warm_at") or until) for o in outcomes) - t0
    after = [m for t, m in samples if t >= warm]
    rss_warm = after[0] if after else rss_end
    from analysis.store.core import Store

    with Store(db, read_only=True) as store:
        stored = int(store.query("SELECT count(*) AS n FROM review_results")["n"][0])
    with socket.socket() as sock:
        still_listening = sock.connect_ex(("127.0.0.1", port)) == 0
    figures = {
        "duration_s": duration, "prepare_s": round(prepared_s, 1),
        "visits": [o.get("visits", 0) for o in outcomes[:2]],
        "uploads": outcomes[2].get("files", 0), "uploaded_reviews": outcomes[2].get("imported", 0),
        "errors": [e for o in outcomes for e in o.get("errors", [])],
        "stalls": [e for o in outcomes for e in o.get("stalls", [])],
        "sample_reviews": sample_reviews, "stored_reviews": stored,
        "lost_rows": sample_reviews + outcomes[2].get("imported", 0) - stored,
        "rss_mb": {"start": round(rss_start), "warm": round(rss_warm), "warm_at_s": round(warm),
                   "end": round(rss_end)},
        "rss_samples": [(round(t), round(m)) for t, m in samples],
        "server_exit_status": status, "port_closed_after_stop": not still_listening,
    }
    if report:
        report.write_text(markdown(figures))
    return figures


def markdown(f: dict) -> str:
    samples = ", ".join(f"{t} s: {m}" for t, m in f["rss_samples"])
    errors = "\n".join(f"  - {e}" for e in f["errors"]) or "  none"
    stalls = "\n".join(f"  - {e}" for e in f["stalls"]) or "  none"
    expected = f["sample_reviews"] + f["uploaded_reviews"]
    rss, warm_at = f["rss_mb"], f["rss_mb"]["warm_at_s"]
    return f"""# Soak test (benchmarks/soak.py)

`.venv/bin/python benchmarks/soak.py --duration {f['duration_s']:g} --report \
benchmarks/results/soak.md`

Server: `reviewlens serve --address 127.0.0.1` on a temporary store holding the analysed
sample ({f['sample_reviews']:,} reviews, prepared by `reviewlens analyze` in {f['prepare_s']} s).
Two headless Chromium sessions switched pages and product filters while a third uploaded new
review files ({UPLOAD_ROWS} sample rows under fresh ids each) for {f['duration_s']:g} s, on a
shared 2-core machine.

| figure | value |
|---|---|
| page visits (session 1, session 2) | {f['visits'][0]}, {f['visits'][1]} |
| uploads / reviews imported | {f['uploads']} / {f['uploaded_reviews']:,} |
| error boxes seen | {len(f['errors'])} |
| script steps that timed out (not app errors) | {len(f['stalls'])} |
| reviews in the store at the end | {f['stored_reviews']:,} (expected {expected:,}) |
| lost rows | {f['lost_rows']} |
| server RSS at start (health answered) | {f['rss_mb']['start']} MiB |
| server RSS after warm-up ({warm_at} s: first pages and first upload done) | {rss['warm']} MiB |
| server RSS at the end | {f['rss_mb']['end']} MiB |
| server exit status after SIGTERM | {f['server_exit_status']} |
| port closed after the stop | {f['port_closed_after_stop']} |

RSS samples (seconds since start: MiB): {samples}

Error boxes:
{errors}

Script steps that timed out:
{stalls}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=120,
                        help="seconds of browsing and uploading (default 120; max 900)")
    parser.add_argument("--report", type=Path, default=None, help="write a Markdown report")
    parser.add_argument("--role", choices=["browse", "upload"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--until", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--extra", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "browse":
        print(json.dumps(browse(args.url, args.until, int(args.extra))))
        return
    if args.role == "upload":
        print(json.dumps(upload(args.url, args.until, args.extra)))
        return
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    figures = soak(min(args.duration, 900), args.report)
    print(json.dumps({k: v for k, v in figures.items() if k != "rss_samples"}, indent=2))


if __name__ == "__main__":
    main()
