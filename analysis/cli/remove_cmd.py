"""``reviewlens remove DATASET [--yes] [--db PATH]``: remove one dataset and its results."""

from __future__ import annotations

import argparse
import sys

from analysis.cli.common import add_db_flag, open_store
from analysis.errors import UserInputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "remove", help="remove a dataset: its reviews, results and rejected rows",
        description="Remove one imported file (see `reviewlens datasets`): its reviews, their "
                    "sentiment and aspect results and its rejected rows, in one transaction. "
                    "Other datasets and the shared sentence cache stay as they are. Removing "
                    "the bundled sample also removes its sales series, and the dashboard does "
                    "not analyse the sample again.",
    )
    parser.add_argument("dataset", metavar="DATASET",
                        help="dataset id, a unique start of it, or the file name")
    parser.add_argument("--yes", action="store_true",
                        help="do not ask for confirmation (needed when not run in a terminal)")
    add_db_flag(parser)
    parser.set_defaults(func=run)


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        raise UserInputError(f"{question} Nothing was removed: there is no terminal to ask "
                             "in; add --yes to remove it.")
    answer = input(f"{question} [y/N] ")
    return answer.strip().lower() in {"y", "yes"}


def run(args: argparse.Namespace) -> int:
    from analysis.services.datasets import remove_dataset, resolve_dataset
    from analysis.store.audit import cli_actor

    with open_store(args.db) as store:
        row = resolve_dataset(store, args.dataset)
        name = "the bundled sample" if row["sample"] else row["source"]
        question = (f"Remove {name} (dataset {row['dataset_id']}, {row['kept']:,} reviews, "
                    f"{row['rejected']:,} rejected rows) from {store.path}?")
        if not args.yes and not _confirm(question):
            print("Nothing was removed.")
            return 1
        removal = remove_dataset(store, str(row["dataset_id"]), actor=cli_actor())
    print(removal.line())
    return 0
