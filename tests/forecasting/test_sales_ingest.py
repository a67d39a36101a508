"""Sales ingestion: long and wide layouts, detection, dates, duplicates, gaps, bad values."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import IngestError
from analysis.ingest.sales import ingest_sales


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_long_form_with_series_and_promotion_flag(tmp_path):
    path = _write(tmp_path, "sales.csv", "week,product_id,units,promotion\n"
                  "2024-01-01,A,10,0\n2024-01-08,A,12,1\n2024-01-15,A,11,0\n"
                  "2024-01-01,B,5,0\n2024-01-08,B,6,0\n2024-01-15,B,7,1\n")
    result = ingest_sales(path)
    assert result.freq == "W-MON"
    assert list(result.series.columns) == ["unique_id", "ds", "y", "promotion"]
    a = result.series[result.series["unique_id"] == "A"]
    assert a["y"].tolist() == [10, 12, 11]
    assert a["promotion"].tolist() == [0.0, 1.0, 0.0]
    assert result.issues.empty
    assert result.mappings["sales.csv"]["series"] == "product_id"


def test_wide_form_one_column_per_product(tmp_path):
    path = _write(tmp_path, "wide.csv", "Date,Mug,Lamp\n2024-01-31,3,7\n2024-02-29,4,8\n"
                  "2024-03-31,5,9\n")
    result = ingest_sales(path)
    assert result.freq == "ME"
    assert sorted(result.series["unique_id"].unique()) == ["Lamp", "Mug"]
    assert result.series[result.series["unique_id"] == "Lamp"]["y"].tolist() == [7, 8, 9]


def test_chinese_headers_and_thousands_separators(tmp_path):
    path = _write(tmp_path, "cn.csv", '日期,商品,销量\n2024-01-01,茶杯,"1,200"\n'
                  '2024-01-02,茶杯,"1,300"\n2024-01-03,茶杯,900\n')
    result = ingest_sales(path)
    assert result.freq == "D"
    assert result.series["y"].tolist() == [1200, 1300, 900]
    assert result.series["unique_id"].unique().tolist() == ["茶杯"]


def test_day_first_dates_and_walmart_style_columns(tmp_path):
    path = _write(tmp_path, "w.csv", "Store,Date,Weekly_Sales,Holiday_Flag\n"
                  "1,05-02-2010,100,0\n1,12-02-2010,120,1\n1,19-02-2010,110,0\n")
    result = ingest_sales(path)
    assert result.freq == "W-FRI"
    assert result.series["ds"].tolist() == list(pd.date_range("2010-02-05", periods=3,
                                                              freq="W-FRI"))
    assert "Holiday_Flag" in result.series.columns


def test_ambiguous_dates_resolved_by_regular_spacing(tmp_path):
    # 01/02 .. 01/12 read month-first would be monthly jumps with a 2-day gap pattern; read
    # day-first they are consecutive days.
    rows = "\n".join(f"{d:02d}/01/2024,{d}" for d in range(1, 13))
    path = _write(tmp_path, "amb.csv", "date,sales\n" + rows + "\n")
    result = ingest_sales(path)
    assert result.freq == "D"
    assert result.series["ds"].min() == pd.Timestamp("2024-01-01")
    assert result.series["ds"].max() == pd.Timestamp("2024-01-12")
    assert result.issues["message"].str.contains("ambiguous").any()


def test_duplicates_gaps_and_non_numeric_values_are_reported(tmp_path):
    path = _write(tmp_path, "messy.csv", "date,sku,qty\n2024-01-01,X,1\n2024-01-01,X,2\n"
                  "2024-01-08,X,abc\n2024-01-29,X,4\n2024-02-05,X,5\nnot a date,X,9\n")
    result = ingest_sales(path)
    x = result.series.set_index("ds")["y"]
    assert x.loc["2024-01-01"] == 3  # duplicates summed
    assert pd.isna(x.loc["2024-01-08"])  # non-numeric -> missing, reported
    assert pd.isna(x.loc["2024-01-15"]) and pd.isna(x.loc["2024-01-22"])  # gap filled
    text = " ".join(result.issues["message"])
    assert "summed" in text
    assert "1 non-numeric value(s) ('abc')" in text and "rows 3" in text
    assert "2 missing period(s)" in text
    assert "unreadable date" in text and "rows 6" in text


def test_column_overrides_and_unusable_files(tmp_path):
    path = _write(tmp_path, "o.csv", "when,what,how_many\n2024-01-01,A,1\n2024-01-02,A,2\n")
    result = ingest_sales(path, date_col="when", series_col="what", value_col="how_many")
    assert result.series["y"].tolist() == [1, 2]
    with pytest.raises(IngestError, match="no date column"):
        ingest_sales(_write(tmp_path, "n.csv", "a,b\nx,1\ny,2\n"))
    with pytest.raises(IngestError, match="no numeric sales column"):
        ingest_sales(_write(tmp_path, "t.csv", "date,note\n2024-01-01,hi\n2024-01-02,yo\n"))
    with pytest.raises(IngestError, match="'nope' is not in the file"):
        ingest_sales(path, value_col="nope")


@pytest.mark.shared
def test_walmart_export_reads_as_45_weekly_store_series(shared_data):
    path = shared_data / "walmart_weekly_sales_train" / "walmart_weekly_sales_train.csv"
    result = ingest_sales(path)
    assert result.freq == "W-FRI"
    assert result.series["unique_id"].nunique() == 45
    assert result.series.groupby("unique_id").size().eq(123).all()
    assert result.series["ds"].min() == pd.Timestamp("2010-02-05")  # day-first dd-mm-yyyy
    assert result.series["Holiday_Flag"].sum() == 45 * 9
    assert result.issues.empty


def test_frequency_detected_on_microsecond_timestamps_from_the_store():
    """Dates read back from DuckDB are datetime64[us]; the gap must still be 7 days, not 0."""
    from analysis.forecasting.frequency import detect_frequency

    weekly = pd.Series(pd.date_range("2024-01-07", periods=10, freq="W-SUN").as_unit("us"))
    assert detect_frequency(weekly) == "W-SUN"
    monthly = pd.Series(pd.date_range("2024-01-01", periods=10, freq="MS").as_unit("us"))
    assert detect_frequency(monthly) == "MS"
