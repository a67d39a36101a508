"""Reading and writing the committed model artifacts (encoder changes + heads + config).

An artifact folder holds ``config.json`` (labels, training facts, and for a LoRA model the
adapter shape) and ``weights.safetensors``:
- ``lora.<layer>.lora_a/b`` (float16): a LoRA adapter, merged into the base weights at load;
- ``delta.<param>`` (int8) with ``delta_scale.<param>`` (float16, one per output row): a fully
  fine-tuned encoder matrix stored as its difference to the base MiniLM weight, quantized per
  row (the difference is small, so int8 keeps it to ~0.4% of its own range; the base weight
  comes from the package and is never stored);
- ``base.<param>`` (float32): tuned LayerNorm/bias values that replace the base ones;
- ``heads.<head>.<param>`` (float16).
The version string hashes both files, so any change to the weights changes every cache key
built from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from analysis.encoder.lora import lora_state_dict
from analysis.encoder.version import (
    CONFIG_FILE,
    WEIGHTS_FILE,
    artifact_digest,
    default_artifact_dir,
)

FORMAT = 2
READABLE_FORMATS = (1, 2)


@dataclass
class Artifacts:
    """What a saved model folder holds, split into adapter and head weights."""

    config: dict[str, Any]
    lora: dict[str, torch.Tensor]
    base: dict[str, torch.Tensor] = field(default_factory=dict)
    delta: dict[str, torch.Tensor] = field(default_factory=dict)
    heads: dict[str, dict[str, torch.Tensor]] = field(default_factory=dict)
    digest: str = ""


def quantize_rows(delta: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Symmetric int8 per output row: ``delta ~= q * scale[:, None]``."""
    scale = delta.abs().amax(dim=1).clamp(min=1e-12) / 127.0
    scale = scale.half().float()  # the stored precision, so q is rounded against it
    q = torch.round(delta / scale[:, None]).clamp(-127, 127).to(torch.int8)
    return q, scale.half()


def dequantize_rows(q: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    return q.float() * scale.float()[:, None]


def save_artifacts(net: torch.nn.Module, out_dir: str | Path, config: dict[str, Any],
                   base_weights: dict[str, torch.Tensor] | None = None) -> Path:
    """Write a trained ``ReviewNet``'s encoder changes and heads plus ``config`` to ``out_dir``.

    ``base_weights`` (name -> untouched base matrix) marks a full fine-tune: each of those
    matrices is stored as an int8 per-row delta to its base value.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    base_weights = base_weights or {}
    tensors = {f"lora.{k}": v.half() for k, v in lora_state_dict(net.encoder).items()}
    for name, param in net.encoder.named_parameters():
        if not param.requires_grad or "lora_" in name:
            continue
        if name in base_weights:
            q, scale = quantize_rows(param.detach().cpu().float() - base_weights[name])
            tensors[f"delta.{name}"], tensors[f"delta_scale.{name}"] = q, scale
        else:  # tuned LayerNorms / biases, in full
            tensors[f"base.{name.replace('.base.', '.')}"] = param.detach().cpu().contiguous()
    for head_name, module in net.head_modules().items():
        for key, value in module.state_dict().items():
            tensors[f"heads.{head_name}.{key}"] = value.detach().cpu().half().contiguous()
    save_file(tensors, str(out / WEIGHTS_FILE))
    (out / CONFIG_FILE).write_text(json.dumps({"format": FORMAT, **config}, indent=2) + "\n")
    return out


def read_artifacts(path: str | Path | None = None) -> Artifacts:
    """Load an artifact folder; raises FileNotFoundError naming what is missing."""
    folder = Path(path) if path is not None else default_artifact_dir()
    for name in (CONFIG_FILE, WEIGHTS_FILE):
        if not (folder / name).is_file():
            raise FileNotFoundError(
                f"Model artifact {folder / name} is missing. Train one with `reviewlens train "
                f"--out {folder}` or pass the folder of a trained model."
            )
    config = json.loads((folder / CONFIG_FILE).read_text())
    if config.get("format") not in READABLE_FORMATS:
        raise ValueError(
            f"{folder / CONFIG_FILE}: unsupported artifact format {config.get('format')}"
        )
    lora: dict[str, torch.Tensor] = {}
    base: dict[str, torch.Tensor] = {}
    heads: dict[str, dict[str, torch.Tensor]] = {}
    delta: dict[str, torch.Tensor] = {}
    stored = load_file(str(folder / WEIGHTS_FILE))
    for key, value in stored.items():
        kind, _, rest = key.partition(".")
        if kind == "delta":
            delta[rest] = dequantize_rows(value, stored[f"delta_scale.{rest}"])
        elif kind == "lora":
            lora[rest] = value.float()
        elif kind == "base":
            base[rest] = value.float()
        elif kind == "heads":
            head, _, param = rest.partition(".")
            heads.setdefault(head, {})[param] = value.float()
    return Artifacts(config=config, lora=lora, base=base, heads=heads, delta=delta,
                     digest=artifact_digest(folder))
