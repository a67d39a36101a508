"""The LoRA adapter: wrapping, state dict, and merging back into plain Linear layers."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from analysis.encoder.lora import (
    LoRALinear,
    add_lora,
    lora_state_dict,
    merge_lora_weights,
    unwrap_lora,
)


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(8, 8)
        self.other = nn.Linear(8, 4)

    def forward(self, x):
        return self.other(torch.relu(self.query(x)))


def _trained(model: nn.Module) -> nn.Module:
    add_lora(model, rank=2, alpha=4.0, dropout=0.0, targets=("query",))
    with torch.no_grad():
        model.query.lora_b.normal_()
    return model


def test_add_lora_wraps_only_targets_and_freezes_base():
    model = _trained(Tiny())
    assert isinstance(model.query, LoRALinear)
    assert isinstance(model.other, nn.Linear)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable == {"query.lora_a", "query.lora_b"}


def test_add_lora_without_match_raises():
    with pytest.raises(ValueError, match="No Linear layer"):
        add_lora(Tiny(), targets=("nothing",))


def test_merge_into_fresh_model_reproduces_adapted_outputs():
    torch.manual_seed(0)
    adapted = _trained(Tiny())
    plain = Tiny()
    plain.load_state_dict({k.replace(".base", ""): v for k, v in adapted.state_dict().items()
                           if "lora_" not in k})
    x = torch.randn(5, 8)
    assert not torch.allclose(plain(x), adapted(x))
    merged = merge_lora_weights(plain, lora_state_dict(adapted), scale=2.0)
    assert merged == 1
    assert torch.allclose(plain(x), adapted(x), atol=1e-5)


def test_unwrap_lora_in_place_keeps_outputs():
    torch.manual_seed(1)
    model = _trained(Tiny())
    x = torch.randn(3, 8)
    before = model(x)
    unwrap_lora(model)
    assert isinstance(model.query, nn.Linear)
    assert torch.allclose(model(x), before, atol=1e-5)


def test_merge_rejects_unknown_layer():
    state = {"missing.lora_a": torch.zeros(2, 8), "missing.lora_b": torch.zeros(8, 2)}
    with pytest.raises(ValueError, match="missing"):
        merge_lora_weights(Tiny(), state, 1.0)
