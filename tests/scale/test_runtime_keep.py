"""``ray_session(keep=True)``: a server keeps its Ray between runs, restarts it when the
settings change, and shuts it down at exit. A fake ``ray`` module records the calls."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analysis.errors import UserInputError
from analysis.scale import runtime


class FakeRay:
    """Just the calls ``ray_session`` makes."""

    def __init__(self, join_error: Exception | None = None) -> None:
        self.up = False
        self.inits: list[dict] = []
        self.shutdowns = 0
        self.join_error = join_error

    def is_initialized(self) -> bool:
        return self.up

    def init(self, **kwargs) -> None:
        if "address" in kwargs and self.join_error is not None:
            raise self.join_error
        self.inits.append(kwargs)
        self.up = True

    def shutdown(self) -> None:
        self.shutdowns += int(self.up)
        self.up = False

    def cluster_resources(self) -> dict:
        return {"CPU": 8.0}


@pytest.fixture()
def fake_ray(monkeypatch):
    ray = FakeRay()
    monkeypatch.setitem(sys.modules, "ray", ray)
    monkeypatch.setattr(runtime, "_kept", {})
    monkeypatch.setattr(runtime.atexit, "register", lambda function: None)
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    return ray


def test_a_kept_local_ray_serves_the_next_run_with_the_same_settings(fake_ray):
    with runtime.ray_session(workers=2, keep=True) as first:
        temp_dir = Path(fake_ray.inits[0]["_temp_dir"])
    with runtime.ray_session(workers=2, keep=True) as second:
        pass
    assert (first.workers, first.started_here) == (2, True)
    assert second.started_here is False and len(fake_ray.inits) == 1
    assert fake_ray.shutdowns == 0 and temp_dir.is_dir()
    runtime.release_kept()
    assert fake_ray.shutdowns == 1 and not temp_dir.exists() and runtime._kept == {}


def test_changed_settings_replace_the_kept_ray(fake_ray):
    with runtime.ray_session(workers=2, keep=True):
        pass
    with runtime.ray_session("head:6379", keep=True) as joined:
        pass
    assert fake_ray.shutdowns == 1
    assert fake_ray.inits[1]["address"] == "head:6379" and joined.workers == 8
    assert runtime._kept["settings"] == ("head:6379", None)


def test_without_keep_each_run_starts_and_stops_its_ray(fake_ray):
    for _ in range(2):
        with runtime.ray_session(workers=1) as run:
            temp_dir = Path(fake_ray.inits[-1]["_temp_dir"])
        assert run.started_here and not temp_dir.exists()
    assert len(fake_ray.inits) == 2 and fake_ray.shutdowns == 2 and runtime._kept == {}


def test_a_cluster_that_cannot_be_joined_names_the_address_not_a_flag(fake_ray):
    fake_ray.join_error = ConnectionError("refused")
    with pytest.raises(UserInputError) as raised, runtime.ray_session("head:6379", keep=True):
        pass
    message = str(raised.value)
    assert "could not join the Ray cluster at head:6379 (refused)" in message
    assert "--address" not in message and runtime._kept == {}
