"""The one error type for how the tool was called (exit code 2): an unknown option value, a missing path,
broken settings or rule data. Commands turn it into one message on standard error."""

from __future__ import annotations


class UsageError(Exception):
    """A problem with how the tool was called, its settings or its rule data (exit code 2)."""
