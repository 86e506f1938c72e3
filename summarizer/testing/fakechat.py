"""What the fake server answers a chat request: its Behaviour, the plans drawn from it and the
chat.completion built under each (no I/O).

A plan says how one chat request or batch line is answered: "ok", an error status, a fault ("hang",
"close", "invalid_json", "truncated", "echo_key", "trickle"); `Behaviour` says which, and `Plans`
draws them in request order, the script first, then `default` or, at the seeded `error_rate`,
`error_status`. `chat_answer` gives the status and JSON of a request's answer under its plan;
`summarizer.testing.fakeserver` adds the latency and enacts on the connection what is not in
the JSON ("hang", "close", "trickle", `Retry-After`), and `summarizer.testing.fakebatches`
writes it into a batch's output or error file.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from summarizer.testing.fakewire import error_body
from summarizer.testing.schemafill import forced_tool

__all__ = ["Behaviour", "Plans", "Responder", "chat_answer"]

_PLAN_RE = re.compile(
    r"^(ok|hang|invalid_json|truncated|close|echo_key|trickle(:\d+(\.\d+)?)?|[1-5]\d\d(:\d+(\.\d+)?)?)$"
)


@dataclass
class Behaviour:
    """How the server answers chat completions; swap `server.behaviour` to change it mid-run.

    Attributes:
        latency_s: Delay before every answer (errors included).
        tokens_per_s: If set, answers with content take `completion_tokens / tokens_per_s` longer.
        error_rate: Share of unscripted requests answered with `error_status` (seeded, repeatable).
        error_status: HTTP status of those errors.
        script: Plans consumed one per request in order, then `default`. A plan is "ok", a status
            ("500", "503", "401", ...), "429:<retry_after_seconds>" (a bare "429" sends
            `Retry-After: 1`; any status may carry ":<seconds>" as `Retry-After`), "hang" (no
            answer until the client leaves or the server stops), "invalid_json" (200 whose content
            is not JSON), "truncated" (200, content cut mid-JSON, finish_reason "length") or
            "close" (drop the connection unanswered) or "echo_key" (400 whose error message
            repeats the request's Authorization header, as a careless proxy might) or
            "trickle:<bytes_per_second>" (a good answer whose body is sent that slowly, 10 bytes
            a second if no rate is given). Only chat completions and batch lines consume plans.
        default: Plan once the script is used up.
        seed: Seed of the RNG behind `error_rate`.
    """

    latency_s: float = 0.0
    tokens_per_s: float | None = None
    error_rate: float = 0.0
    error_status: int = 500
    script: list[str] = field(default_factory=list)
    default: str = "ok"
    seed: int = 0

    def __post_init__(self) -> None:
        # A typo in a plan would otherwise quietly become some other fault mid-test.
        for plan in [*self.script, self.default, str(self.error_status)]:
            _check_plan(plan)
        if not 0.0 <= self.error_rate <= 1.0:
            raise ValueError(f"error_rate must be within [0, 1], got {self.error_rate}")
        if self.latency_s < 0:
            raise ValueError(f"latency_s must be >= 0, got {self.latency_s}")
        if self.tokens_per_s is not None and self.tokens_per_s <= 0:
            raise ValueError(f"tokens_per_s must be > 0, got {self.tokens_per_s}")


def _check_plan(plan: str) -> None:
    if not _PLAN_RE.match(plan) or (plan[:1].isdigit() and int(plan[:3]) < 400):
        raise ValueError(
            f"unknown plan {plan!r}: expected ok, hang, invalid_json, truncated, close, echo_key, "
            "trickle[:<bytes_per_second>], "
            "or a 4xx/5xx status with an optional ':<retry_after_seconds>'"
        )


Responder = Callable[[dict[str, Any]], dict[str, Any] | str]


class Plans:
    """Draws the plan of each chat request and batch line from a Behaviour, in request order.

    Thread-safe: the serving thread draws for chat requests and batch lines, and the caller of
    `settle_batch` for the lines it answers.
    """

    def __init__(self) -> None:
        # Script position and RNG belong to one Behaviour object; a new object starts afresh.
        self._owner: Behaviour | None = None
        self._index = 0
        self._rng = random.Random(0)
        self._lock = threading.Lock()

    def next(self, behaviour: Behaviour) -> str:
        """The plan of the next chat request or batch line under `behaviour`."""
        with self._lock:
            return self._draw(behaviour)

    def _draw(self, behaviour: Behaviour) -> str:
        if behaviour is not self._owner:
            self._owner = behaviour
            self._index = 0
            self._rng = random.Random(behaviour.seed)
        if self._index < len(behaviour.script):
            self._index += 1
            return behaviour.script[self._index - 1]
        # Draw for every unscripted request so the error pattern depends only on request order.
        if self._rng.random() < behaviour.error_rate:
            return str(behaviour.error_status)
        return behaviour.default


def chat_answer(
    body: dict[str, Any], plan: str, responder: Responder, model: str
) -> tuple[int, dict[str, Any]]:
    """The status and JSON of the answer to a chat request under `plan`.

    A status plan gives OpenAI's error body for it ("echo_key" a plain 400); "ok",
    "invalid_json" and "truncated" give a chat.completion; "hang", "close" and "trickle"
    answer as "ok" (the caller enacts them). A failing responder gives a 500 naming the error.
    """
    if plan[0].isdigit():
        return int(plan[:3]), error_body(int(plan[:3]))
    if plan == "echo_key":
        return 400, error_body(400)
    try:
        answer = responder(body)
    except Exception as e:  # a broken responder is a test bug; say so in the answer
        return 500, error_body(500, f"responder failed: {type(e).__name__}: {e}")
    content = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
    finish_reason = "stop"
    if plan == "invalid_json":
        content = "Sorry, I cannot answer that as JSON. Here is a summary instead: all calm."
    elif plan == "truncated":
        content = _truncate(content)
        finish_reason = "length"
    completion_tokens = max(1, len(content) // 4)
    return 200, _completion(body, content, finish_reason, completion_tokens, model)


def _completion(
    body: dict[str, Any], content: str, finish_reason: str, completion_tokens: int, model: str
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    tool = forced_tool(body)
    if tool is not None and "response_format" not in body:
        # Tool-calling clients (instructor's TOOLS modes) read the arguments, not the content.
        call_id = f"call_{uuid.uuid4().hex[:24]}"
        function = {"name": tool, "arguments": content}
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": call_id, "type": "function", "function": function}],
        }
        if finish_reason == "stop":
            finish_reason = "tool_calls"
    prompt_tokens = max(1, _prompt_chars(body) // 4)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or model,
        "choices": [
            {"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _truncate(content: str) -> str:
    """Cuts JSON text mid-way so that it no longer parses."""
    cut = content[: max(1, len(content) // 2)]
    while cut:
        try:
            json.loads(cut)
        except ValueError:
            return cut
        cut = cut[:-1]  # a cut that still parses (e.g. a bare number) is not truncated enough
    return "{"


def _prompt_chars(body: dict[str, Any]) -> int:
    total = 0
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            total += len(content)
        elif isinstance(content, list):
            total += sum(len(p.get("text", "")) for p in content if isinstance(p, dict))
    return total
