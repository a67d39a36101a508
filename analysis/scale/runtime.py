"""Start or join Ray for one run: a local Ray with ``workers`` CPUs (shut down after the run),
or the cluster at ``address`` (left running).

A long-lived process (the dashboard's server) passes ``keep=True``: the Ray it starts or joins
stays up for its next runs with the same address and workers (a local Ray takes seconds to
start), is replaced when those settings change, and is shut down when the process exits.

A local Ray gets a short temp dir of its own (Unix socket paths are limited to about 100
characters), no dashboard, and ``RAY_AUTH_MODE=disabled`` unless the caller set it: a local
run needs no token. When Ray is already initialized in this process (a notebook, a test
session) that Ray is used and left as it is.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import UserInputError


@dataclass(frozen=True)
class RayRun:
    """The Ray a run uses: how many CPUs it may spread work over and whether it is ours."""

    workers: int
    address: str | None
    started_here: bool


def default_workers() -> int:
    """Workers for a local Ray: the machine's CPUs (at least 1)."""
    return max(1, os.cpu_count() or 1)


def cluster_cpus() -> int:
    """CPUs the connected Ray cluster offers (at least 1)."""
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


# The Ray this process keeps between runs (keep=True): its address, workers and temp dir.
_kept: dict = {}


@contextmanager
def ray_session(address: str | None = None, workers: int | None = None, *,
                keep: bool = False) -> Iterator[RayRun]:
    """Ray for the duration of the ``with`` block (see the module docstring).

    ``workers``: CPUs of the local Ray (default: all of this machine's); with ``address``,
    the number of workers to use on the cluster (default: all its CPUs). ``keep``: leave the
    Ray running for the next run of this process with the same settings.
    """
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - ray is a project dependency
        raise UserInputError("--engine ray needs Ray: pip install 'ray[data]'.") from exc
    if workers is not None and workers < 1:
        raise UserInputError(f"--workers must be at least 1, got {workers}.")
    if ray.is_initialized() and _kept and _kept["settings"] != (address, workers):
        release_kept()  # kept for other settings: start or join again below
    if ray.is_initialized():
        yield RayRun(workers or cluster_cpus(), address, started_here=False)
        return
    cpus, temp_dir = _start(ray, address, workers)
    if keep:
        if not _kept:
            atexit.register(release_kept)
        _kept.update(settings=(address, workers), temp_dir=temp_dir)
        yield RayRun(cpus, address, started_here=True)
        return
    try:
        yield RayRun(cpus, address, started_here=True)
    finally:
        ray.shutdown()
        if temp_dir:
            shutil.rmtree(temp_dir, ignore_errors=True)


def release_kept() -> None:
    """Shut down the Ray kept by ``keep=True`` (at exit, or when the settings change)."""
    import ray

    if not _kept:
        return
    ray.shutdown()
    if _kept.get("temp_dir"):
        shutil.rmtree(_kept["temp_dir"], ignore_errors=True)
    _kept.clear()


def _start(ray, address: str | None, workers: int | None) -> tuple[int, str | None]:
    """Join the cluster at ``address`` or start a local Ray; ``(cpus, local temp dir)``."""
    if address:
        try:
            ray.init(address=address, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise UserInputError(
                f"could not join the Ray cluster at {address} ({exc}). Check that "
                "`ray start --head` runs there and the address (host:port or ray://host:10001) "
                "is reachable, or give no cluster address for a local Ray.") from None
        return workers or cluster_cpus(), None
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    cpus = workers or default_workers()
    temp_dir = tempfile.mkdtemp(prefix="rl-ray-", dir="/tmp" if os.path.isdir("/tmp") else None)
    try:
        _start_local(ray, cpus, temp_dir)
    except BaseException:
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise
    return cpus, temp_dir


START_TRIES = 3


def _start_local(ray, cpus: int, temp_dir: str) -> None:
    """``ray.init`` for a local Ray, tried again when the node misses Ray's fixed 30 s startup
    wait (it does on an overloaded machine; the next try usually makes it)."""
    for attempt in range(1, START_TRIES + 1):
        try:
            ray.init(num_cpus=cpus, include_dashboard=False, _temp_dir=temp_dir,
                     log_to_driver=False, configure_logging=False)
            return
        except Exception as exc:  # ray raises a bare Exception for the startup timeout
            ray.shutdown()
            _end_leftovers(temp_dir)
            if attempt == START_TRIES or "timed out during startup" not in str(exc):
                raise


def _end_leftovers(temp_dir: str) -> None:
    """End the processes a failed ``ray.init`` left behind (its GCS, agents): those whose
    command line names ``temp_dir``, a directory made for this run (Linux ``/proc``)."""
    for pid in processes_matching(temp_dir):
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def processes_matching(text: str) -> list[int]:
    """Ids of this machine's processes whose command line contains ``text`` (via /proc)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in line and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found
