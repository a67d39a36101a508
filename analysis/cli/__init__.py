"""The ``reviewlens`` command line: one module per subcommand, each with ``register``.

A subcommand module defines ``register(subparsers)`` which adds its parser and sets
``func=run`` where ``run(args) -> int`` returns the exit status. Unusable input raises
:class:`analysis.errors.UserInputError`; it is printed as one paragraph on stderr with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from analysis.errors import UserInputError

SUBCOMMANDS = [
    "ingest", "inspect", "analyze", "forecast", "report", "serve", "train", "datasets", "remove",
    "users", "forget",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewlens", description="Review analytics and market trends for e-commerce."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"analysis.cli.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name == f"analysis.cli.{name}_cmd":
                continue  # subcommand not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserInputError as exc:
        print(f"reviewlens {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
