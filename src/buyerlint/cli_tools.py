"""Commands around the rules and the set-up: rules, explain, test-rules, init, baseline."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from buyerlint import api, baseline, packs, selection, selftest
from buyerlint.cli_options import config_options, load_settings
from buyerlint.errors import ConfigError
from buyerlint.models import CATEGORIES, SEVERITY_NAMES
from buyerlint.reporters.safe import printable
from buyerlint.rule import Rule

PRE_COMMIT_SNIPPET = """\
# .pre-commit-config.yaml
repos:
  - repo: <URL of the buyerlint repository>
    rev: v{version}
    hooks:
      - id: buyerlint
"""
STARTER_CONFIG = """\
# buyerlint configuration: https://… see README, section "Configuration"
# Packs to use: bundled names (contact, links, marketing, message, optout, payment,
# reviews, content, styling) or paths to your own packs.
# packs: [contact, links, marketing, message, optout, payment, reviews, content, styling]

# Rules to leave out (rule ids, pack names, categories or prefixes such as "styling.").
ignore: []

# Change a rule's severity: error | warning | info
severity: {{}}

# Exit with 1 on findings at or above this severity.
fail-on: error

# Links Amazon allows when they are needed for the order (e.g. your warranty registration site).
allow-domains: []

# Paths not to lint when walking folders.
exclude: []
"""


@click.command("rules")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only this category.")
@click.option("--severity", type=click.Choice(SEVERITY_NAMES), help="Only this severity.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@config_options
def rules_cmd(category: str | None, severity: str | None, as_json: bool, config_file: Path | None, isolated: bool,
              pack_specs: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...]) -> int:
    """List the rules in effect: id, category, severity and what each one flags."""
    cfg, rules = load_settings(config_file, isolated, pack_specs, select, ignore)
    chosen = [r for r in selection.apply(rules, cfg)
              if (category is None or r.category == category) and (severity is None or r.severity.label == severity)]
    if as_json:
        click.echo(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity.label,
                                "kind": r.kind_name, "summary": _summary(r), "policy": r.policy} for r in chosen],
                              indent=2))
        return 0
    width = max((len(r.id) for r in chosen), default=10)
    for r in chosen:
        click.echo(f"{r.id:<{width}}  {r.category:<22}  {r.severity.label:<7}  {_summary(r)}")
    return 0


def _summary(rule: Rule) -> str:
    text = rule.description or rule.message
    first = " ".join(text.split()).split(". ")[0]
    return first.replace("{match}", "…").rstrip(".")


@click.command("explain")
@click.argument("rule_id")
@config_options
def explain_cmd(rule_id: str, config_file: Path | None, isolated: bool, pack_specs: tuple[str, ...],
                select: tuple[str, ...], ignore: tuple[str, ...]) -> int:
    """Explain a rule: message, rationale, how to fix, policy source and examples."""
    _cfg, loaded = load_settings(config_file, isolated, pack_specs, (), ())
    rules = {r.id: r for r in loaded}
    rule = rules.get(rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id, list(rules), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else " (see `buyerlint rules`)"
        raise ConfigError(f"unknown rule {rule_id!r}{hint}")
    out = [
        f"{rule.id}  ({rule.category}, {rule.severity.label}, kind {rule.kind_name})",
        "",
        f"Message:   {rule.message}",
    ]
    if rule.description:
        out += ["", "Why:", "  " + " ".join(rule.description.split())]
    out += ["", "How to fix:", "  " + " ".join(rule.help.split()), "", f"Policy:    {rule.policy}",
            f"Defined:   {rule.source}:{rule.line}"]
    if rule.examples.fail:
        out += ["", "Flagged:"] + [f"  ✗ {printable(t)}" for t in rule.examples.fail]
    if rule.examples.passes:
        out += ["", "Not flagged:"] + [f"  ✓ {printable(t)}" for t in rule.examples.passes]
    click.echo("\n".join(out))
    return 0


@click.command("test-rules")
@click.argument("pack_specs", nargs=-1, required=True, metavar="PACK...")
def test_rules_cmd(pack_specs: tuple[str, ...]) -> int:
    """Run each rule's own examples and report pass/fail per rule."""
    failed = 0
    total = 0
    for pack in packs.load_packs(pack_specs):
        click.echo(f"{pack.name} ({pack.source})")
        for check in selftest.check_rules(pack.rules):
            total += 1
            if check.ok:
                click.echo(f"  PASS  {check.rule.id}  ({len(check.rule.examples.fail)} fail, "
                           f"{len(check.rule.examples.passes)} pass examples)")
                continue
            failed += 1
            click.echo(f"  FAIL  {check.rule.id}  ({check.rule.source}:{check.rule.line})")
            if check.no_examples:
                click.echo("        needs examples: at least one 'fail' and one 'pass'")
            for text in check.missed:
                click.echo(f"        not flagged: {printable(text)!r}")
            for text in check.wrongly_flagged:
                click.echo(f"        flagged but should pass: {printable(text)!r}")
    click.echo(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


@click.command("init")
@click.option("--force", is_flag=True, help="Overwrite an existing .buyerlint.yaml.")
def init_cmd(force: bool) -> int:
    """Write a starter .buyerlint.yaml here and print the pre-commit snippet."""
    from buyerlint import __version__

    target = Path(".buyerlint.yaml")
    if target.exists() and not force:
        raise ConfigError(f"{target} already exists (use --force to overwrite)")
    target.write_text(STARTER_CONFIG.format(), encoding="utf-8")
    click.echo(f"wrote {target}")
    click.echo("\nAdd buyerlint to your pre-commit hooks:\n")
    click.echo(PRE_COMMIT_SNIPPET.format(version=__version__))
    return 0


@click.command("baseline")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(baseline.DEFAULT_NAME), show_default=True, help="Baseline file to write.")
@config_options
def baseline_cmd(paths: tuple[str, ...], out: Path, config_file: Path | None, isolated: bool,
                 pack_specs: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...]) -> int:
    """Accept the current findings: write them to a baseline file that `check --baseline` skips."""
    cfg, rules = load_settings(config_file, isolated, pack_specs, select, ignore)
    results = api.iter_paths(paths, rules, read_stdin=lambda n: sys.stdin.buffer.read(n), config=cfg,
                             keep_text=False)
    n = baseline.write(results, out)
    click.echo(f"wrote {out} with {n} entr{'y' if n == 1 else 'ies'}")
    return 0


COMMANDS = (rules_cmd, explain_cmd, test_rules_cmd, init_cmd, baseline_cmd)
