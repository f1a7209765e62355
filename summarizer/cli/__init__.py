"""The ``summarizer`` command: a thin layer over the Python API.

:mod:`.main` holds the typer app and the one-article commands (``summarize``,
``doctor``); :mod:`.many` the commands over many texts (``eval``, ``batch``,
``merge``); :mod:`.batch` what ``batch`` shows on the terminal; :mod:`.options`
what they all share (options, one-line errors, input and output). No library
module imports this package.
"""

from .main import app, run

__all__ = ["app", "run"]
