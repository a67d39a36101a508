"""One local 2-CPU Ray for every ``scale`` test (started once, ~10-30 s on a busy machine)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def local_ray():
    """A local Ray with 2 CPUs, shared by the tests and shut down at the end of the session."""
    pytest.importorskip("ray")
    from analysis.scale.runtime import ray_session

    with ray_session(workers=2) as run:
        yield run
