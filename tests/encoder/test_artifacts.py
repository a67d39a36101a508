"""Saving and loading the adapter: a loaded model reproduces the trained network exactly."""

from __future__ import annotations

import json

import pytest
import torch

from analysis.config import EngineConfig
from analysis.encoder.artifacts import read_artifacts, save_artifacts
from analysis.encoder.base import load_tokenizer
from analysis.encoder.predictor import ReviewModel
from analysis.training.config import TrainConfig
from analysis.training.train import build_net

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def perturbed_net():
    """A LoRA-wrapped network with random (non-zero) adapter, norm and head weights."""
    torch.manual_seed(0)
    net = build_net(None, TrainConfig(lora_rank=4, lora_alpha=8.0))
    with torch.no_grad():
        for param in net.parameters():
            if param.requires_grad:
                param.add_(torch.randn_like(param) * 0.02)
    return net.eval()


def _save(net, folder):
    return save_artifacts(net, folder, {"max_length": 64, "lora": {"rank": 4, "alpha": 8.0}})


def test_loaded_model_matches_the_training_network(perturbed_net, tmp_path):
    _save(perturbed_net, tmp_path)
    live = ReviewModel(perturbed_net, load_tokenizer(), "live", quantized=False,
                       engine=EngineConfig(), base_model_path=None, config={"max_length": 64})
    loaded = ReviewModel.load(tmp_path, quantize=False)
    texts = ["The battery life is great.", "Service was slow but the food was amazing!"]
    for a, b in zip(live.predict(texts), loaded.predict(texts), strict=True):
        assert a.probs == pytest.approx(b.probs, abs=2e-3)  # float16 storage
    assert json.loads((tmp_path / "config.json").read_text())["format"] == 2


def test_version_changes_with_the_weights(perturbed_net, tmp_path):
    first = read_artifacts(_save(perturbed_net, tmp_path / "a")).digest
    with torch.no_grad():
        perturbed_net.sentiment_head[1].bias.add_(1.0)
    second = read_artifacts(_save(perturbed_net, tmp_path / "b")).digest
    assert first != second


def test_missing_artifacts_say_how_to_train(tmp_path):
    with pytest.raises(FileNotFoundError, match="reviewlens train"):
        read_artifacts(tmp_path)


def test_full_finetune_round_trips_through_int8_deltas(tmp_path):
    """A fully tuned encoder is stored as int8 per-row deltas to the base and loads back to
    within the quantization step, predicting the same as the live network."""
    torch.manual_seed(1)
    net = build_net(None, TrainConfig(full_finetune=True)).eval()
    base = {n: p.detach().clone() for n, p in net.encoder.named_parameters()
            if p.requires_grad and p.dim() == 2}
    with torch.no_grad():
        for param in net.parameters():
            if param.requires_grad:
                param.add_(torch.randn_like(param) * 0.01)
    save_artifacts(net, tmp_path, {"max_length": 64}, base_weights=base)
    stored = read_artifacts(tmp_path)
    assert not stored.lora and set(stored.delta) == set(base)
    name = "encoder.layer.3.intermediate.dense.weight"
    tuned = dict(net.encoder.named_parameters())[name].detach()
    error = (base[name] + stored.delta[name] - tuned).abs()
    step = (tuned - base[name]).abs().amax(dim=1, keepdim=True) / 127
    assert bool((error <= step * 0.51 + 1e-6).all())
    live = ReviewModel(net, load_tokenizer(), "live", quantized=False, engine=EngineConfig(),
                       base_model_path=None, config={"max_length": 64})
    loaded = ReviewModel.load(tmp_path, quantize=False)
    texts = ["The battery life is great.", "Service was slow but the food was amazing!"]
    for a, b in zip(live.predict(texts), loaded.predict(texts), strict=True):
        assert a.probs == pytest.approx(b.probs, abs=5e-3)
    assert loaded.net.encoder.embeddings.word_embeddings.weight.equal(
        net.encoder.embeddings.word_embeddings.weight)
