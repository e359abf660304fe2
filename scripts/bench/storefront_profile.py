"""What each middleware costs a store's JSON API, in process (issue 13.2).

    PYTHONPATH=platform DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python scripts/bench/storefront_profile.py [--requests N] [--rounds N]
        [--endpoints LABEL ...] [--profile /order/products] [--top N]

In a database of its own (throwaway_db): one seeded store with a cart, as scripts/bench/
storefront makes it. Every request goes through Django's WSGI handler in this process (no
server, no sockets but the database's and Redis's), with the product's settings plus the
benchmark's urlconf (`/bench/floor`). For each endpoint it times the full middleware stack
and the stack without each middleware in turn (CachedTenantMiddleware is replaced by a
stand-in that enters the same store's tenant_context without Host routing), interleaved in
rounds, and prints this process's CPU per request and what each middleware adds (the full
stack minus the stack without it; medians over the rounds). A removed middleware's work may
move elsewhere (e.g. without SessionMiddleware nothing reads a session), so the difference is
what that middleware costs here, no more. `--profile PATH` prints the cProfile of N requests
of PATH through the full stack instead.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
from urllib.parse import urlsplit

ROUTING = "tenants.middleware.CachedTenantMiddleware"
STAND_IN = "storefront_profile_tenant.FixedStoreMiddleware"
SESSION = "django.contrib.sessions.middleware.SessionMiddleware"
# Removed together with the middleware it names: they need it (Auth and Messages read the
# session); the row then shows the three together.
NEEDS = {SESSION: ("django.contrib.auth.middleware.AuthenticationMiddleware",
                   "django.contrib.messages.middleware.MessageMiddleware")}  # fmt: skip


def _environ(path: str, headers: dict[str, str]) -> dict:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.errors": sys.stderr,
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def _call(handler, environ: dict) -> int:
    statuses: list[str] = []
    result = handler(
        {**environ, "wsgi.input": io.BytesIO(b"")}, lambda s, h, e=None: statuses.append(s)
    )
    try:
        for _ in result:
            pass
    finally:
        result.close()
    return int(statuses[0].split()[0])


def _handlers(middleware: list[str]) -> dict[str, object]:
    """The full stack, and the stack without each middleware, as WSGI handlers."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    variants = {"full": middleware, "bare": [STAND_IN]}
    for name in middleware:
        if name == ROUTING:
            variants[name] = [STAND_IN if m == ROUTING else m for m in middleware]
        else:
            gone = {name, *NEEDS.get(name, ())}
            variants[name] = [m for m in middleware if m not in gone]
    handlers = {}
    for label, chosen in variants.items():
        with override_settings(MIDDLEWARE=chosen):
            handlers[label] = WSGIHandler()
    return handlers


def measure(handlers, environs, *, requests: int, rounds: int) -> dict[tuple[str, str], float]:
    """Median over rounds of the CPU microseconds per request, per (endpoint, variant)."""
    samples: dict[tuple[str, str], list[float]] = {}
    for number in range(rounds):
        order = list(handlers) if number % 2 == 0 else list(handlers)[::-1]
        for label, environ in environs.items():
            for variant in order:
                handler = handlers[variant]
                if _call(handler, environ) != 200:
                    raise RuntimeError(f"{label} ({variant}) did not answer 200")
                started = time.process_time_ns()
                for _ in range(requests):
                    _call(handler, environ)
                used = (time.process_time_ns() - started) / requests / 1000
                samples.setdefault((label, variant), []).append(used)
    return {key: statistics.median(values) for key, values in samples.items()}


def render(costs: dict[tuple[str, str], float], labels: list[str], variants: list[str]) -> str:
    short = {label: label.rsplit("/", 1)[-1][:12] for label in labels}
    w = 46
    lines = [
        "CPU microseconds per request in this process (median of rounds); per middleware: "
        "full stack minus the stack without it",
        f"{'':<{w}}" + "".join(f"{short[label]:>14}" for label in labels),
        f"{'full stack':<{w}}" + "".join(f"{costs[(label, 'full')]:>14.0f}" for label in labels),
    ]
    lines.append(
        f"{'all middleware (full minus the stand-in alone)':<{w}}"
        + "".join(f"{costs[(label, 'full')] - costs[(label, 'bare')]:>14.0f}" for label in labels)
    )
    for variant in variants:
        if variant in ("full", "bare"):
            continue
        name = variant.rsplit(".", 1)[-1]
        if variant in NEEDS:
            name += " (+ " + ", ".join(m.rsplit(".", 1)[-1] for m in NEEDS[variant]) + ")"
        row = f"{name[: w - 1]:<{w}}"
        for label in labels:
            row += f"{costs[(label, 'full')] - costs[(label, variant)]:>14.0f}"
        lines.append(row)
    return "\n".join(lines)


def profile(handler, environ, *, requests: int, top: int) -> str:
    for _ in range(50):
        _call(handler, environ)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        _call(handler, environ)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def run(args: argparse.Namespace, url: str) -> str:
    from storefront_bench import create_store, endpoints, request_headers, setup_django
    from storefront_report import Endpoint

    floor = Endpoint("/bench/floor", "/bench/floor")  # storefront_urls.FLOOR_PATH

    setup_django(url, secrets.token_urlsafe(50))
    from django.conf import settings

    settings.ROOT_URLCONF = "storefront_urls"
    os.environ["STOREFRONT_BENCH_STORE"] = ""
    store = create_store()
    os.environ["STOREFRONT_BENCH_STORE"] = store.info.slug
    headers = request_headers(store)
    points = [floor, *endpoints(store)]
    if args.endpoints:
        points = [p for p in points if p.label in args.endpoints or p.path in args.endpoints]
    environs = {point.label: _environ(point.path, headers) for point in points}
    handlers = _handlers(list(settings.MIDDLEWARE))
    if args.profile:
        label = next(p.label for p in points if p.path == args.profile or p.label == args.profile)
        return profile(handlers["full"], environs[label], requests=args.requests, top=args.top)
    costs = measure(handlers, environs, requests=args.requests, rounds=args.rounds)
    return render(costs, [p.label for p in points], list(handlers))


def main(argv: list[str]) -> int:
    from throwaway_db import throwaway_database

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per round and variant")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", help="an endpoint's path or label: cProfile it instead")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--endpoints", nargs="*", help="labels or paths [all five]")
    args = parser.parse_args(argv)
    server = os.environ.get("DATABASE_URL")
    if not server:
        print("DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)")
        return 2
    with throwaway_database(server) as url:
        print(f"... database {urlsplit(url).path.lstrip('/')} (dropped at exit)", file=sys.stderr)
        print(run(args, url))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
