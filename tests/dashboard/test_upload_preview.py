"""Upload page: example values and expected counts before importing; it asks before losing
much of a file; sales files get the same preview. (Streamlit AppTest, fake engine.)"""

from __future__ import annotations

from tests.dashboard.test_pages import run_page, texts


def _play_export(rows: int = 10, with_text: int = 4) -> bytes:
    """Google-Play-like: star-only reviews leave Review Text empty; notes are in Device Note."""
    lines = ["Star Rating,Review Text,Device Note,Review Submit Date and Time"]
    for i in range(rows):
        text = f"Crashes when I open screen {i}" if i < with_text else ""
        lines.append(f"{1 + i % 5},{text},Phone model number {i} with Android,2024-03-0{1 + i % 9}")
    return ("\n".join(lines) + "\n").encode()


def _check(at, name: str, data: bytes, key: str = "review_files"):
    at.file_uploader(key=key).upload(name, data, "text/csv")
    at.button[0].click().run()  # the form's "Check files"
    assert not at.exception, [e.message for e in at.exception]
    return at


def _frames(at) -> list:
    return [d.value for d in at.dataframe]


def test_preview_shows_example_values_and_expected_counts(empty_app):
    export = (b"Comment,Stars,When\nThe battery died after a day,1,2024-05-01\n"
              b"Great screen and fast delivery,5,2024-05-02\n"
              b"Great screen and fast delivery,5,2024-05-02\n")
    at = _check(run_page("upload"), "shop.csv", export)
    page = texts(at)
    assert "**shop.csv**: 3 rows, expected 2 kept and 1 rejected" in page
    fields, outcomes = _frames(at)[:2]
    text_row = fields[fields["field"] == "text"].iloc[0]
    assert text_row["column"] == "Comment"
    assert text_row["example 1"] == "The battery died after a day"
    assert text_row["example 2"] == "Great screen and fast delivery"
    assert "its name is a review-text name" in text_row["why"]
    assert outcomes["outcome"].tolist() == ["kept", "rejected: exact duplicate of row N in "
                                            "shop.csv"]
    assert outcomes["rows"].tolist() == [2, 1]
    assert not at.warning  # a duplicate loses nothing
    assert at.sidebar.caption is not None


def test_bulk_rejection_warns_and_asks_before_importing(empty_app):
    at = _check(run_page("upload"), "play.csv", _play_export())
    warning = " ".join(w.value for w in at.warning)
    assert "play.csv: 6 of 10 rows (60%) would be rejected" in warning
    assert "'Review Text'" in warning
    button = at.button(key="import_reviews")
    assert button.disabled  # nothing can be imported until the user confirms
    at.checkbox(key="accept_rejections").check().run()
    assert not at.button(key="import_reviews").disabled
    at.button(key="import_reviews").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Imported and analysed 4 reviews" in " ".join(s.value for s in at.success)
    assert any("6 rows could not be used" in w.value for w in at.warning)


def test_choosing_another_text_column_updates_the_preview(empty_app):
    at = _check(run_page("upload"), "play.csv", _play_export())
    at.selectbox(key="map_text").set_value("Device Note").run()
    assert not at.exception, [e.message for e in at.exception]
    assert "**play.csv**: 10 rows, expected 10 kept and 0 rejected" in texts(at)
    assert not at.warning
    assert not at.button(key="import_reviews").disabled


def test_sales_file_preview_before_forecasting(empty_app):
    from tests.dashboard.conftest import write_sales_csv

    write_sales_csv(empty_app / "sales.csv")
    at = _check(run_page("upload"), "sales.csv", (empty_app / "sales.csv").read_bytes(),
                key="sales_files")
    page = texts(at)
    assert "**sales.csv** (sales): 2 series, frequency W-" in page
    columns = _frames(at)[0]
    assert columns["role"].tolist()[:3] == ["date", "value", "series"]
    assert columns["column"].tolist()[:3] == ["week", "units", "product_id"]
    assert columns.loc[2, "example 1"] in {"P-GOOD", "P-BAD"}
    assert at.button(key="import_sales")
