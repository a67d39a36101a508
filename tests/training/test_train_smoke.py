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
    assert training["full_finetune"] is False and config["lora"]["rank"] == 2
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


def test_train_full_finetune_on_chosen_sources(tiny_data, tmp_path):
    from analysis.training.data import load_corpus

    out = tmp_path / "full"
    status = cli_main(["train", "--data", str(tiny_data), "--out", str(out), "--epochs", "1",
                       "--max-length", "24", "--batch-size", "4", "--full-finetune",
                       "--train-splits", "train,val",
                       "--sources", "semeval-laptops", "--sentiment-loss-weight", "0",
                       "--seed", "3"])
    assert status == 0
    training = json.loads((out / "config.json").read_text())["training"]
    laptops = load_corpus(tiny_data).split(("train", "val"), ["semeval-laptops"])
    assert training["full_finetune"] is True
    assert training["sources"] == ["semeval-laptops"]
    assert training["sentiment_loss_weight"] == 0
    assert training["train_examples"] == len(laptops)  # the default trains on train + val
    assert training["val_examples"] == 0 and training["best_epoch"] == 1
    # every encoder matrix is stored as an int8 delta, so the loaded encoder differs from the base
    from analysis.encoder.base import load_encoder

    model = ReviewModel.load(out, quantize=False)
    base = load_encoder()
    tuned = model.net.encoder.encoder.layer[0].attention.self.query.weight
    assert not tuned.detach().equal(base.encoder.layer[0].attention.self.query.weight)
    assert model.net.encoder.embeddings.word_embeddings.weight.equal(
        base.embeddings.word_embeddings.weight)


def test_train_rejects_an_unknown_source(tiny_data, tmp_path, capsys):
    status = cli_main(["train", "--data", str(tiny_data), "--out", str(tmp_path / "o"),
                       "--sources", "semeval-phones"])
    assert status == 2
    assert "semeval-laptops" in capsys.readouterr().err


def test_cpu_full_finetune_recipe_with_sst2_keeps_the_last_epoch(tiny_data, tmp_path):
    out = tmp_path / "full-cpu"
    status = cli_main(["train", "--data", str(tiny_data), "--out", str(out), "--epochs", "2",
                       "--max-length", "24", "--threads", "1", "--full-finetune", "--sst2", "3",
                       "--train-splits", "train,val", "--batch-size", "16", "--lr-encoder", "5e-5",
                       "--text-weight", "0"])
    assert status == 0
    config = json.loads((out / "config.json").read_text())
    training = config["training"]
    assert training["full_finetune"] is True and "lora" not in config
    assert training["sst2"] == 3 and training["train_splits"] == ["train", "val"]
    assert (training["batch_size"], training["lr_adapter"]) == (16, 5e-5)
    assert training["best_epoch"] == 2  # without val in reserve, the last epoch is kept
    # 6 layers of int8 deltas plus float16 heads: about 13 MB, not the 42 MB of fp32 layers
    assert 10_000_000 < (out / "weights.safetensors").stat().st_size < 15_000_000


def test_train_refuses_to_train_on_dev(tiny_data, tmp_path, capsys):
    status = cli_main(["train", "--data", str(tiny_data), "--out", str(tmp_path / "o"),
                       "--train-splits", "train,dev"])
    assert status == 2
    assert "dev is held out" in capsys.readouterr().err
