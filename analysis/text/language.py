"""Per-review language detection, English first.

The engine scores English; other languages are kept, counted and flagged so they are not scored
as English. Detection is cheap and offline:
1. the writing system decides for non-Latin scripts (Han, Kana, Hangul, Cyrillic, Arabic...);
2. Latin text with enough English function words is English without further work;
3. the rest goes to py3langid (a small naive-Bayes model shipped with the package, ~100 us per
   call), restricted to common review languages. Short or unsure Latin texts stay English, since
   a three-word review ("works fine", "ok") is far more often English than anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

ENGLISH = "en"
CHINESE = "zh"
SCORED_LANGUAGES = (ENGLISH, CHINESE)  # languages the pipeline scores; others are flagged
DEFAULT_LANGUAGES = (
    "en", "es", "fr", "de", "it", "pt", "nl", "sv", "da", "pl", "tr", "ro", "cs", "id",
    "zh", "ja", "ko", "ru", "uk", "ar", "he", "el", "hi", "th", "vi",
)  # fmt: skip
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "is",
        "it",
        "this",
        "was",
        "i",
        "to",
        "of",
        "a",
        "for",
        "in",
        "my",
        "with",
        "but",
        "not",
        "very",
        "that",
        "on",
        "you",
        "have",
        "are",
        "they",
        "be",
        "so",
        "too",
        "great",
        "good",
        "product",
        "love",
        "works",
        "would",
        "will",
        "just",
        "had",
        "one",
        "after",
        "use",
        "its",
        "it's",
        "don't",
        "does",
        "did",
        "bought",
        "than",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Script ranges, checked on letters only: (regex, language when it dominates)
_SCRIPTS = [
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"), "ko"),
    (re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"), "zh"),
    (re.compile(r"[\u0400-\u04ff]"), None),  # Cyrillic: ru/uk/bg, let the model choose
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u0900-\u097f]"), "hi"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
]


@dataclass
class LanguageDetector:
    """Callable ``detector(text) -> (language, confidence)`` (ISO 639-1 code, 0..1).

    ``min_confidence``: below it a Latin-script text stays English; ``min_words``: Latin texts
    with fewer words are English unless the model is very sure (``> 0.99``).
    """

    languages: Sequence[str] = DEFAULT_LANGUAGES
    min_confidence: float = 0.9
    min_words: int = 4
    english_share: float = 0.25
    _cache: dict[str, tuple[str, float]] = field(default_factory=dict, repr=False)

    @cached_property
    def _identifier(self):
        return _load_identifier(tuple(self.languages))

    def __call__(self, text: str) -> tuple[str, float]:
        words = _WORD.findall(text.lower())
        if not words:
            return ENGLISH, 0.0
        if not text.isascii():  # ASCII text is Latin script: no script check needed
            sample = "".join(words)[:400]
            for pattern, language in _SCRIPTS:
                if len(pattern.findall(sample)) * 3 >= len(sample):
                    if language is not None:
                        return language, 1.0
                    return self._classify(text)
        english = sum(word in _ENGLISH_WORDS for word in words)
        if words and english / len(words) >= self.english_share and english >= 2:
            return ENGLISH, 1.0
        language, confidence = self._classify(text)
        if language != ENGLISH:
            sure = (
                confidence > 0.99
                if len(words) < self.min_words
                else confidence >= self.min_confidence
            )
            if not sure:
                return ENGLISH, 1.0 - confidence
        return language, confidence

    def _classify(self, text: str) -> tuple[str, float]:
        key = text[:2000]
        if key not in self._cache:
            language, confidence = self._identifier.classify(key)
            self._cache[key] = (str(language), float(confidence))
        return self._cache[key]

    def detect_many(self, texts: Iterable[str]) -> list[str]:
        """Language code per text (the batch form the pipeline uses)."""
        return [self(text)[0] for text in texts]


@lru_cache(maxsize=4)
def _load_identifier(languages: tuple[str, ...]):
    """The py3langid model restricted to ``languages`` (loading takes ~1 s, so it is shared)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


_DEFAULT = LanguageDetector()


def detect_language(text: str) -> str:
    """Language code of one review with the default detector (``"en"`` when unsure)."""
    return _DEFAULT(text)[0]
