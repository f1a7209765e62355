"""Whether this process may load the embedded model: off in the test suite.

Set ``ALLOW_MODEL_REQUESTS = False`` (or ``SUMMARIZER_ALLOW_MODEL_REQUESTS=0``
in the environment, which subprocesses inherit) and loading the model's
weights raises :class:`ModelRequestsForbidden` instead of assembling and
loading 1.1 GB, so a test that forgets to give a backend fails at once and
says why. The suite's conftest turns it off for every test not marked
``model``. Scripted backends, a test's own fake model and servers are not
affected. (pydantic-ai's ``ALLOW_MODEL_REQUESTS`` is the model for this.)
"""

from __future__ import annotations

import contextlib
import os
from typing import Iterator

from ..errors import ConfigError

ALLOW_MODEL_REQUESTS = True
ENV = "SUMMARIZER_ALLOW_MODEL_REQUESTS"


class ModelRequestsForbidden(ConfigError):
    """The embedded model was about to load while model requests are off."""


def allowed() -> bool:
    """Whether the model may load: the flag and the environment both allow it."""
    return ALLOW_MODEL_REQUESTS and os.environ.get(ENV, "1").strip().lower() not in ("0", "false", "no")


def check(what: str) -> None:
    """Raise :class:`ModelRequestsForbidden` when the model may not load.

    Raises:
        ModelRequestsForbidden: model requests are off (in tests: give the code
            a ``backend=``, e.g. a ScriptedBackend, or mark the test ``model``).
    """
    if not allowed():
        raise ModelRequestsForbidden(
            f"{what}: model requests are off here ({ENV}=0 or guard.ALLOW_MODEL_REQUESTS is False); "
            "give a backend (e.g. ScriptedBackend), or mark the test 'model'")


@contextlib.contextmanager
def allow_model_requests(allow: bool = True) -> Iterator[None]:
    """Set the flag for a block and put it back after."""
    global ALLOW_MODEL_REQUESTS
    before, ALLOW_MODEL_REQUESTS = ALLOW_MODEL_REQUESTS, allow
    try:
        yield
    finally:
        ALLOW_MODEL_REQUESTS = before
