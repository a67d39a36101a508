"""Static report charts drawn with matplotlib into PNG bytes (no browser needed).

Each function takes a view-model table from :mod:`analysis.insights` and returns
PNG bytes, so the PDF shows the same numbers as the dashboard's plotly figures.
"""

from __future__ import annotations

import functools
import io

import matplotlib

matplotlib.use("Agg")  # headless: never needs a display

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from analysis.reports.fonts import find_fonts  # noqa: E402

GREEN, RED, BLUE, GREY = "#2e7d32", "#c62828", "#1565c0", "#607d8b"


@functools.cache
def _font_families() -> tuple[str, ...]:
    """Register the report fonts with matplotlib; Latin first, CJK as fallback."""
    families: list[str] = []
    fonts = find_fonts()
    for path in (fonts.latin, fonts.cjk):
        if path is None:
            continue
        try:
            font_manager.fontManager.addfont(str(path))
            families.append(font_manager.FontProperties(fname=str(path)).get_name())
        except (OSError, RuntimeError, ValueError):
            continue
    return tuple(dict.fromkeys([*families, "DejaVu Sans"]))


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=130, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _figure(width: float, height: float):
    plt.rcParams["font.family"] = list(_font_families())
    fig, ax = plt.subplots(figsize=(width, height))
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def aspect_chart(table: pd.DataFrame, label: str = "category", title: str = "") -> bytes:
    """Net sentiment with 95% CI whiskers for the 12 most-mentioned rows (green positive, red
    negative)."""
    data = table.nlargest(12, "mentions").sort_values("net_sentiment")
    fig, ax = _figure(6.5, max(1.8, 0.32 * len(data) + 0.9))
    if data.empty:
        ax.text(0.5, 0.5, "No aspect mentions", ha="center", va="center")
        ax.set_axis_off()
        return _png(fig)
    values = data["net_sentiment"].to_numpy()
    errors = [values - data["ci_low"].to_numpy(), data["ci_high"].to_numpy() - values]
    colors = [GREEN if v >= 0 else RED for v in values]
    ax.barh(data[label].astype(str), values, xerr=errors, color=colors, ecolor="#455a64",
            capsize=2)
    ax.axvline(0, color="#263238", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("net sentiment (share positive − share negative)")
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return _png(fig)


def sentiment_time_chart(series: pd.DataFrame, title: str = "") -> bytes:
    """Reviews per period (bars) and net sentiment (line, right axis)."""
    fig, ax = _figure(6.5, 2.6)
    if series.empty:
        ax.text(0.5, 0.5, "No dated reviews", ha="center", va="center")
        ax.set_axis_off()
        return _png(fig)
    width = max(1.0, (series["period"].diff().dt.days.median() or 7) * 0.8)
    ax.bar(series["period"], series["reviews"], width=width, color="#b0bec5", label="reviews")
    ax.set_ylabel("reviews")
    right = ax.twinx()
    if "net_lo" in series:  # the band; NaN periods (too few reviews) stay gaps
        right.fill_between(series["period"], series["net_lo"].astype(float),
                           series["net_hi"].astype(float), color=BLUE, alpha=0.15, linewidth=0)
    right.plot(series["period"], series["net_sentiment"].astype(float), color=BLUE, marker=".",
               label="net sentiment")
    right.set_ylim(-1, 1)
    right.set_ylabel("net sentiment")
    right.spines[["top"]].set_visible(False)
    fig.autofmt_xdate()
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return _png(fig)


def forecast_chart(history: pd.DataFrame, forecast: pd.DataFrame, title: str = "") -> bytes:
    """Sales history with the forecast and its 80%/95% prediction intervals."""
    fig, ax = _figure(6.5, 2.6)
    if history.empty and forecast.empty:
        ax.text(0.5, 0.5, "No sales data", ha="center", va="center")
        ax.set_axis_off()
        return _png(fig)
    if not history.empty:
        ax.plot(history["ds"], history["y"], color="#37474f", linewidth=1.2, label="sales")
    if not forecast.empty:
        ax.fill_between(forecast["ds"], forecast["yhat_lo_95"], forecast["yhat_hi_95"],
                        color=BLUE, alpha=0.12, label="95% interval")
        ax.fill_between(forecast["ds"], forecast["yhat_lo_80"], forecast["yhat_hi_80"],
                        color=BLUE, alpha=0.25, label="80% interval")
        ax.plot(forecast["ds"], forecast["yhat"], color=BLUE, linestyle="--", label="forecast")
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    fig.autofmt_xdate()
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return _png(fig)
