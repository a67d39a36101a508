"""A small low-rank adapter (LoRA) for the encoder's Linear layers, and merging it back.

Written for this project instead of using peft at inference time so the committed adapter is a
plain safetensors file that merges into the base weights with one matrix product per layer.
"""

from __future__ import annotations

import math

import torch
from torch import nn

DEFAULT_TARGETS = ("query", "key", "value", "attention.output.dense", "intermediate.dense",
                   "output.dense")


class LoRALinear(nn.Module):
    """``base(x) + scale * B(A(dropout(x)))`` with the base layer frozen."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float = 0.0) -> None:
        super().__init__()
        self.base = base
        self.rank = rank
        self.scale = alpha / rank
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.dropout = nn.Dropout(dropout)
        base.weight.requires_grad_(False)
        if base.bias is not None:
            base.bias.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        update = (self.dropout(x) @ self.lora_a.t()) @ self.lora_b.t()
        return self.base(x) + self.scale * update

    def delta(self) -> torch.Tensor:
        """The weight update this adapter adds to the base layer."""
        return self.scale * (self.lora_b @ self.lora_a)


def _matches(name: str, targets: tuple[str, ...]) -> bool:
    return any(name == t or name.endswith("." + t) for t in targets)


def add_lora(model: nn.Module, rank: int = 16, alpha: float = 32.0, dropout: float = 0.05,
             targets: tuple[str, ...] = DEFAULT_TARGETS) -> list[str]:
    """Freeze ``model`` and wrap every Linear whose name ends with a target; returns the names."""
    for param in model.parameters():
        param.requires_grad_(False)
    wrapped = []
    for name, module in list(model.named_modules()):
        if isinstance(module, nn.Linear) and _matches(name, targets):
            parent_name, _, child = name.rpartition(".")
            parent = model.get_submodule(parent_name) if parent_name else model
            setattr(parent, child, LoRALinear(module, rank, alpha, dropout))
            wrapped.append(name)
    if not wrapped:
        raise ValueError(f"No Linear layer matched the LoRA targets {targets}.")
    return wrapped


def lora_state_dict(model: nn.Module) -> dict[str, torch.Tensor]:
    """The adapter weights only, keyed ``<layer name>.lora_a`` / ``.lora_b``."""
    state = {}
    for name, module in model.named_modules():
        if isinstance(module, LoRALinear):
            state[f"{name}.lora_a"] = module.lora_a.detach().cpu().contiguous()
            state[f"{name}.lora_b"] = module.lora_b.detach().cpu().contiguous()
    return state


def merge_lora_weights(model: nn.Module, state: dict[str, torch.Tensor], scale: float) -> int:
    """Add ``scale * B @ A`` from ``state`` to the matching plain Linear layers of ``model``.

    Returns how many layers were updated; raises when the adapter names a missing layer.
    """
    names = sorted({key.rsplit(".", 1)[0] for key in state})
    with torch.no_grad():
        for name in names:
            try:
                layer = model.get_submodule(name)
            except AttributeError as exc:
                raise ValueError(f"Adapter layer {name!r} does not exist in the encoder.") from exc
            a = state[f"{name}.lora_a"].float()
            b = state[f"{name}.lora_b"].float()
            layer.weight += scale * (b @ a)
    return len(names)


def unwrap_lora(model: nn.Module) -> None:
    """Replace every LoRALinear by its base Linear with the adapter merged in (in place)."""
    for name, module in list(model.named_modules()):
        if isinstance(module, LoRALinear):
            with torch.no_grad():
                module.base.weight += module.delta()
            parent_name, _, child = name.rpartition(".")
            parent = model.get_submodule(parent_name) if parent_name else model
            setattr(parent, child, module.base)
