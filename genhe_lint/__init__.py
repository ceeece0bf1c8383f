"""genhe-lint: a linter for government information-disclosure catalogs (政府信息主动公开目录)."""

from __future__ import annotations

__version__ = "0.1.0"
