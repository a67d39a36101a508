"""``LazyReviewModel``: the engine, loaded the first time something needs its weights.

Its ``version`` comes from the artifact files (:mod:`analysis.encoder.version`), so a run whose
sentences and aspect-term vectors are all cached (a re-run, an overlapping export) never
imports torch or loads the weights: about 7 s of a CLI run and most of its memory.
"""

from __future__ import annotations

import threading
from pathlib import Path

from analysis.config import EngineConfig
from analysis.encoder.version import model_version


class LazyReviewModel:
    """Stands in for :class:`analysis.encoder.ReviewModel` with the same ``load`` arguments;
    every attribute but ``version`` loads the model (once, thread-safe) and reads it there."""

    def __init__(self, path: str | Path | None = None, engine: EngineConfig | None = None
                 ) -> None:
        self.path = path
        self.engine = engine or EngineConfig()
        self.version = model_version(path, self.engine.quantize)
        self._model = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the weights were needed (and loaded) so far."""
        return self._model is not None

    def load(self):
        """The real ``ReviewModel`` (loaded on the first call)."""
        with self._lock:
            if self._model is None:
                from analysis.encoder.predictor import ReviewModel

                model = ReviewModel.load(self.path, engine=self.engine)
                if model.version != self.version:  # the files changed since this was made
                    raise RuntimeError(f"model files changed while in use: version "
                                       f"{self.version} expected, {model.version} loaded; "
                                       "start the command again.")
                self._model = model
        return self._model

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.load(), name)
