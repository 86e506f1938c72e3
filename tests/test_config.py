"""Settings: defaults < TOML file < environment < explicit overrides; secrets stay out."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.core.config import EMBEDDED_MODEL, Settings, load_settings
from summarizer.core.errors import EXIT_USAGE, ConfigError


def write_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults_are_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUMMARIZER_CACHE_DIR")
    s = load_settings()
    assert s == Settings(prices=s.prices, timeout_s=600.0, max_retries=1)
    assert s.embedded and s.backend == "embedded"
    assert s.model_name == EMBEDDED_MODEL
    # The embedded model waits longer and retries less: a retry only queues behind the first.
    assert s.max_retries == 1 and s.reasks == 2 and s.timeout_s == 600.0
    remote = load_settings({"base_url": "http://127.0.0.1:1/v1"})
    assert remote.max_retries == 2 and remote.timeout_s == 120.0
    explicit = load_settings({"timeout_s": 30, "max_retries": 3})
    assert explicit.timeout_s == 30.0 and explicit.max_retries == 3


def test_precedence_defaults_file_env_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = write_config(
        tmp_path,
        'model = "from-file"\nmax_tokens = 700\ntimeout_s = 30\nreasks = 1\n',
    )
    s = load_settings(config_file=cfg)
    assert (s.model, s.max_tokens, s.timeout_s, s.reasks) == ("from-file", 700, 30.0, 1)
    assert s.seed == 42  # untouched default

    monkeypatch.setenv("SUMMARIZER_MODEL", "from-env")
    monkeypatch.setenv("SUMMARIZER_MAX_TOKENS", "800")
    s = load_settings(config_file=cfg)
    assert (s.model, s.max_tokens, s.timeout_s) == ("from-env", 800, 30.0)

    s = load_settings({"model": "from-flag", "max_tokens": None}, config_file=cfg)
    assert s.model == "from-flag"
    assert s.max_tokens == 800  # a None override (flag not given) leaves the env value


def test_config_file_from_env_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = write_config(tmp_path, '[summarizer]\nmodel = "via-env-path"\n')
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(cfg))
    assert load_settings().model == "via-env-path"


def test_config_file_in_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "xdg"
    (home / "summarizer").mkdir(parents=True)
    (home / "summarizer" / "config.toml").write_text('model = "xdg"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    assert load_settings().model == "xdg"


def test_empty_env_value_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "")
    assert load_settings().embedded


def test_unknown_key_in_file_is_an_error(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, 'modle = "typo"\n')
    with pytest.raises(ConfigError, match="modle") as e:
        load_settings(config_file=cfg)
    assert e.value.exit_code == EXIT_USAGE
    assert e.value.path == str(cfg)


def test_unknown_override_is_an_error() -> None:
    with pytest.raises(ConfigError, match="colour"):
        load_settings({"colour": "blue"})


def test_api_key_in_file_is_an_error(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, 'api_key = "sk-secret-in-file"\n')
    with pytest.raises(ConfigError, match="OPENAI_API_KEY") as e:
        load_settings(config_file=cfg)
    assert "sk-secret-in-file" not in str(e.value)


def test_unreadable_or_malformed_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_settings(config_file=tmp_path / "missing.toml")
    with pytest.raises(ConfigError):
        load_settings(config_file=write_config(tmp_path, "model = \n"))


@pytest.mark.parametrize(
    "overrides",
    [
        {"mode": "magic"},
        {"base_url": "localhost:8080/v1"},
        {"reasks": -1},
        {"timeout_s": 0},
        {"max_tokens": "many"},
    ],
)
def test_bad_values_are_config_errors(overrides: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        load_settings(overrides)


def test_api_key_never_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-abcdef123456")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.openai.com/v1")
    s = load_settings()
    assert s.api_key == "sk-test-abcdef123456"
    assert "sk-test" not in repr(s) and "sk-test" not in str(s)
    assert "sk-test" not in repr(s.generation_params())


def test_bool_from_env_like_strings() -> None:
    assert load_settings({"use_cache": "false"}).use_cache is False
    assert load_settings({"use_cache": "yes"}).use_cache is True
    assert load_settings({"use_cache": False}).use_cache is False


def test_cache_dir_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "c"))
    assert load_settings().cache_dir == tmp_path / "c"


@pytest.mark.parametrize(
    ("base_url", "mode"),
    [
        (None, "json_schema"),
        ("http://localhost:8080/v1", "json_schema"),
        ("http://127.0.0.1:11434/v1", "json_schema"),
        ("https://api.openai.com/v1", "tools"),
        ("https://myorg.openai.azure.com/openai/v1", "tools"),
    ],
)
def test_auto_mode(base_url: str | None, mode: str) -> None:
    s = load_settings({"base_url": base_url})
    assert s.resolved_mode == mode
    assert s.generation_params()["mode"] == mode


def test_explicit_mode_wins_over_auto() -> None:
    s = load_settings({"base_url": "https://api.openai.com/v1", "mode": "json_schema"})
    assert s.resolved_mode == "json_schema"


def test_remote_default_model() -> None:
    s = load_settings({"base_url": "https://api.openai.com/v1"})
    assert s.model_name == "gpt-4o-mini"
    assert s.backend == "openai-compatible"


def test_cost_computation() -> None:
    s = load_settings({"base_url": "https://api.openai.com/v1", "model": "gpt-4o-mini"})
    assert s.cost_usd(1_000_000, 1_000_000) == pytest.approx(0.75)
    assert s.cost_usd(2000, 500) == pytest.approx((2000 * 0.15 + 500 * 0.60) / 1e6)
    assert load_settings().cost_usd(10_000, 10_000) == 0.0  # embedded is free
    assert load_settings({"model": "unknown-model"}).cost_usd(10_000, 10_000) == 0.0


def test_prices_override_from_file(tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path,
        'model = "my-model"\n\n[prices]\n"my-model" = [1.0, 2.0]\n"gpt-4o-mini" = [10, 20]\n',
    )
    s = load_settings(config_file=cfg)
    assert s.cost_usd(1_000_000, 500_000) == pytest.approx(2.0)
    assert s.prices["gpt-4o-mini"] == (10.0, 20.0)
    assert s.prices["gpt-4o"] == (2.50, 10.00)  # the others keep their defaults


def test_bad_prices_are_a_config_error(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, '[prices]\n"my-model" = "cheap"\n')
    with pytest.raises(ConfigError, match="prices"):
        load_settings(config_file=cfg)


def test_prices_table_beside_summarizer_table(tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path, '[summarizer]\nmodel = "my-model"\n\n[prices]\n"my-model" = [1.0, 2.0]\n'
    )
    s = load_settings(config_file=cfg)
    assert s.model == "my-model"
    assert s.cost_usd(1_000_000, 0) == pytest.approx(1.0)
