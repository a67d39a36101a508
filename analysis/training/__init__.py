"""Training of the committed engine artifacts (never run at import time)."""
