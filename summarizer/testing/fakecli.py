"""The loopback fake server from the command line: `python -m summarizer.testing.fakecli`.

Run `python -m summarizer.testing.fakecli --latency 1` to serve until Ctrl-C (or SIGTERM); it
prints the base URL first and, at the end, how many requests it served. With `--record DIR` it
saves every chat request to DIR (`RecordingResponder`); with `--replay DIR` it answers each one
with the answer saved beside it (`ReplayResponder`): how a capable model's answers, written
offline from the saved requests, are measured without an endpoint.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from summarizer.testing.fakechat import Behaviour, Responder
from summarizer.testing.fakeserver import FakeOpenAIServer
from summarizer.testing.replay import RecordingResponder, ReplayResponder

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Serves on 127.0.0.1 until Ctrl-C or SIGTERM; prints the base URL first."""
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.testing.fakecli",
        description="Loopback OpenAI-compatible test server (127.0.0.1 only).",
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--tokens-per-s", type=float, default=None, help="generation speed")
    parser.add_argument("--error-rate", type=float, default=0.0, help="share of errors, 0..1")
    parser.add_argument("--error-status", type=int, default=500, help="status of those errors")
    parser.add_argument(
        "--script", default="", help="comma-separated plans for the first requests, e.g. 429:2,ok"
    )
    parser.add_argument("--default", default="ok", help="plan after the script (default: ok)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the error RNG")
    parser.add_argument("--api-key", default=None, help="require this bearer key (else 401)")
    parser.add_argument("--keep-requests", type=int, default=0, help="requests kept in memory")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--record", metavar="DIR", help="save each chat request as DIR/<key>.request.json"
    )
    mode.add_argument(
        "--replay", metavar="DIR", help="answer each chat request with DIR/<key>.answer.json"
    )
    args = parser.parse_args(argv)
    try:
        behaviour = Behaviour(
            latency_s=args.latency,
            tokens_per_s=args.tokens_per_s,
            error_rate=args.error_rate,
            error_status=args.error_status,
            script=[p.strip() for p in args.script.split(",") if p.strip()],
            default=args.default,
            seed=args.seed,
        )
    except ValueError as e:
        parser.error(str(e))

    done = threading.Event()
    # SIGTERM too, so a benchmark that spawns the server can end it cleanly.
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    responder: Responder | None = None
    if args.record:
        responder = RecordingResponder(args.record)
    elif args.replay:
        responder = ReplayResponder(args.replay)
    server = FakeOpenAIServer(
        behaviour,
        responder=responder,
        port=args.port,
        api_key=args.api_key,
        keep_requests=args.keep_requests,
    )
    with server:
        print(server.base_url, flush=True)
        try:
            while not done.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
    print(f"served {server.request_count} requests", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
