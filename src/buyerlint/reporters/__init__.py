"""Output formats. Each reporter takes results and a text stream, nothing else.

Results may be a stream (``api.iter_paths``): a reporter reads them once, in order, writes as
it goes where its format allows, and keeps nothing of a result it no longer needs.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from buyerlint.models import FileResult

Reporter = Callable[[Iterable[FileResult], TextIO, bool], None]


def get(name: str) -> Reporter:
    """The reporter for a format name (imported lazily: rich only when it is needed)."""
    if name == "json":
        from buyerlint.reporters.jsonreport import report
    elif name == "concise":
        from buyerlint.reporters.concise import report
    elif name == "rich":
        from buyerlint.reporters.rich_text import report
    elif name == "sarif":
        from buyerlint.reporters.sarif import report
    elif name == "github":
        from buyerlint.reporters.github import report
    elif name == "jsonl":
        from buyerlint.reporters.jsonl import report
    elif name == "junit":
        from buyerlint.reporters.junit import report
    elif name == "statistics":
        from buyerlint.reporters.statistics import report
    else:
        raise KeyError(name)
    return report


FORMATS: tuple[str, ...] = ("rich", "concise", "json", "jsonl", "sarif", "github", "junit")
