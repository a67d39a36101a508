"""Tokenized training features: token BIO tags, sentence labels, aspect token masks.

A token is inside an aspect when its character range overlaps the aspect's; the first such
token is B and the others I. Texts without aspect annotation get ignored tags (-100).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from analysis.encoder.multitask import LABELS
from analysis.training.data import Example

IGNORE = -100


@dataclass
class Feature:
    input_ids: list[int]
    tags: list[int]
    sentiment: int
    weight: float
    spans: list[tuple[list[int], int]]  # (token positions, polarity index)


def featurize(examples: list[Example], tokenizer, max_length: int) -> list[Feature]:
    """Tokenize examples and align their labels to tokens."""
    enc = tokenizer([e.text for e in examples], truncation=True, max_length=max_length,
                    return_offsets_mapping=True)
    features = []
    for i, example in enumerate(examples):
        ids = enc["input_ids"][i]
        offsets = enc["offset_mapping"][i]
        special = [s == e for s, e in offsets]
        tags = [IGNORE] * len(ids)
        spans: list[tuple[list[int], int]] = []
        if example.aspects is not None:
            tags = [IGNORE if sp else 0 for sp in special]
            for aspect in example.aspects:
                positions = [t for t, (s, e) in enumerate(offsets)
                             if not special[t] and s < aspect.end and e > aspect.start]
                if not positions:
                    continue  # truncated away
                tags[positions[0]] = 1
                for t in positions[1:]:
                    tags[t] = 2
                if aspect.polarity is not None:
                    spans.append((positions, LABELS.index(aspect.polarity)))
        sentiment = LABELS.index(example.sentiment) if example.sentiment else IGNORE
        features.append(Feature(ids, tags, sentiment, example.weight, spans))
    return features


def collate(features: list[Feature], pad_id: int) -> dict[str, torch.Tensor]:
    """Pad a batch; spans become (row, token mask, polarity) tensors."""
    width = max(len(f.input_ids) for f in features)
    n = len(features)
    ids = torch.full((n, width), pad_id, dtype=torch.long)
    mask = torch.zeros((n, width), dtype=torch.long)
    tags = torch.full((n, width), IGNORE, dtype=torch.long)
    for row, f in enumerate(features):
        ids[row, : len(f.input_ids)] = torch.tensor(f.input_ids)
        mask[row, : len(f.input_ids)] = 1
        tags[row, : len(f.tags)] = torch.tensor(f.tags)
    span_rows, span_masks, span_labels = [], [], []
    for row, f in enumerate(features):
        for positions, label in f.spans:
            m = torch.zeros(width)
            m[positions] = 1.0
            span_rows.append(row)
            span_masks.append(m)
            span_labels.append(label)
    return {
        "input_ids": ids, "attention_mask": mask, "tags": tags,
        "sentiment": torch.tensor([f.sentiment for f in features]),
        "weight": torch.tensor([f.weight for f in features], dtype=torch.float),
        "span_rows": torch.tensor(span_rows, dtype=torch.long),
        "span_mask": torch.stack(span_masks) if span_masks else torch.zeros((0, width)),
        "span_labels": torch.tensor(span_labels, dtype=torch.long),
    }


def length_batches(features: list[Feature], batch_size: int, generator: torch.Generator,
                   chunk: int = 50) -> list[list[int]]:
    """Shuffled batches of similar length (sorted within chunks of ``chunk`` batches)."""
    order = torch.randperm(len(features), generator=generator).tolist()
    span = batch_size * chunk
    batches = []
    for i in range(0, len(order), span):
        part = sorted(order[i:i + span], key=lambda j: len(features[j].input_ids))
        batches += [part[k:k + batch_size] for k in range(0, len(part), batch_size)]
    perm = torch.randperm(len(batches), generator=generator).tolist()
    return [batches[p] for p in perm]
