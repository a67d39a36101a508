"""The sample generator's phrase bank as (sentence, polarity) pairs, to check the engine on it.

Every aspect template of ``data.phrases.TEMPLATES`` is filled the way ``data.generate`` fills it
(slots ``{item} {very} {when} {who}``), several times with a seeded choice of slot values, so
the check sees the sentences a user of the bundled sample sees. The engine is never trained on
these sentences; they only measure it.
"""

from __future__ import annotations

import numpy as np

from data.phrases import PRODUCTS, TEMPLATES, VERY, WHEN, WHO

POLARITY = {"pos": "positive", "neg": "negative"}


def _fill(template: str, item: str, very: str, when: str, who: str) -> str:
    text = " ".join(template.format(item=item, very=very, when=when, who=who).split())
    return text[:1].upper() + text[1:]


def phrase_bank(fills: int = 3, seed: int = 7) -> list[tuple[str, str, str]]:
    """``(sentence, polarity, aspect)`` for every template, filled ``fills`` times (duplicates
    from templates without slots are kept once)."""
    rng = np.random.default_rng(seed)
    nouns = sorted({noun for product in PRODUCTS for noun in product.nouns})
    seen: set[str] = set()
    bank = []
    for aspect, by_polarity in TEMPLATES.items():
        for key, templates in by_polarity.items():
            for template in templates:
                for _ in range(fills):
                    text = _fill(template, str(rng.choice(nouns)), str(rng.choice(VERY)),
                                 str(rng.choice(WHEN)), str(rng.choice(WHO)))
                    if text not in seen:
                        seen.add(text)
                        bank.append((text, POLARITY[key], aspect))
    return bank


def agreement(model, bank: list[tuple[str, str, str]] | None = None) -> tuple[float, list]:
    """Share of bank sentences whose predicted sentence label equals the phrase polarity, and
    the disagreeing ``(sentence, expected, predicted)``."""
    bank = phrase_bank() if bank is None else bank
    predictions = model.predict([text for text, _, _ in bank])
    wrong = [(text, polarity, p.label)
             for (text, polarity, _), p in zip(bank, predictions, strict=True)
             if p.label != polarity]
    return 1.0 - len(wrong) / len(bank), wrong
