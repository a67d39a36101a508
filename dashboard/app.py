"""ReviewLens dashboard entry point: ``streamlit run dashboard/app.py -- --db PATH``.

Declares the pages with ``st.navigation``, analyses the bundled sample data on the first start
of an empty store (unless ``--no-sample``), draws the sidebar filters every page honours, then
runs the selected page. Pages live in ``dashboard/app_pages/`` (not ``pages/``, which Streamlit
would also register as legacy pages) and only render what ``analysis`` returns.
"""

from __future__ import annotations

import streamlit as st

from dashboard import common

st.set_page_config(page_title="ReviewLens", page_icon=":material/reviews:", layout="wide")

PAGES = {
    "Insights": [
        st.Page(
            "app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True
        ),
        st.Page(
            "app_pages/strengths.py", title="Strengths & weaknesses", icon=":material/balance:"
        ),
        st.Page("app_pages/aspects.py", title="Aspects explorer", icon=":material/search:"),
        st.Page("app_pages/trends.py", title="Trends", icon=":material/trending_up:"),
        st.Page("app_pages/forecast.py", title="Forecast", icon=":material/query_stats:"),
        st.Page("app_pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
    ],
    "Data": [
        st.Page("app_pages/upload.py", title="Upload", icon=":material/upload_file:"),
        st.Page("app_pages/reports.py", title="Reports", icon=":material/picture_as_pdf:"),
        st.Page("app_pages/settings.py", title="Settings", icon=":material/settings:"),
    ],
}

navigation = st.navigation(PAGES)
with common.stop_if_store_busy():  # every store read of this run, sidebar and page alike
    common.bootstrap_sample_if_empty()
    common.sidebar_filters()
    navigation.run()
