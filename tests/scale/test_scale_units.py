"""The parts of the Ray engines that need no Ray: which reviews are sent, flag checks."""

from __future__ import annotations

import pandas as pd

from analysis.cli import main
from analysis.scale.analyze import unanalyzed
from analysis.scale.forecast import _like_local, _plain
from analysis.store.core import Store
from analysis.store.results import save_results


def _reviews(ids, texts):
    return pd.DataFrame({"review_id": ids, "product_id": "P", "date": pd.Timestamp("2024-01-01"),
                         "rating": 5.0, "text": texts, "sentiment": "positive",
                         "sentiment_score": 0.5, "p_negative": 0.1, "p_neutral": 0.3,
                         "p_positive": 0.6, "title": None, "language": "en", "source": "a.csv"})


def test_only_texts_not_analyzed_with_this_model_version_are_sent(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    done = _reviews(["a", "b"], ["Great lid.", "Slow delivery."])
    empty = pd.DataFrame(columns=["review_id", "sentence_index", "start", "end", "text",
                                  "p_negative", "p_neutral", "p_positive"])
    aspects = pd.DataFrame(columns=["review_id", "sentence_index", "aspect", "start", "end",
                                    "aspect_norm", "category", "polarity", "confidence"])
    save_results(store, done, empty, aspects, "v1", "run1")
    incoming = pd.DataFrame({"text": ["Great lid.", "A new review.", "Slow delivery."]})
    assert unanalyzed(store, incoming, "v1").tolist() == [False, True, False]
    assert unanalyzed(store, incoming, "v2").tolist() == [True, True, True]  # new model
    assert unanalyzed(store, incoming.iloc[:0], "v1").empty


def test_ray_output_columns_become_the_local_engines_dtypes():
    raw = pd.DataFrame({"unique_id": pd.array(["b", "a", "a"], dtype="string"),
                        "ds": pd.to_datetime(["2024-01-08", "2024-01-15", "2024-01-08"]
                                             ).astype("datetime64[us]"),
                        "M": pd.array([1.5, 2.5, None], dtype="Float64")})
    out = _like_local(raw)
    assert out["unique_id"].tolist() == ["a", "a", "b"]  # id, then date
    assert str(out["ds"].dtype) == "datetime64[ns]" and out["M"].dtype == "float64"
    assert pd.isna(out["M"].iloc[0]) and out["M"].iloc[1] == 2.5
    assert _plain(raw)["M"].dtype == "float64"


def test_address_without_the_ray_engine_is_exit_2(tmp_path, capsys):
    sales = tmp_path / "sales.csv"
    sales.write_text("date,sales\n2024-01-01,3\n")
    code = main(["forecast", str(sales), "--out", str(tmp_path / "o"), "--horizon", "2",
                 "--address", "host:6379", "--db", str(tmp_path / "s.duckdb")])
    assert code == 2
    assert "--engine ray" in capsys.readouterr().err
