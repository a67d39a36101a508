"""A few training steps on a handful of examples, so the training code cannot rot."""

from __future__ import annotations

import json

import pytest

from analysis.cli import main as cli_main
from analysis.encoder import ReviewModel

pytestmark = pytest.mark.model


def test_train_command_writes_loadable_artifacts(tiny_data, tmp_path, capsys):
    out = tmp_path / "engine"
    status = cli_main(["train", "--data", str(tiny_data), "--out", str(out), "--epochs", "2",
                       "--max-length", "24", "--batch-size", "4", "--lora-rank", "2",
                       "--seed", "3"])
    assert status == 0
    config = json.loads((out / "config.json").read_text())
    training = config["training"]
    assert training["seed"] == 3 and training["epochs"] == 2
    assert len(training["history"]) == 2
    assert all(h["loss"] > 0 for h in training["history"])
    assert (out / "weights.safetensors").stat().st_size < 4_000_000
    assert "Id 3" in capsys.readouterr().out  # the blank-Score row is reported
    model = ReviewModel.load(out, quantize=False)
    (prediction,) = model.predict(["The battery life is great."])
    assert sum(prediction.probs) == pytest.approx(1.0, abs=1e-4)


def test_train_command_rejects_missing_data_folder(tmp_path, capsys):
    status = cli_main(["train", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert status == 2
    assert "does not exist" in capsys.readouterr().err
