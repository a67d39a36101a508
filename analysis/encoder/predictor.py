"""``ReviewModel``: the trained engine behind one small API (load, version, predict, embed).

``predict`` runs one encoder pass per sentence (batched, sorted by length) and returns the
sentence sentiment and the aspect terms it found, each with its polarity. ``embed`` uses the
base MiniLM without the adapter (mean-pooled, L2-normalized, as sentence-transformers encodes),
for taxonomy similarity.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from analysis.config import EngineConfig
from analysis.encoder.artifacts import read_artifacts
from analysis.encoder.base import load_encoder, load_tokenizer, mean_pool
from analysis.encoder.decoding import decode_spans
from analysis.encoder.lora import merge_lora_weights
from analysis.encoder.multitask import LABELS, ReviewNet
from analysis.encoder.version import version_name

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class AspectSpan:
    """One aspect term found in a sentence; ``sentence[start:end] == term``.

    ``confidence`` is the probability that the span is an aspect (mean tag probability of its
    words) times the probability of the chosen polarity.
    """

    start: int
    end: int
    term: str
    polarity: str
    probs: tuple[float, float, float]
    confidence: float


@dataclass(frozen=True)
class SentencePrediction:
    """Sentence sentiment probabilities (negative, neutral, positive) and its aspect terms."""

    probs: tuple[float, float, float]
    aspects: list[AspectSpan] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The most probable sentiment label."""
        return LABELS[int(np.argmax(self.probs))]


def quantize_int8(module: nn.Module) -> nn.Module:
    """Dynamic int8 quantization of every Linear layer (weights int8, activations at run time)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(module, {nn.Linear}, dtype=torch.qint8)


def _device_of(module: nn.Module) -> torch.device:
    for param in module.parameters():
        return param.device
    return torch.device("cpu")


class ReviewModel:
    """The fine-tuned multi-task MiniLM; build it with :meth:`load`."""

    def __init__(self, net: ReviewNet, tokenizer, version: str, *, quantized: bool,
                 engine: EngineConfig, base_model_path: Path | None, config: dict) -> None:
        self.net = net
        self.tokenizer = tokenizer
        self.version = version
        self.quantized = quantized
        self.engine = engine
        self.base_model_path = base_model_path
        self.config = config
        self._base: nn.Module | None = None

    @classmethod
    def load(cls, path: str | Path | None = None, quantize: bool | None = None,
             engine: EngineConfig | None = None,
             base_model_path: str | Path | None = None) -> ReviewModel:
        """Load the committed artifacts (or those in ``path``) on top of the offline MiniLM.

        ``quantize`` (default: ``engine.quantize``) applies int8 dynamic quantization after the
        adapter is merged into the base weights.
        """
        engine = engine or EngineConfig()
        quantize = engine.quantize if quantize is None else quantize
        torch.set_num_threads(engine.num_threads)
        artifacts = read_artifacts(path)
        base_path = Path(base_model_path) if base_model_path is not None else None
        encoder = load_encoder(base_path)
        if artifacts.lora:
            lora_cfg = artifacts.config["lora"]
            merge_lora_weights(encoder, artifacts.lora, lora_cfg["alpha"] / lora_cfg["rank"])
        with torch.no_grad():
            for name, value in artifacts.delta.items():
                encoder.get_parameter(name).add_(value)
            for name, value in artifacts.base.items():
                encoder.get_parameter(name).copy_(value)
        net = ReviewNet(encoder)
        for name, module in net.head_modules().items():
            module.load_state_dict(artifacts.heads[name])
        net.eval()
        if quantize:
            net = quantize_int8(net)
        version = version_name(artifacts.digest, quantize)
        return cls(net, load_tokenizer(base_path), version, quantized=quantize, engine=engine,
                   base_model_path=base_path, config=artifacts.config)

    @property
    def max_length(self) -> int:
        return min(self.engine.max_length, int(self.config.get("max_length", 128)))

    def _batches(self, texts: Sequence[str]) -> list[list[int]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        size = self.engine.batch_size
        return [order[i:i + size] for i in range(0, len(order), size)]

    @torch.inference_mode()
    def predict(self, sentences: Sequence[str],
                progress: Progress | None = None) -> list[SentencePrediction]:
        """Sentiment and aspects for each sentence, in input order.

        Text beyond ``max_length`` tokens is truncated (aspects are found in the kept part).
        """
        sentences = [str(s) for s in sentences]
        results: list[SentencePrediction | None] = [None] * len(sentences)
        done = 0
        for batch in self._batches(sentences):
            texts = [sentences[i] for i in batch]
            for index, prediction in zip(batch, self._predict_batch(texts), strict=True):
                results[index] = prediction
            done += len(batch)
            if progress is not None:
                progress(done, len(sentences), "sentences")
        return results  # type: ignore[return-value]

    def _predict_batch(self, texts: list[str]) -> list[SentencePrediction]:
        enc = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_length,
                             return_offsets_mapping=True, return_tensors="pt")
        device = _device_of(self.net)
        ids, mask = enc["input_ids"].to(device), enc["attention_mask"].to(device)
        hidden = self.net.encode(ids, mask)
        sent_probs = self.net.sentiment_logits(hidden, mask).softmax(-1)
        tag_probs = self.net.tag_logits(hidden).softmax(-1)
        tag_best, tag_ids = tag_probs.max(-1)
        sent_probs, tag_best, tag_ids = sent_probs.cpu(), tag_best.cpu(), tag_ids.cpu()
        offsets = enc["offset_mapping"].tolist()
        found = []
        for row, text in enumerate(texts):
            spans = decode_spans(text, tag_ids[row].tolist(), tag_best[row].tolist(),
                                 enc.word_ids(row), [tuple(o) for o in offsets[row]])
            found.extend((row, span) for span in spans)
        pol_probs = torch.empty(0, len(LABELS))
        if found:
            span_rows = torch.tensor([row for row, _ in found], device=device)
            span_mask = torch.zeros(len(found), ids.shape[1], device=device)
            for k, (_, span) in enumerate(found):
                span_mask[k, list(span.tokens)] = 1.0
            pol_probs = self.net.polarity_logits(hidden, mask, span_rows, span_mask)
            pol_probs = pol_probs.softmax(-1).cpu()
        aspects: list[list[AspectSpan]] = [[] for _ in texts]
        for k, (row, span) in enumerate(found):
            probs = tuple(round(float(p), 6) for p in pol_probs[k])
            best = int(np.argmax(probs))
            extraction = float(np.mean(span.word_probs))
            aspects[row].append(AspectSpan(
                start=span.start, end=span.end, term=texts[row][span.start:span.end],
                polarity=LABELS[best], probs=probs, confidence=round(extraction * probs[best], 6),
            ))
        return [
            SentencePrediction(probs=tuple(round(float(p), 6) for p in sent_probs[row]),
                               aspects=aspects[row])
            for row in range(len(texts))
        ]

    def _base_encoder(self) -> nn.Module:
        if self._base is None:
            base = load_encoder(self.base_model_path)
            self._base = quantize_int8(base) if self.quantized else base
        return self._base

    @torch.inference_mode()
    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Base-MiniLM sentence embeddings, shape ``(len(texts), 384)``, L2-normalized."""
        texts = [str(t) for t in texts]
        out = np.zeros((len(texts), 384), dtype=np.float32)
        encoder = self._base_encoder()
        done = 0
        for batch in self._batches(texts):
            enc = self.tokenizer([texts[i] for i in batch], padding=True, truncation=True,
                                 max_length=256, return_tensors="pt")
            hidden = encoder(input_ids=enc["input_ids"],
                             attention_mask=enc["attention_mask"]).last_hidden_state
            pooled = torch.nn.functional.normalize(mean_pool(hidden, enc["attention_mask"]), dim=-1)
            out[batch] = pooled.numpy()
            done += len(batch)
            if progress is not None:
                progress(done, len(texts), "embeddings")
        return out
