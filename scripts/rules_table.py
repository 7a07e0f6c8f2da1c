"""Print the bundled rules as a Markdown table by category, or update README.md in place.

    python scripts/rules_table.py            # print
    python scripts/rules_table.py --write    # rewrite the table between the README markers
"""
from __future__ import annotations

import sys
from pathlib import Path

from buyerlint import api
from buyerlint.models import CATEGORIES

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def table() -> str:
    rules = api.load_rules()
    lines = []
    for category in CATEGORIES:
        chosen = [r for r in rules if r.category == category]
        lines += [f"**{category}**", "", "| rule | severity | flags |", "|---|---|---|"]
        for r in chosen:
            text = " ".join((r.description or r.message).split()).split(". ")[0].rstrip(".")
            text = text.replace("{match}", "…").replace("|", "\\|")
            lines.append(f"| `{r.id}` | {r.severity.label} | {text} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    if "--write" not in argv:
        sys.stdout.write(table())
        return 0
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table()}{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
