"""Old import paths of modules that moved, kept working for one release.

``import summarizer.merge_judge`` still works, gives the very module now at
``summarizer.merge.judge`` (so patching one patches the other), and warns with
a :class:`DeprecationWarning`. No file stays at the old path: the table below
is the only record of it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings

MOVED = {
    "summarizer.assemble": "summarizer.article.assemble",
    "summarizer.batch_io": "summarizer.batch.io",
    "summarizer.dates": "summarizer.text.dates",
    "summarizer.grounding": "summarizer.text.grounding",
    "summarizer.judgements": "summarizer.article.answers",
    "summarizer.names": "summarizer.text.names",
    "summarizer.passes": "summarizer.article.passes",
    "summarizer.pipeline": "summarizer.article.pipeline",
    "summarizer.render": "summarizer.article.render",
    "summarizer.weights": "summarizer.backends.weights",
    "summarizer.window": "summarizer.article.window",
    "summarizer.batch_command": "summarizer.cli.batch",
    "summarizer.cli_many": "summarizer.cli.many",
    "summarizer.cli_support": "summarizer.cli.options",
    "summarizer.dossier": "summarizer.merge.dossier",
    "summarizer.merge_counts": "summarizer.merge.counts",
    "summarizer.merge_dates": "summarizer.merge.dates",
    "summarizer.merge_judge": "summarizer.merge.judge",
    "summarizer.merge_mentions": "summarizer.merge.mentions",
    "summarizer.merge_pairs": "summarizer.merge.pairs",
    "summarizer.merge_parties": "summarizer.merge.parties",
    "summarizer.merge_render": "summarizer.merge.render",
    "summarizer.merge_responsibility": "summarizer.merge.responsibility",
    "summarizer.merge_rules": "summarizer.merge.rules",
    "summarizer.merge_similarity": "summarizer.merge.similarity",
    "summarizer.merge_text": "summarizer.merge.passages",
    "summarizer.merge_timeline": "summarizer.merge.timeline",
}


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old path and hands back the module at its new one."""

    def find_spec(self, name, path=None, target=None):
        if name in MOVED:
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        new = MOVED[spec.name]
        warnings.warn(f"{spec.name} moved to {new}; the old path goes in the next release",
                      DeprecationWarning, stacklevel=2)
        return importlib.import_module(new)

    def exec_module(self, module):
        pass  # the module at the new path is already imported


def install() -> None:
    """Put the alias finder on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _Alias) for f in sys.meta_path):
        sys.meta_path.append(_Alias())
