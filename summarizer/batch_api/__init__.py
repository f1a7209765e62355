"""Many articles through an OpenAI-compatible Batch API (``/v1/files``, ``/v1/batches``), resumably.

``summarizer batch INPUTS --out results.jsonl --batch-api --model gpt-4o-mini``
plans every article locally, sends one request per pass (``custom_id``:
article id ``#`` pass), waits for the batches, and assembles each summary
with the online path's own code, appending it to ``--out`` as ``batch`` does.

- :mod:`.command`: the checks before a run (:func:`run_batch_api`); :mod:`.rounds`: the run, round by round;
- :mod:`.replay`: the online pipeline, answered from batch results;
- :mod:`.state`: what was sent, recorded beside ``--out`` before each next step;
- :mod:`.answers`: what came back, by article, pass and request body;
- :mod:`.client`: upload, create, poll, download, each checked against the server on resume;
- :mod:`.report`: progress on stderr, tokens per pass and Batch prices.

Differences from the online path: a reply that fails validation is not
re-asked (a batch request is one attempt; the pass is listed in
``run.failed_sections``, as online after its last re-ask), and nothing is read
from or stored in the result cache.
"""

from .command import run_batch_api

__all__ = ["run_batch_api"]
