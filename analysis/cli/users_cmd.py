"""``reviewlens users add|remove|list``: who may sign in to the dashboard, with which role.

Passwords are read from a prompt (twice, not echoed) or, with ``--password-stdin``, from the
first line of standard input, never from the command line (where other users and the shell
history would see them). Hashes are Argon2id (analysis/security/users.py).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from analysis.errors import UserInputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "users", help="manage dashboard sign-in users",
        description="Add, remove or list the users who may sign in to the dashboard. The file "
                    "lives in $REVIEWLENS_USERS or the user's config directory (mode 0600).")
    parser.add_argument("--users", default=None, help="users file (default: config directory)")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user or change their role/password")
    add.add_argument("name")
    add.add_argument("--role", choices=["viewer", "editor"], default="viewer",
                     help="viewer: read and download; editor: also upload, remove, edit taxonomy")
    how = add.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    how.add_argument("--oidc", action="store_true",
                     help="no password: NAME is the e-mail an OpenID Connect provider reports")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    actions.add_parser("list", help="list users and roles (never the hashes)")
    parser.set_defaults(func=run)


def _password(args: argparse.Namespace) -> str | None:
    if args.oidc:
        return None
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UserInputError("no password on standard input (one line expected).")
        return line
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Repeat the password: ") != first:
        raise UserInputError("the two passwords differ; nothing was changed.")
    return first


def run(args: argparse.Namespace) -> int:
    from analysis.security.users import UserFile

    users = UserFile(Path(args.users).expanduser() if args.users else None)
    if args.action == "add":
        users.add(args.name, args.role, _password(args))
        print(f"{args.name}: {args.role} ({users.path})")
    elif args.action == "remove":
        if not users.remove(args.name):
            raise UserInputError(f"there is no user {args.name!r} in {users.path}.")
        print(f"removed {args.name} ({users.path})")
    else:
        listed = users.users()
        if not listed:
            print(f"no users in {users.path}")
        for user in listed.values():
            kind = "password" if user.password_hash else "OpenID Connect"
            print(f"{user.name}\t{user.role}\t{kind}")
    return 0
