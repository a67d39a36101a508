"""Who may see and change the reviews: binding rules, users and roles, sign-in limits.

Pure logic without Streamlit, shared by the CLI (``reviewlens serve``, ``reviewlens users``)
and the dashboard's sign-in gate (``dashboard/auth.py``). See docs/security.md.
"""

from analysis.security.roles import EDITOR, ROLES, VIEWER, can
from analysis.security.users import UserFile, default_users_path

__all__ = ["EDITOR", "ROLES", "VIEWER", "UserFile", "can", "default_users_path"]
