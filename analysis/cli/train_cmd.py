"""``reviewlens train``: train the engine's adapter and heads on the shared datasets."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    from analysis.training.config import build_arg_parser

    parser = subparsers.add_parser(
        "train", help="train the multi-task MiniLM adapter (sentiment, aspects, polarity)",
        description="Train the engine on SemEval-2014 and Fine Food (train split only; the "
                    "epoch with the best validation score is saved).")
    build_arg_parser(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.training.train import run_from_args

    return run_from_args(args)
