"""Options shared by the commands that load rules, and turning them into config + rules."""
from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

import click

from buyerlint import api, config, selection
from buyerlint.rule import Rule


def config_options(f: click.decorators.FC) -> click.decorators.FC:
    """Options shared by every command that loads rules."""
    for option in reversed([
        click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Use this config file (.buyerlint.yaml or pyproject.toml) instead of discovery."),
        click.option("--isolated", is_flag=True, help="Ignore every config file."),
        click.option("--pack", "pack_specs", multiple=True, metavar="NAME|PATH",
                     help="Rule pack to use (repeatable); replaces the config's packs."),
        click.option("--select", multiple=True, metavar="SELECTOR",
                     help="Only these rules: rule id, pack, category or prefix (repeatable)."),
        click.option("--ignore", multiple=True, metavar="SELECTOR", help="Leave out these rules (repeatable)."),
    ]):
        f = option(f)
    return f


def load_settings(
    config_file: Path | None, isolated: bool, pack_specs: Sequence[str], select: Sequence[str],
    ignore: Sequence[str], fail_on: str | None = None,
) -> tuple[config.Config, tuple[Rule, ...]]:
    cfg = config.load_config(config_file=config_file, isolated=isolated).with_overrides(
        packs=tuple(pack_specs) or None, select=tuple(select) or None, ignore=tuple(ignore) or None,
        fail_on=fail_on,
    )
    rules = api.load_rules(cfg.packs)
    selection.validate(rules, cfg)
    # the rules live as long as this process: frozen, the collector no longer walks their
    # thousands of objects in every full collection nor once more at exit
    gc.freeze()
    return cfg, rules
