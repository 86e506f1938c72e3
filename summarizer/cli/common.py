"""What every command shares: the backend flags, the settings they give, errors and schemas."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from summarizer.core.config import STRATEGIES, Settings, load_settings
from summarizer.core.errors import EXIT_OK
from summarizer.core.resources import data_dir
from summarizer.core.schemas import schema_text
from summarizer.render.outputs import atomic_write_text


def add_backend_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("backend (default: the embedded local model)")
    g.add_argument("--model", help="model name (env SUMMARIZER_MODEL)")
    g.add_argument(
        "--base-url", help="OpenAI-compatible endpoint ending in /v1 (env OPENAI_BASE_URL)"
    )
    g.add_argument(
        "--mode",
        choices=["auto", "json_schema", "tools"],
        help="instructor mode: json_schema for llama.cpp/vLLM/Ollama, tools for OpenAI (auto)",
    )
    g.add_argument(
        "--strategy",
        choices=["auto", *STRATEGIES],
        help="judge (a capable model writes the extraction, the text verifies it), spans (the "
        "model picks among the text's own spans), plain (one unchecked fill); auto: spans for "
        "the embedded model, judge for an endpoint (env SUMMARIZER_STRATEGY)",
    )
    g.add_argument(
        "--timeout", type=float, dest="timeout_s", help="seconds per request (120; embedded 600)"
    )
    g.add_argument(
        "--max-retries", type=int, help="client retries on network/429/5xx (2; embedded 1)"
    )
    g.add_argument("--reasks", type=int, help="re-asks after an invalid answer (2)")
    g.add_argument("--max-tokens", type=int, help="completion tokens per request (1536)")
    g.add_argument("--config", help="TOML settings file (env SUMMARIZER_CONFIG)")
    c = p.add_argument_group("cache")
    c.add_argument(
        "--cache-dir", help="cache folder (env SUMMARIZER_CACHE_DIR; ~/.cache/summarizer)"
    )
    c.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {
        "model": args.model,
        "base_url": args.base_url,
        "mode": args.mode,
        "strategy": args.strategy,
        "timeout_s": args.timeout_s,
        "max_retries": args.max_retries,
        "reasks": args.reasks,
        "max_tokens": args.max_tokens,
        "cache_dir": args.cache_dir,
        "use_cache": False if args.no_cache else None,
    }
    return load_settings(overrides, config_file=args.config)


def print_error(message: str) -> None:
    print(f"summarizer: error: {message}", file=sys.stderr)


def emit_schema(schema: dict[str, Any], filename: str, *, write: bool) -> int:
    """Print a JSON Schema, or write it to schemas/<filename> (where the drift tests read it)."""
    text = schema_text(schema)
    if write:
        target = data_dir("schemas") / filename
        atomic_write_text(target, text)
        print(f"wrote {target}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


__all__ = ["add_backend_flags", "emit_schema", "print_error", "settings_from_args"]
