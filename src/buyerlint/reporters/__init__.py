"""Output formats. Each reporter takes finished results and a text stream, nothing else."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from buyerlint.models import FileResult

Reporter = Callable[[Sequence[FileResult], TextIO, bool], None]


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
