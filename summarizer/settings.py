"""Defaults every entry point shares (the CLI, summarize, batch, merge), defined once.

Kept free of heavy imports so the CLI's option declarations can use them.
"""

from __future__ import annotations

PASS_RETRIES = 1
"""Re-asks allowed when a reply fails validation; a pass that still fails is marked failed, not fatal."""

DEFAULT_MAX_TOKENS = 1200
"""The most any one pass may generate."""

DEFAULT_TIMEOUT = 120.0
"""Seconds one request to a model server may take in all, the client's own retries included."""
