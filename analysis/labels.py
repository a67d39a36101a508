"""The sentiment labels, once: the order of the model's output columns (``p_negative,
p_neutral, p_positive``) and of every polarity count table."""

POLARITIES = ("negative", "neutral", "positive")
