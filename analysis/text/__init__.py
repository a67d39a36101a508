"""Text processing: cleaning with an offset map, sentence splitting, language detection.

Every offset this package returns refers to the ORIGINAL review text, so aspect spans found in a
cleaned sentence can be shown (and checked: ``text[start:end] == aspect``) in the text as read.
"""

from analysis.text.clean import CleanedText, clean_text
from analysis.text.language import ENGLISH, LanguageDetector, detect_language
from analysis.text.sentences import Sentence, split_sentences

__all__ = [
    "ENGLISH",
    "CleanedText",
    "LanguageDetector",
    "Sentence",
    "clean_text",
    "detect_language",
    "split_sentences",
]
