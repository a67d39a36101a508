"""Formula-injection neutralizing used by every CSV export."""

from __future__ import annotations

import pandas as pd

from analysis.textsafety import neutralize_formula, neutralize_frame, to_safe_csv


def test_neutralize_formula():
    for value in ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"]:
        assert neutralize_formula(value) == "'" + value
    for value in ["", "ok", "a=b", " =1"]:
        assert neutralize_formula(value) == value


def test_frame_neutralizes_text_not_numbers(tmp_path):
    frame = pd.DataFrame({"text": ["=cmd|' /C calc'!A0", "fine", None],
                          "score": [-0.5, 0.2, 0.1],
                          "flag": [True, None, "-x"]})
    safe = neutralize_frame(frame)
    assert safe["text"].tolist()[:2] == ["'=cmd|' /C calc'!A0", "fine"]
    assert safe["text"].isna().iloc[2]
    assert safe["score"].tolist() == [-0.5, 0.2, 0.1]
    assert safe["flag"].tolist() == [True, None, "'-x"]
    assert frame["text"].iloc[0].startswith("=")  # input untouched
    path = to_safe_csv(frame, tmp_path / "x" / "out.csv")
    assert pd.read_csv(path)["text"].iloc[0] == "'=cmd|' /C calc'!A0"
