"""The key of a cached model output: one definition for the engine and the store."""

from __future__ import annotations

import hashlib


def text_key(model_version: str, text: str) -> str:
    """Cache key of a text under a model version (hex sha1)."""
    return hashlib.sha1(f"{model_version}\x00{text}".encode()).hexdigest()
