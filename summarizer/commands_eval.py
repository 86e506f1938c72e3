"""Sub-commands of `summarizer eval` (registered by cli.build_parser)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's sub-commands; each sets `func(args) -> exit code`."""
