"""Up-to-date outputs: an ``analyze`` whose inputs, settings and store have not changed since
the last run, and whose files are still as that run wrote them, has nothing to do.

Like ``make``: the last run records a digest of the files it read (bytes, names and the options
that shape ingestion) and the sha256 of each file it wrote. When the same command comes again
with the same inputs and run key (:func:`analysis.services.rerun.run_key`), the store still
holds that run's results untouched, and the output files still have those digests, the run is
recorded again (a new run id owning the same results) and only ``summary.json`` is rewritten,
for its run id. Output files kept elsewhere (another ``--out``) are copied when the recorded
ones are intact. Anything else goes the usual way: ingest, then read back or analyse.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from analysis.pipeline.outputs import OUTPUT_FILES, write_summary
from analysis.store import reruns, results
from analysis.store.core import Store

CHUNK = 1 << 20
# Written byte for byte as the recorded run wrote them; summary.json differs by its run id.
KEPT_FILES = tuple(name for name in OUTPUT_FILES if name != "summary")


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def inputs_digest(paths: Sequence[Path], options: dict) -> str:
    """Digest of what decides the ingested rows: each input's name and bytes, in order, and the
    ingest options (column overrides, privacy, accepted rejections)."""
    sha = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    for path in paths:
        sha.update(b"\0" + Path(path).name.encode() + b"\0")
        sha.update(file_digest(Path(path)).encode())
    return sha.hexdigest()


def outputs_record(written: dict[str, Path]) -> dict:
    """What :func:`analysis.store.reruns.save_run_files` keeps of the files a run wrote."""
    folder = Path(written["summary"]).parent.resolve()
    return {"dir": str(folder),
            "files": {name: file_digest(Path(path)) for name, path in written.items()}}


@dataclass
class UpToDate:
    """A run that found nothing to do: its new id, the run it repeats, its summary, and
    whether the unchanged files were copied from the earlier run's folder."""

    run_id: str
    repeats: str
    summary: dict
    copied: bool


def _intact(folder: Path, recorded: dict[str, str]) -> bool:
    """Whether ``folder`` holds every kept file with its recorded digest."""
    for name in KEPT_FILES:
        path = folder / OUTPUT_FILES[name]
        if name not in recorded or not path.is_file() or file_digest(path) != recorded[name]:
            return False
    return True


def _source_folder(out_dir: Path, outputs: dict | None) -> Path | None:
    """Where intact copies of the recorded files are: ``out_dir`` itself, else the recorded
    folder; ``None`` when neither holds them."""
    if not outputs or not outputs.get("files"):
        return None
    for folder in (out_dir, Path(outputs["dir"])):
        if _intact(folder, outputs["files"]):
            return folder
    return None


def repeat_if_current(store: Store, key: str, digest: str, out_dir: Path,
                      before_commit: Callable[[dict], None] | None = None) -> UpToDate | None:
    """Record a run that repeats the latest one when nothing it depends on changed (see the
    module docstring) and leave ``out_dir`` holding its files; ``None`` when anything did.
    ``before_commit(summary)`` runs last inside the run's transaction (e.g. its audit entry).
    """
    started = datetime.now(UTC).replace(tzinfo=None)
    latest = reruns.latest_record(store)
    if (latest is None or latest["run_key"] != key or latest["inputs_digest"] != digest
            or latest["summary"] is None):
        return None
    source = _source_folder(out_dir, latest["outputs"])
    if source is None:
        return None
    summary = dict(latest["summary"])
    if not reruns.untouched_since(store, latest["run_id"], latest["finished_at"],
                                  latest["results_digest"]):
        return None
    counts = dict(summary["counts"])
    counts["sentences_from_cache"], counts["sentences_encoded"] = counts["distinct_sentences"], 0
    summary.update(counts=counts, run_id=uuid.uuid4().hex[:12])
    copied = source.resolve() != out_dir.resolve()
    with store.transaction():
        reruns.relabel_run(store, latest["run_id"], summary["run_id"])
        results.record_run(store, summary["run_id"], started, summary["model_version"],
                           json.loads(latest["inputs"] or "[]"), summary)
        reruns.save_run_key(store, summary["run_id"], key)
        written = _write(source, out_dir, summary)
        files = {name: latest["outputs"]["files"][name] for name in KEPT_FILES}  # verified
        files["summary"] = file_digest(written["summary"])
        reruns.save_run_files(store, summary["run_id"], digest,
                              {"dir": str(out_dir.resolve()), "files": files})
        if before_commit is not None:
            before_commit(summary)
    return UpToDate(summary["run_id"], latest["run_id"], summary, copied)


def _write(source: Path, out_dir: Path, summary: dict) -> dict[str, Path]:
    """Copy the kept files from ``source`` when it is another folder; write summary.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, file_name in OUTPUT_FILES.items():
        written[name] = out_dir / file_name
        if name in KEPT_FILES and source.resolve() != out_dir.resolve():
            shutil.copyfile(source / file_name, written[name])
    write_summary(summary, written["summary"])
    return written
