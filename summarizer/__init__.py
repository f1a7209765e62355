"""summarizer: structured, source-grounded summaries of news articles.

    from summarizer import summarize
    result = summarize(open("article.txt").read())
    print(result.incident.event_type, [p.name for p in result.parties])
"""

__version__ = "0.1.0"

from . import _moved  # noqa: E402

_moved.install()

from .backends import Backend, BackendConfig, ScriptedBackend, get_backend  # noqa: E402
from .errors import (  # noqa: E402
    BackendError, ConfigError, InputError, RetriesExhausted, SummarizerError,
)
from .batch import asummarize_many, summarize_many  # noqa: E402
from .article.pipeline import asummarize, summarize  # noqa: E402
from .files import read_article  # noqa: E402
from .merge.dossier import IncidentDossier  # noqa: E402
from .merge import merge_reports  # noqa: E402
from .schema import (  # noqa: E402
    ArticleSummary, Incident, LegalClaim, Location, Party, Reaction, RunInfo, Span, Usage,
)

__all__ = [
    "ArticleSummary", "Backend", "BackendConfig", "BackendError", "ConfigError", "Incident", "IncidentDossier",
    "InputError", "LegalClaim", "Location", "Party", "Reaction", "RetriesExhausted", "RunInfo",
    "ScriptedBackend", "Span", "SummarizerError", "Usage", "asummarize", "asummarize_many",
    "get_backend", "merge_reports", "read_article", "summarize", "summarize_many",
]
