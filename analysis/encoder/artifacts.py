"""Reading and writing the committed model artifacts (adapter + heads + config).

An artifact folder holds ``config.json`` (adapter shape, labels, training facts) and
``weights.safetensors``: ``lora.<layer>.lora_a/b`` and ``heads.<head>.<param>`` in float16 to keep
the folder small, and ``base.<param>``, tuned LayerNorm/bias values that replace the base ones.
The version string hashes both files, so any change to the weights changes every cache key
built from it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from analysis.config import MODELS_DIR
from analysis.encoder.lora import lora_state_dict

ARTIFACT_NAME = "review_engine"
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "weights.safetensors"
FORMAT = 1


def default_artifact_dir() -> Path:
    """Where the committed artifacts live inside the package."""
    return MODELS_DIR / ARTIFACT_NAME


@dataclass
class Artifacts:
    """What a saved model folder holds, split into adapter and head weights."""

    config: dict[str, Any]
    lora: dict[str, torch.Tensor]
    base: dict[str, torch.Tensor] = field(default_factory=dict)
    heads: dict[str, dict[str, torch.Tensor]] = field(default_factory=dict)
    digest: str = ""


def save_artifacts(net: torch.nn.Module, out_dir: str | Path, config: dict[str, Any]) -> Path:
    """Write the adapter and heads of a trained ``ReviewNet`` plus ``config`` to ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tensors = {f"lora.{k}": v.half() for k, v in lora_state_dict(net.encoder).items()}
    for name, param in net.encoder.named_parameters():
        if param.requires_grad and "lora_" not in name:  # tuned LayerNorms / biases, in full
            tensors[f"base.{name.replace('.base.', '.')}"] = param.detach().cpu().contiguous()
    for head_name, module in net.head_modules().items():
        for key, value in module.state_dict().items():
            tensors[f"heads.{head_name}.{key}"] = value.detach().cpu().half().contiguous()
    save_file(tensors, str(out / WEIGHTS_FILE))
    (out / CONFIG_FILE).write_text(json.dumps({"format": FORMAT, **config}, indent=2) + "\n")
    return out


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for name in (CONFIG_FILE, WEIGHTS_FILE):
        sha.update((folder / name).read_bytes())
    return sha.hexdigest()


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
    if config.get("format") != FORMAT:
        raise ValueError(
            f"{folder / CONFIG_FILE}: unsupported artifact format {config.get('format')}"
        )
    lora: dict[str, torch.Tensor] = {}
    base: dict[str, torch.Tensor] = {}
    heads: dict[str, dict[str, torch.Tensor]] = {}
    for key, value in load_file(str(folder / WEIGHTS_FILE)).items():
        kind, _, rest = key.partition(".")
        if kind == "lora":
            lora[rest] = value.float()
        elif kind == "base":
            base[rest] = value.float()
        elif kind == "heads":
            head, _, param = rest.partition(".")
            heads.setdefault(head, {})[param] = value.float()
    return Artifacts(config=config, lora=lora, base=base, heads=heads, digest=_digest(folder))
