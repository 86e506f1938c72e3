"""Settings from CLI flags, environment variables and an optional TOML file (in that order)."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from summarizer.core.errors import ConfigError

EMBEDDED_MODEL = "gemma-3-270m-q4_k_m"
DEFAULT_REMOTE_MODEL = "gpt-4o-mini"

# USD per million tokens (input, output). Overridable with [prices] in the config file.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    EMBEDDED_MODEL: (0.0, 0.0),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
}

EMBEDDED_TIMEOUT_S = 600.0
EMBEDDED_MAX_RETRIES = 1
JUDGE_MAX_TOKENS = 8192

MODES = ("auto", "json_schema", "tools")
# judge: a capable model writes the extraction and the text verifies it; spans: the model
# only picks among the text's own spans (the embedded model); plain: one free fill, unchecked
# judgement (kept as the reference a plain instructor call gives). auto: spans for the
# embedded model, judge for an endpoint.
STRATEGIES = ("judge", "spans", "plain")


@dataclass(frozen=True)
class Settings:
    """Everything that decides how documents are summarized.

    `api_key` is kept out of `repr` so it cannot reach a log by accident.
    """

    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    model: str | None = None
    mode: str = "auto"
    strategy: str = "spans"
    cache_dir: Path | None = None
    use_cache: bool = True
    timeout_s: float = 120.0
    max_retries: int = 2
    reasks: int = 2
    max_tokens: int = 1536
    temperature: float = 0.0
    seed: int = 42
    n_ctx: int = 8192
    threads: int = 0
    prompt_cache: bool = False
    prices: Mapping[str, tuple[float, float]] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    # Batch API prices per model (input, output); a model not named here pays half its price.
    batch_prices: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def embedded(self) -> bool:
        """True when no endpoint is configured and the embedded model serves."""
        return not self.base_url

    @property
    def model_name(self) -> str:
        if self.model:
            return self.model
        return EMBEDDED_MODEL if self.embedded else DEFAULT_REMOTE_MODEL

    @property
    def backend(self) -> str:
        return "embedded" if self.embedded else "openai-compatible"

    @property
    def resolved_mode(self) -> str:
        """json_schema for llama.cpp-style servers, tools for OpenAI itself."""
        if self.mode != "auto":
            return self.mode
        if self.embedded:
            return "json_schema"
        url = (self.base_url or "").lower()
        return "tools" if ("api.openai.com" in url or "openai.azure.com" in url) else "json_schema"

    def cost_usd(
        self,
        prompt_tokens: int,
        completion_tokens: int,
        *,
        batch_prompt_tokens: int = 0,
        batch_completion_tokens: int = 0,
    ) -> float:
        """What these tokens cost: the `batch_*` share of them at the Batch API's prices."""
        price_in, price_out = self.prices.get(self.model_name, (0.0, 0.0))
        batch_in, batch_out = self.batch_price()
        online = (prompt_tokens - batch_prompt_tokens) * price_in + (
            completion_tokens - batch_completion_tokens
        ) * price_out
        batched = batch_prompt_tokens * batch_in + batch_completion_tokens * batch_out
        return round((online + batched) / 1e6, 6)

    def batch_price(self) -> tuple[float, float]:
        """USD per million tokens (input, output) through the Batch API: [prices] gives them
        as a model's third and fourth numbers, else half the online price (OpenAI's and Azure's
        discount)."""
        if self.model_name in self.batch_prices:
            return self.batch_prices[self.model_name]
        price_in, price_out = self.prices.get(self.model_name, (0.0, 0.0))
        return price_in / 2, price_out / 2

    def generation_params(self) -> dict[str, Any]:
        """What changes the model's answer, for cache keys (never the API key)."""
        return {
            "mode": self.resolved_mode,
            "strategy": self.strategy,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "seed": self.seed,
            "reasks": self.reasks,
            "n_ctx": self.n_ctx if self.embedded else None,
        }


_ENV = {
    "OPENAI_BASE_URL": "base_url",
    "OPENAI_API_KEY": "api_key",
    "SUMMARIZER_MODEL": "model",
    "SUMMARIZER_MODE": "mode",
    "SUMMARIZER_STRATEGY": "strategy",
    "SUMMARIZER_CACHE_DIR": "cache_dir",
    "SUMMARIZER_TIMEOUT": "timeout_s",
    "SUMMARIZER_MAX_TOKENS": "max_tokens",
}


def _config_path(explicit: str | Path | None) -> Path | None:
    if explicit:
        return Path(explicit)
    env = os.environ.get("SUMMARIZER_CONFIG")
    if env:
        return Path(env)
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    candidate = home / "summarizer" / "config.toml"
    return candidate if candidate.is_file() else None


def _coerce(name: str, value: Any) -> Any:
    kinds = {f.name: f.type for f in fields(Settings)}
    kind = str(kinds[name])
    try:
        if name == "cache_dir":
            return Path(value).expanduser() if value not in (None, "") else None
        if "bool" in kind:
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if kind.startswith("int"):
            return int(value)
        if kind.startswith("float"):
            return float(value)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"setting {name!r}: cannot read {value!r} ({e})") from e
    return value


def load_settings(
    overrides: Mapping[str, Any] | None = None, *, config_file: str | Path | None = None
) -> Settings:
    """Build settings: defaults < config file < environment < explicit overrides (CLI flags).

    Args:
        overrides: Values from the command line or the Python API; None values are ignored.
        config_file: A TOML file (default: $SUMMARIZER_CONFIG, ~/.config/summarizer/config.toml).

    Raises:
        ConfigError: Unreadable config file, unknown keys or bad values.
    """
    values: dict[str, Any] = {}
    names = {f.name for f in fields(Settings)}
    path = _config_path(config_file)
    prices = dict(DEFAULT_PRICES)
    batch_prices: dict[str, tuple[float, float]] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"cannot read config file: {e}", path=str(path)) from e
        table = dict(data.get("summarizer", data))
        if "summarizer" in data and "prices" in data:
            # [prices] may stand beside [summarizer] as well as inside it.
            table["prices"] = {**data["prices"], **table.get("prices", {})}
        for key, value in table.items():
            if key == "prices":
                try:
                    for m, p in value.items():
                        if len(p) not in (2, 4):
                            raise ValueError(m)
                        prices[m] = (float(p[0]), float(p[1]))
                        if len(p) == 4:
                            batch_prices[m] = (float(p[2]), float(p[3]))
                except (TypeError, ValueError, IndexError, AttributeError) as e:
                    raise ConfigError(
                        "[prices] entries must be model = [input_usd, output_usd] per 1M tokens, "
                        "optionally followed by the Batch API's [..., batch_input_usd, "
                        "batch_output_usd]",
                        path=str(path),
                    ) from e
                continue
            if key == "api_key":
                raise ConfigError(
                    "put the API key in OPENAI_API_KEY, not in the config file", path=str(path)
                )
            if key not in names:
                raise ConfigError(f"unknown setting {key!r}", path=str(path))
            values[key] = _coerce(key, value)
    for env, name in _ENV.items():
        raw = os.environ.get(env)
        if raw not in (None, ""):
            values[name] = _coerce(name, raw)
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key not in names:
            raise ConfigError(f"unknown setting {key!r}")
        values[key] = _coerce(key, value)
    strategy = values.pop("strategy", "auto")
    if strategy == "auto":
        strategy = "judge" if values.get("base_url") else "spans"
    if strategy == "judge":
        # The whole extraction of a long report runs to thousands of tokens.
        values.setdefault("max_tokens", JUDGE_MAX_TOKENS)
    settings = replace(
        Settings(), prices=prices, batch_prices=batch_prices, strategy=strategy, **values
    )
    if settings.embedded:
        # The embedded model shares two cores with everything else: a busy machine can take
        # minutes on a long document, and a retry only queues behind the request still running.
        settings = replace(
            settings,
            timeout_s=values.get("timeout_s", EMBEDDED_TIMEOUT_S),
            max_retries=values.get("max_retries", EMBEDDED_MAX_RETRIES),
        )
    if settings.mode not in MODES:
        raise ConfigError(f"mode must be one of {', '.join(MODES)}, not {settings.mode!r}")
    if settings.strategy not in STRATEGIES:
        raise ConfigError(
            f"strategy must be auto or one of {', '.join(STRATEGIES)}, not {settings.strategy!r}"
        )
    if settings.base_url and not settings.base_url.startswith(("http://", "https://")):
        raise ConfigError(f"base URL must start with http:// or https://: {settings.base_url!r}")
    if settings.reasks < 0 or settings.max_retries < 0 or settings.timeout_s <= 0:
        raise ConfigError("reasks and max_retries must be >= 0 and timeout > 0")
    return settings
