"""``reviewlens analyze`` in a real process with the fake model, for stop-and-resume tests.

``python -m tests.pipeline.analyze_process MODE ANALYZE-ARGS...`` runs the real CLI
(``analysis.cli.main``) with :class:`tests.pipeline.fakes.FakeModel` instead of the trained
model and small cache chunks, so a test can stop it part-way. MODE:
- ``fast``: no delays;
- ``slow``: each predict chunk takes 0.25 s, and ``cached N`` is printed once its results are
  committed to the cache, so the test knows what a stop must keep;
- ``hang-in-commit``: prints ``in-commit`` from inside the final results transaction and waits
  there, so the test can kill the process while the results are half-written.
After a run that finishes it prints ``predicted N``: how many texts the model encoded.
"""

from __future__ import annotations

import sys
import time

CHUNK = 50  # the sample repeats sentences a lot: ~300 distinct in 900 reviews


def main(argv: list[str]) -> int:
    from analysis.cli import main as cli_main
    from analysis.encoder import lazy
    from analysis.pipeline import encode
    from analysis.store import results
    from tests.pipeline.fakes import FakeModel

    mode, args = argv[0], argv[1:]

    class Model(FakeModel):
        def predict(self, sentences, progress=None):
            out = super().predict(sentences, progress)
            if mode == "slow":
                time.sleep(0.25)
            return out

    model = Model()
    lazy.LazyReviewModel = lambda *_a, **_k: model
    encode.CACHE_CHUNK = CHUNK
    if mode == "slow":
        save = results.save_sentences_to_cache

        def save_and_tell(store, version, rows):
            save(store, version, rows)
            print(f"cached {len(rows)}", flush=True)

        results.save_sentences_to_cache = save_and_tell
    if mode == "hang-in-commit":
        record_run = results.record_run

        def record_and_hang(*a, **k):
            record_run(*a, **k)
            print("in-commit", flush=True)
            time.sleep(120)

        results.record_run = record_and_hang
    status = cli_main(args)
    print(f"predicted {len(model.predicted)}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
