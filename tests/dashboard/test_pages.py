"""Every dashboard page runs (Streamlit AppTest) on a store filled with synthetic reviews."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ["overview", "strengths", "aspects", "trends", "forecast", "compare", "reports",
         "settings", "upload"]


def run_page(page: str, timeout: float = 60) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_error(filled_db, page):
    at = run_page(page)
    assert at.title, f"{page} shows no title"


def test_overview_numbers_follow_the_product_filter(filled_db):
    at = run_page("overview")
    everyone = {m.label: m.value for m in at.metric}
    assert everyone["Reviews"] == "600"
    at.sidebar.multiselect(key="filter_products").set_value(["P-GOOD"]).run()
    assert not at.exception
    good = {m.label: m.value for m in at.metric}
    assert int(good["Reviews"]) < 600
    assert float(good["Net sentiment"]) > float(everyone["Net sentiment"])


def test_date_filter_changes_counts(filled_db):
    at = run_page("overview")
    at.sidebar.date_input(key="filter_dates").set_value((date(2024, 1, 1), date(2024, 1, 31)))
    at.run()
    assert not at.exception
    january = int(next(m.value for m in at.metric if m.label == "Reviews"))
    assert 0 < january < 200


def test_strengths_page_lists_weaknesses_with_escaped_quotes(filled_db):
    at = run_page("strengths")
    at.selectbox(key="sw_product").set_value("P-BAD").run()
    assert not at.exception
    body = texts(at)
    assert "Weaknesses" in body
    assert "**" in body  # aspect highlighted in bold inside an escaped quote
    assert "\\=cmd\\|" in body or "=cmd|" not in body  # formula-looking text stays literal


def test_strengths_by_aspect_term_ranks_terms(filled_db):
    at = run_page("strengths")
    at.selectbox(key="sw_product").set_value("P-BAD").run()
    at.radio(key="sw_level").set_value("Aspect term").run()
    assert not at.exception, [e.message for e in at.exception]
    expanders = " ".join(e.label for e in at.expander)
    assert "battery" in expanders  # a term (battery / battery life / charge), not a category


def test_aspects_explorer_search_narrows_mentions(filled_db):
    at = run_page("aspects")
    before = next(c.value for c in at.caption if "mentions match" in c.value)
    at.text_input(key="ax_query").set_value("display").run()
    after = next(c.value for c in at.caption if "mentions match" in c.value)
    assert before.startswith("600 of 600") and after.endswith("match, 1 terms")


def test_trends_page_raises_the_battery_alert(filled_db):
    at = run_page("trends")
    warnings = " ".join(w.value for w in at.warning)
    assert "P\\-BAD" in warnings and "battery" in warnings


def test_compare_page_needs_two_products(filled_db):
    at = run_page("compare")
    assert len(at.get("plotly_chart")) == 1
    at.multiselect(key="cmp_products").set_value(["P-GOOD"]).run()
    assert any("at least two" in i.value for i in at.info)


def test_report_button_returns_a_valid_pdf(filled_db):
    at = run_page("reports")
    at.button(key="rp_build_pdf").click().run()
    assert not at.exception
    from analysis.insights.filters import ViewFilters
    from dashboard.app_pages.reports import pdf_bytes  # the cached builder behind the button
    from dashboard.common import version

    buttons = at.get("download_button")
    assert buttons, "no download button after building"
    pdf = pdf_bytes(str(filled_db), version(), ViewFilters())
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-1024:]


def test_forecast_page_shows_sales_forecast_and_backtest(sales_db, monkeypatch):
    monkeypatch.setenv("REVIEWLENS_DB", str(sales_db))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    at = run_page("forecast")
    assert at.selectbox(key="fc_series").options == ["P-BAD", "P-GOOD"]
    assert "Backtest accuracy" in texts(at)
    assert len(at.dataframe) >= 1  # the backtest table
    at.selectbox(key="fc_series").set_value("P-GOOD").run()
    assert not at.exception


def test_upload_checks_columns_then_imports_with_progress(tmp_path, monkeypatch):
    from dashboard import common
    from tests.pipeline.fakes import FakeModel

    monkeypatch.setenv("REVIEWLENS_DB", str(tmp_path / "up.duckdb"))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    monkeypatch.setattr(common, "get_model", lambda: FakeModel())
    export = (b"Comment,Stars,When,Item\n"
              b"The battery died after a day,1,2024-05-01,P1\n"
              b"Great screen and fast delivery,5,2024-05-02,P1\n"
              b",3,2024-05-03,P1\n"
              b"=HYPERLINK(\"x\") terrible price,1,2024-05-04,P2\n")
    at = run_page("upload")
    assert "No analysed reviews" not in texts(at)
    at.file_uploader(key="review_files").upload("shop.csv", export, "text/csv")
    at.button[0].click().run()  # the form's "Check files"
    assert not at.exception
    assert "Detected columns" in texts(at)
    at.button(key="import_reviews").click().run()
    assert not at.exception, [e.message for e in at.exception]
    done = " ".join(s.value for s in at.success)
    assert "Imported and analysed 3 reviews" in done
    assert any("1 row could not be used" in w.value for w in at.warning)
    assert "3 reviews in the store" in " ".join(c.value for c in at.sidebar.caption)
    at.switch_page("app_pages/overview.py").run()
    assert next(m.value for m in at.metric if m.label == "Reviews") == "3"


def test_upload_says_when_reused_ids_were_kept_under_qualified_ids(tmp_path, monkeypatch):
    from dashboard import common
    from tests.pipeline.fakes import FakeModel

    monkeypatch.setenv("REVIEWLENS_DB", str(tmp_path / "ids.duckdb"))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    monkeypatch.setattr(common, "get_model", lambda: FakeModel())
    shops = {"shop_a.csv": b"id,text,rating\n1,The battery died fast,1\n2,Lovely screen,5\n",
             "shop_b.csv": b"id,text,rating\n1,Delivery was late,2\n3,Great value,5\n"}
    at = run_page("upload")
    for name, export in shops.items():
        at.file_uploader(key="review_files").upload(name, export, "text/csv")
        at.button[0].click().run()
        at.button(key="import_reviews").click().run()
        assert not at.exception, [e.message for e in at.exception]
    assert any("1 review(s) reuse a review id" in i.value for i in at.info)
    assert "4 reviews in the store" in " ".join(c.value for c in at.sidebar.caption)


def test_upload_reports_an_unreadable_file(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWLENS_DB", str(tmp_path / "bad.duckdb"))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    at = run_page("upload")
    at.file_uploader(key="review_files").upload("empty.csv", b"", "text/csv")
    at.button[0].click().run()
    errors = " ".join(e.value for e in at.error)
    assert "empty.csv cannot be used" in errors and "empty" in errors
    assert "import_reviews" not in [b.key for b in at.button]  # nothing to import


def test_sessions_keep_their_own_filters(filled_db):
    first, second = run_page("overview"), run_page("overview")
    first.sidebar.multiselect(key="filter_products").set_value(["P-BAD"]).run()
    second.run()
    reviews = {at: next(m.value for m in at.metric if m.label == "Reviews")
               for at in (first, second)}
    assert int(reviews[first]) < 600
    assert reviews[second] == "600"  # the other session's filter did not leak


def test_settings_adds_a_theme_and_recategorizes_without_encoding(filled_db, monkeypatch):
    from dashboard import common
    from tests.pipeline.fakes import FakeModel

    model = FakeModel()
    monkeypatch.setattr(common, "get_model", lambda: model)
    at = run_page("settings")
    at.text_input[0].input("sustainability")
    at.text_input[1].input("recycled, eco, plastic-free")
    at.button[0].click().run()  # the form's "Add theme"
    assert not at.exception, [e.message for e in at.exception]
    at.button(key="recategorise").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Re-categorised 600 mentions" in s.value for s in at.success)
    assert model.predict_calls == []  # reviews were not encoded again
    from analysis.store import results
    from analysis.store.core import Store

    with Store(filled_db) as store:
        names = results.load_taxonomy_table(store)["name"].tolist()
    assert "sustainability" in names


def test_csv_export_is_built_on_request_and_formula_safe(filled_db):
    import io

    import pandas as pd

    from analysis.insights.filters import ViewFilters
    from dashboard.app_pages.reports import export_bytes
    from dashboard.common import version

    at = run_page("reports")
    assert not at.get("download_button")  # nothing built before asking
    at.button(key="rp_prepare").click().run()
    assert len(at.get("download_button")) == 1
    data = export_bytes(str(filled_db), version(), ViewFilters(), "reviews", "csv")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(frame) == 600
    hostile = frame[frame["text"].str.contains("cmd|", regex=False)]
    assert not hostile.empty and hostile["text"].str.startswith("'=").all()


def test_sales_upload_forecasts_and_fills_the_forecast_page(filled_db, tmp_path):
    from tests.dashboard.conftest import write_sales_csv

    write_sales_csv(tmp_path / "sales.csv")
    at = run_page("upload")
    at.file_uploader(key="sales_files").upload("sales.csv", (tmp_path / "sales.csv").read_bytes(),
                                                "text/csv")
    at.button[0].click().run()
    at.button(key="import_sales").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Imported 120 sales rows in 2 series" in s.value for s in at.success)
    at.switch_page("app_pages/forecast.py").run()
    assert not at.exception
    assert at.selectbox(key="fc_series").options == ["P-BAD", "P-GOOD"]


@pytest.mark.model
def test_upload_with_the_real_model_finds_the_complaint(review_model, tmp_path, monkeypatch):
    from dashboard import common

    monkeypatch.setenv("REVIEWLENS_DB", str(tmp_path / "real.duckdb"))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    monkeypatch.setattr(common, "get_model", lambda: review_model)
    export = (b"review,stars,date,product\n"
              b"The battery died after two days and support never answered.,1,2024-05-01,P1\n"
              b"Lovely screen and the delivery was quick.,5,2024-05-02,P1\n")
    at = run_page("upload")
    at.file_uploader(key="review_files").upload("two.csv", export, "text/csv")
    at.button[0].click().run()
    at.button(key="import_reviews").click().run()
    assert not at.exception, [e.message for e in at.exception]
    at.switch_page("app_pages/overview.py").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Reviews"] == "2"
    assert metrics["Negative share"] == "50%"  # one clear complaint, one clear praise
