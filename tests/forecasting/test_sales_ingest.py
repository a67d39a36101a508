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


def test_future_rows_with_flags_are_planned_flags_not_missing_sales(tmp_path):
    path = _write(tmp_path, "plan.csv", "week,product_id,units,promotion,holiday\n"
                  "2024-01-01,A,10,0,0\n2024-01-08,A,12,1,0\n2024-01-15,A,11,0,0\n"
                  "2024-01-22,A,,1,\n2024-01-29,A,,,\n2024-02-05,A,,0,1\n"
                  "2024-01-01,B,5,0,0\n2024-01-08,B,,0,0\n2024-01-15,B,7,1,0\n")
    result = ingest_sales(path)
    a = result.series[result.series["unique_id"] == "A"]
    assert a["y"].notna().sum() == 3
    assert pd.Timestamp("2024-02-05") not in set(a["ds"])  # the future is not sales history
    future = result.future_events
    assert list(future.columns) == ["unique_id", "ds", "promotion", "holiday"]
    assert future["unique_id"].tolist() == ["A", "A"]
    assert future["ds"].tolist() == [pd.Timestamp("2024-01-22"), pd.Timestamp("2024-02-05")]
    assert future["promotion"].tolist() == [1.0, 0.0]
    assert future["holiday"].isna().tolist() == [True, False]  # empty cell: not given
    text = " | ".join(result.issues["message"])
    about_a = " | ".join(result.issues.loc[result.issues["series_id"] == "A", "message"])
    assert "2 future period(s) from 2024-01-22 to 2024-02-05 have flags but no sales value" in (
        about_a)
    assert "not as missing sales (plan.csv rows 4, 6)" in about_a
    # Only B's gap inside its history is a missing value; A's row 5 (no flag) is unused.
    assert "plan.csv: 1 empty value(s) treated as missing (rows 8)" in text
    assert "treated as missing (rows 5" not in text
    assert ("1 empty value(s) after the last sales value (2024-01-15) are not used" in text
            and "(rows 5)" in text and "fill its flag column" in text)
    assert "missing period(s)" not in text


def test_trailing_empty_values_without_flags_stay_missing_and_are_reported(tmp_path):
    path = _write(tmp_path, "t.csv", "date,sku,qty\n2024-01-01,X,1\n2024-01-08,X,2\n"
                  "2024-01-15,X,3\n2024-01-22,X,\n")
    result = ingest_sales(path)
    assert result.future_events.empty
    assert list(result.future_events.columns) == ["unique_id", "ds"]
    assert len(result.series) == 4 and pd.isna(result.series["y"].iloc[-1])
    text = " ".join(result.issues["message"])
    assert "1 empty value(s) after the last sales value (2024-01-15) are not used" in text
    assert "add a 0/1 column such as promotion" in text


def test_wide_form_future_rows_plan_flags_for_every_series(tmp_path):
    path = _write(tmp_path, "wide.csv", "Date,Mug,Lamp,Holiday\n2024-01-01,3,7,0\n"
                  "2024-01-08,4,8,1\n2024-01-15,5,9,0\n2024-01-22,,,1\n2024-01-29,,,0\n")
    result = ingest_sales(path)
    assert result.series.groupby("unique_id").size().to_dict() == {"Lamp": 3, "Mug": 3}
    future = result.future_events
    assert sorted(future["unique_id"].unique()) == ["Lamp", "Mug"]
    assert future.groupby("unique_id")["Holiday"].apply(list).to_dict() == {
        "Lamp": [1.0, 0.0], "Mug": [1.0, 0.0]}


def test_future_row_in_the_period_of_the_last_sale_is_left_out(tmp_path):
    path = _write(tmp_path, "w.csv", "week,units,promo\n2024-01-01,1,0\n2024-01-08,2,0\n"
                  "2024-01-15,3,1\n2024-01-17,,1\n2024-01-22,,1\n")
    result = ingest_sales(path)
    assert result.freq == "W-MON"
    assert result.future_events["ds"].tolist() == [pd.Timestamp("2024-01-22")]
    text = " ".join(result.issues["message"])
    assert "w.csv rows 4: future flag row(s) fall in the period of the last sales value" in text


def test_events_file_plans_flags_for_all_or_one_series(tmp_path):
    from analysis.ingest.events import add_future_events

    sales = _write(tmp_path, "s.csv", "week,product_id,units,promotion\n"
                   "2024-01-01,A,10,0\n2024-01-08,A,12,1\n2024-01-15,A,11,0\n"
                   "2024-01-22,A,,1\n2024-01-29,A,,1\n"
                   "2024-01-01,B,5,0\n2024-01-08,B,6,0\n2024-01-15,B,7,1\n")
    events = _write(tmp_path, "events.csv", "date,product,promotion,holiday,note\n"
                    "2024-01-29,,0,1,x\n2024-01-29,B,1,,y\n2024-02-05,A,,1,z\n"
                    "2024-01-08,,1,0,past\n2024-02-05,C,1,1,unknown\nsoon,A,1,1,bad\n")
    result = add_future_events(ingest_sales(sales), events)
    future = result.future_events.set_index(["unique_id", "ds"])
    assert list(future.columns) == ["promotion", "holiday"]
    # The file wins over the sales file's future row; a series' own row over a shared one.
    assert future.loc[("A", pd.Timestamp("2024-01-29"))].tolist() == [0.0, 1.0]
    assert future.loc[("B", pd.Timestamp("2024-01-29"))].tolist() == [1.0, 1.0]
    assert future.loc[("A", pd.Timestamp("2024-01-22"))].tolist()[0] == 1.0  # sales file's
    a_feb = future.loc[("A", pd.Timestamp("2024-02-05"))]
    assert pd.isna(a_feb["promotion"]) and a_feb["holiday"] == 1.0
    assert pd.Timestamp("2024-01-08") not in set(result.future_events["ds"])
    assert "C" not in set(result.future_events["unique_id"])
    text = " | ".join(result.issues["message"])
    assert "column(s) ['note'] hold values other than 0/1" in text
    assert "series ['C'] are not in the sales data" in text
    assert "unreadable date were left out (rows 6)" in text
    assert "2 planned series-period(s) fall within the sales history" in text
    assert "planned flags ['promotion', 'holiday'] for 2 series" in text


def test_events_file_without_flags_is_a_clear_error(tmp_path):
    from analysis.ingest.events import add_future_events

    sales = _write(tmp_path, "s.csv", "week,units\n2024-01-01,1\n2024-01-08,2\n2024-01-15,3\n")
    events = _write(tmp_path, "e.csv", "date,what\n2024-01-22,big sale\n")
    with pytest.raises(IngestError, match="no flag column"):
        add_future_events(ingest_sales(sales), events)
