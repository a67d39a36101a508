"""Scale-out on Ray: the Ray runtime (a local Ray for the run, or an existing cluster), the
statsforecast-on-Ray forecast call, and the Ray Data review analysis.

Nothing here is imported unless ``--engine ray`` (or ``engine="ray"``) asks for it, so the
local engine and ``reviewlens --help`` never pay for importing Ray.
"""

ENGINES = ("local", "ray")
