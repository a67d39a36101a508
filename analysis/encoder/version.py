"""A model's version string, read from its artifact files without importing torch.

The version keys every cache (sentences, embeddings) and every stored result, so a run whose
sentences are all cached can tell which results are current without loading the model.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from analysis.config import MODELS_DIR

ARTIFACT_NAME = "review_engine"
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "weights.safetensors"


def default_artifact_dir() -> Path:
    """Where the committed artifacts live inside the package."""
    return MODELS_DIR / ARTIFACT_NAME


def artifact_digest(folder: str | Path) -> str:
    """sha256 over the folder's config and weights files: changes with any retrained weight."""
    sha = hashlib.sha256()
    for name in (CONFIG_FILE, WEIGHTS_FILE):
        sha.update((Path(folder) / name).read_bytes())
    return sha.hexdigest()


def version_name(digest: str, quantized: bool) -> str:
    """The version string of a model with these artifacts: ``mtl-<digest 12>-<fp32|int8>``."""
    return f"mtl-{digest[:12]}-{'int8' if quantized else 'fp32'}"


def model_version(path: str | Path | None = None, quantize: bool = False) -> str:
    """What ``ReviewModel.load(path, quantize).version`` will be, without loading it."""
    folder = Path(path) if path is not None else default_artifact_dir()
    return version_name(artifact_digest(folder), quantize)
