"""``reviewlens datasets [--db PATH]``: list the imported review files (datasets)."""

from __future__ import annotations

import argparse

import pandas as pd

from analysis.cli.common import add_db_flag, open_store


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "datasets", help="list the imported review files (datasets) in the store",
        description="List every imported review file: id, file, format, rows read, reviews "
                    "kept, rows rejected, when it was imported and whether it is the bundled "
                    "sample. Remove one with `reviewlens remove ID`.",
    )
    add_db_flag(parser)
    parser.set_defaults(func=run)


def format_table(frame: pd.DataFrame) -> str:
    """The datasets as an aligned text table (one line per dataset)."""
    shown = pd.DataFrame({
        "id": frame["dataset_id"], "file": frame["source"], "format": frame["format"].fillna(""),
        "rows": frame["rows"].map("{:,}".format), "kept": frame["kept"].map("{:,}".format),
        "rejected": frame["rejected"].map("{:,}".format),
        "imported": pd.to_datetime(frame["imported_at"]).dt.strftime("%Y-%m-%d %H:%M UTC"),
        "sample": frame["sample"].map({True: "sample", False: ""}),
    })
    return shown.to_string(index=False)


def run(args: argparse.Namespace) -> int:
    from analysis.services.datasets import list_datasets

    with open_store(args.db) as store:
        frame = list_datasets(store)
        where = store.path
    if frame.empty:
        print(f"{where}: no datasets yet. Import reviews with `reviewlens analyze FILE --out "
              "DIR` (or the dashboard's Upload page).")
        return 0
    print(format_table(frame))
    print(f"{len(frame)} dataset(s) in {where}")
    return 0
