"""``reviewlens forecast``: forecast sales series with a backtested model combination.

Writes ``DIR/forecast.csv`` (``series_id, date, yhat, yhat_lo_80, yhat_hi_80, yhat_lo_95,
yhat_hi_95``, H rows per series), ``DIR/backtest.csv`` (per series and model: MASE, sMAPE,
80%/95% coverage) and ``DIR/messages.csv``, and prints each series' messages. A re-run on the
same data and settings is read back from the store. An unusable file exits with status 2.
Planned holiday/promotion flags come from future rows of INPUT and from ``--events FILE``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from analysis.cli.common import add_db_flag, add_engine_flags, open_store
from analysis.forecasting.explain import describe_frequency, period_word
from analysis.forecasting.schema import to_file_names


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "forecast", help="forecast sales series with backtests and intervals",
        description="Forecast sales (CSV/XLSX/JSON, long or wide) H periods ahead with a "
        "combination of statistical models weighted by a rolling-origin backtest, with "
        "calibrated 80%%/95%% intervals.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--horizon", type=int, required=True, metavar="H",
                        help="periods to forecast")
    parser.add_argument("--date-col", metavar="C", help="column holding the date")
    parser.add_argument("--value-col", metavar="C", help="column holding the sales value")
    parser.add_argument("--series-col", metavar="C",
                        help="column naming the series (product, store, sku)")
    parser.add_argument("--freq", metavar="F",
                        help="D, W-MON..W-SUN, MS or ME (detected when not given)")
    parser.add_argument("--events", type=Path, metavar="FILE",
                        help="planned holiday/promotion flags (CSV/XLSX: date, optional "
                        "series, 0/1 flag columns; a row without a series applies to all)")
    parser.add_argument("--windows", type=_windows, default="auto",
                        help="backtest windows, or auto (default: as many as the history "
                             "allows, up to 6)")
    parser.add_argument("--jobs", type=int, default=1, help="parallel processes (default 1)")
    add_engine_flags(parser)
    add_db_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.errors import UserInputError
    from analysis.services.sales import forecast_sales, read_sales
    from analysis.textsafety import to_safe_csv

    if args.horizon < 1:
        raise UserInputError(f"--horizon must be a positive number of periods, got "
                             f"{args.horizon}.")
    if args.address and args.engine != "ray":
        raise UserInputError("--address names a Ray cluster: use it with --engine ray.")
    ingested = read_sales(args.inputs, date_col=args.date_col, value_col=args.value_col,
                          series_col=args.series_col, freq=args.freq, events=args.events)
    with open_store(args.db) as store, tqdm(total=1, desc="forecast", unit="step",
                                            file=sys.stderr, disable=None) as bar:
        def progress(done: int, total: int, stage: str) -> None:
            bar.set_description(stage)
            bar.total = max(total, 1)
            bar.n = min(done, bar.total)
            bar.refresh()

        outcome = forecast_sales(store, ingested, args.horizon, progress,
                                 windows=args.windows, n_jobs=args.jobs, engine=args.engine,
                                 address=args.address, workers=args.workers)
    result = outcome.result
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    forecast = to_file_names(result.forecast)
    forecast = forecast.assign(date=forecast["date"].dt.strftime("%Y-%m-%d"))
    to_safe_csv(forecast, out / "forecast.csv")
    to_safe_csv(to_file_names(result.backtest), out / "backtest.csv")
    messages = _all_messages(outcome.ingest_issues, result.messages)
    to_safe_csv(messages, out / "messages.csv")
    for row in messages.itertuples(index=False):
        print(f"[{row.severity}] {row.series_id}: {row.message}")
    series = result.forecast["unique_id"].nunique()
    source = "read from the store" if outcome.from_cache else "computed"
    print(f"{series} series, {describe_frequency(outcome.freq)}, forecast {args.horizon} "
          f"{period_word(outcome.freq, args.horizon)} ahead ({source}; combination: "
          f"{result.strategy}); wrote {out / 'forecast.csv'} and {out / 'backtest.csv'}.")
    return 0


def _windows(value: str) -> int | str:
    """``auto`` or a positive number of backtest windows."""
    if value == "auto":
        return value
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number or auto, got {value!r}")
    return int(value)


def _all_messages(issues, messages):
    import pandas as pd

    return pd.concat([issues.assign(stage="ingest"),
                      to_file_names(messages).assign(stage="forecast")],
                     ignore_index=True)[["series_id", "stage", "severity", "message"]]
