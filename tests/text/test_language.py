"""Language detection: English first, other languages flagged, short texts stay English."""

from __future__ import annotations

import pytest

from analysis.text import ENGLISH, LanguageDetector, detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The battery lasts forever but the lid is loose.", "en"),
        ("works fine", "en"),
        ("ok", "en"),
        ("Meh.", "en"),
        ("La batería dura mucho y la pantalla es genial, lo recomiendo.", "es"),
        ("Sehr gut, schnelle Lieferung, gerne wieder bestellt.", "de"),
        ("Produit de très bonne qualité, je recommande vivement.", "fr"),
        ("这个手机很好用，电池也不错", "zh"),
        ("このペンはとても書きやすいです", "ja"),
        ("배송이 빠르고 좋아요", "ko"),
        ("Очень хороший товар, рекомендую всем", "ru"),
        ("", ENGLISH),
        ("12345 !!!", ENGLISH),
    ],
)
def test_detects_review_languages(text, language):
    assert detect_language(text) == language


def test_detect_many_and_confidence():
    detector = LanguageDetector()
    assert detector.detect_many(["Great pen, love it", "Muy buena calidad y envío rápido"]) == [
        "en",
        "es",
    ]
    language, confidence = detector("Muy buena calidad y envío rápido")
    assert language == "es" and 0.9 <= confidence <= 1.0


def test_restricting_languages_changes_the_answer():
    detector = LanguageDetector(languages=("en", "de"), min_confidence=0.5)
    assert detector("Produit de très bonne qualité, je recommande vivement.")[0] in {"en", "de"}
