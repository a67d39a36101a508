"""The multi-task network: one MiniLM pass feeds three small heads.

- sentence sentiment (negative/neutral/positive) from the mean-pooled and [CLS] states;
- aspect-term tagging (BIO) on every token;
- aspect polarity from the aspect's own token states, an aspect-conditioned attention summary
  of the sentence, and the sentence state: polarity needs no second encoder pass.
"""

from __future__ import annotations

import torch
from torch import nn

from analysis.encoder.base import HIDDEN_SIZE, mean_pool
from analysis.labels import POLARITIES

LABELS = POLARITIES  # the heads' output order
TAGS = ("O", "B", "I")


class ReviewNet(nn.Module):
    """Encoder plus sentiment, tagging and polarity heads (see module docstring)."""

    def __init__(self, encoder: nn.Module, hidden: int = HIDDEN_SIZE, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        self.sentiment_head = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(2 * hidden, hidden), nn.GELU(),
            nn.Dropout(dropout), nn.Linear(hidden, len(LABELS)),
        )
        self.tag_head = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(hidden, hidden), nn.GELU(), nn.Linear(hidden, len(TAGS))
        )
        self.span_query = nn.Linear(hidden, hidden)
        self.polarity_head = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(4 * hidden, hidden), nn.GELU(),
            nn.Dropout(dropout), nn.Linear(hidden, len(LABELS)),
        )

    def head_modules(self) -> dict[str, nn.Module]:
        """The trained heads by name (saved next to the adapter)."""
        return {"sentiment_head": self.sentiment_head, "tag_head": self.tag_head,
                "span_query": self.span_query, "polarity_head": self.polarity_head}

    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    def sentiment_logits(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        pooled = torch.cat([mean_pool(hidden, attention_mask), hidden[:, 0]], dim=-1)
        return self.sentiment_head(pooled)

    def tag_logits(self, hidden: torch.Tensor) -> torch.Tensor:
        return self.tag_head(hidden)

    def polarity_logits(self, hidden: torch.Tensor, attention_mask: torch.Tensor,
                        span_rows: torch.Tensor, span_mask: torch.Tensor) -> torch.Tensor:
        """Polarity logits for spans; ``span_rows[k]`` is the sentence of span k and
        ``span_mask[k]`` (seq_len) marks its tokens."""
        states = hidden[span_rows]  # (k, seq, h)
        mask = attention_mask[span_rows].to(hidden.dtype)
        span = span_mask.to(hidden.dtype)
        span_state = (states * span.unsqueeze(-1)).sum(1) / span.sum(1, keepdim=True).clamp(min=1)
        scores = torch.einsum("kh,ksh->ks", self.span_query(span_state), states)
        scores = scores / hidden.shape[-1] ** 0.5
        scores = scores.masked_fill(mask == 0, torch.finfo(scores.dtype).min)
        context = torch.einsum("ks,ksh->kh", scores.softmax(-1), states)
        sentence = mean_pool(states, mask)
        features = torch.cat([span_state, context, sentence, span_state * sentence], dim=-1)
        return self.polarity_head(features)
