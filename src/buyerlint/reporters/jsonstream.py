"""Write indented JSON whose big arrays arrive one item at a time.

``write(stream, template, parts)`` writes exactly ``json.dumps(whole, indent=2,
ensure_ascii=True)``, where ``whole`` is ``template`` with each ``slot(name)`` replaced: by
the items of ``parts[name]`` when the slot is the only element of a list (``[slot("x")]``),
or by the value ``parts[name]()`` returns, called when the writer reaches it (after every
earlier array was written, so a summary can count what went before).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TextIO

Part = Iterable[object] | Callable[[], object]
_MARK = "\x00buyerlint-slot:"


def slot(name: str) -> str:
    """A placeholder for ``parts[name]`` (no draft text can hold it: drafts have no NUL)."""
    return f"{_MARK}{name}\x00"


def dumps(value: object) -> str:
    # ensure_ascii keeps the output valid for any input, lone surrogates included
    return json.dumps(value, indent=2, ensure_ascii=True)


def write(stream: TextIO, template: object, parts: dict[str, Part]) -> None:
    text = dumps(template)
    for name in sorted(parts, key=lambda name: text.index(dumps(slot(name)))):
        part, token = parts[name], dumps(slot(name))
        at = text.index(token)
        line = text.rindex("\n", 0, at) + 1 if "\n" in text[:at] else 0
        pad = text[line:at]
        pad = pad[: len(pad) - len(pad.lstrip(" "))]
        rest = text[at + len(token):]
        if callable(part):
            stream.write(text[:at] + dumps(part()).replace("\n", "\n" + pad))
        else:
            head = text[: line - 1]  # up to and including the list's "["
            first = True
            for item in part:
                stream.write(head if first else ",")
                stream.write("\n" + pad + dumps(item).replace("\n", "\n" + pad))
                first = False
            if first:  # no items: "[]"
                stream.write(head)
                rest = rest[rest.index("]"):]
        text = rest
    stream.write(text)
