"""How long a founder waits: from the signup POST to the new store answering
`GET /order/products` with its seed catalog, p50 and p95 (issue 5, "Benchmark"; issue 13.3:
p50 <= 400 ms and p95 <= 600 ms on 2 cores).

    scripts/bench/signup [--signups N] [--warmups N] [--burst N] [--ports 8900-8949]
                         [--web-workers N] [--worker-concurrency N] [--spares N]

Against real processes: gunicorn serving the platform and the stores, and a Celery worker on
Redis (REDIS_URL) that runs each job's steps and keeps the warm pool of spare schemas (seeded
per starter catalog) topped up after every claim, as in production. In a database of its own
(throwaway_db) on the server DATABASE_URL names, with the production settings (DEBUG off, the
Argon2id password hasher). The signups follow one another without pauses; then, once the pool
is full again, a burst of `--burst` signups at once (more than the pool holds) is timed and
reported on its own.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, suppress
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench_main import database_name, main_in_throwaway_database, progress
from provisioning_bench import Timing
from signup_report import BURST_POLL_SECONDS, JobFacts, Results, Signup, render
from storefront_servers import (
    ROOT,
    parse_port_range,
    pick_ports,
    start_server,
    stop_server,
    wait_until_serving,
)

PLATFORM_DOMAIN = "signup-bench.test"
CATALOG = "office-supplies"
PRODUCTS = 3  # in that catalog


class Platform:
    """The benchmark's HTTP client: the platform host for signups, store hosts for polling."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.csrf = ""
        # A fresh password that passes the validators (a capital and a special character).
        self.password = f"Bench-{secrets.token_urlsafe(12)}!"

    def request(self, method: str, path: str, *, host: str, body: str = "", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(
                method, path, body=body or None, headers={"Host": host, **(headers or {})}
            )
            response = connection.getresponse()
            return response.status, response.getheader("Set-Cookie") or "", response.read()
        finally:
            connection.close()

    def open_form(self) -> None:
        """GET /signup/ as a founder's browser does first: it sets the CSRF cookie."""
        status, cookie, _ = self.request("GET", "/signup/", host=PLATFORM_DOMAIN)
        if status != 200:
            raise RuntimeError(f"GET /signup/ answered {status}")
        jar = SimpleCookie()
        jar.load(cookie)
        self.csrf = jar["csrftoken"].value

    def sign_up(self, slug: str) -> tuple[int, bytes]:
        form = {
            "store_name": f"Bench {slug}",
            "slug": slug,
            "email": f"founder@{slug}.example",
            "password": self.password,
            "catalog": CATALOG,
        }
        status, _, body = self.request(
            "POST",
            "/signup/",
            host=PLATFORM_DOMAIN,
            body=urlencode(form),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "Cookie": f"csrftoken={self.csrf}",
                "X-CSRFToken": self.csrf,
            },
        )
        return status, body

    def catalog_is_live(self, slug: str) -> bool:
        status, _, body = self.request("GET", "/order/products", host=f"{slug}.{PLATFORM_DOMAIN}")
        return status == 200 and len(json.loads(body)["products_data"]) == PRODUCTS


def measure_signup(
    client: Platform,
    slug: str,
    *,
    timeout: float = 60.0,
    poll: float = 0.01,
    ready: threading.Barrier | None = None,
) -> Signup:
    client.open_form()
    if ready is not None:  # a burst: every founder posts at once
        ready.wait()
    posted_at = time.time()
    started = time.perf_counter()
    status, body = client.sign_up(slug)
    post_ms = (time.perf_counter() - started) * 1000
    if status != 202:
        raise RuntimeError(f"signup of {slug} answered {status}: {body[:300]!r}")
    polls = 0
    while time.perf_counter() - started < timeout:
        polls += 1
        if client.catalog_is_live(slug):
            return Signup(slug, post_ms, (time.perf_counter() - started) * 1000, polls, posted_at)
        time.sleep(poll)
    raise RuntimeError(f"{slug} was not live after {timeout:.0f} s")


def job_facts(signups: list[Signup]) -> JobFacts:
    """Where the time goes, from each job's rows (the worker's clock: same machine)."""
    from control_plane.provisioning.models import ProvisioningJob
    from control_plane.provisioning.steps import STEPS

    by_slug = {s.slug: s for s in signups}
    for _ in range(100):  # a store answers once its last step commits, a moment before its job
        jobs = list(ProvisioningJob.objects.filter(tenant__slug__in=by_slug)
                    .select_related("tenant").prefetch_related("steps"))  # fmt: skip
        if len(jobs) == len(signups) and all(job.status == "succeeded" for job in jobs):
            break
        time.sleep(0.1)
    else:
        raise RuntimeError("not every benchmark job succeeded")
    to_first, to_answer = [], []
    for job in jobs:
        signup = by_slug[job.tenant.slug]
        started_ms = (job.started.timestamp() - signup.posted_at) * 1000
        finished_ms = (job.finished.timestamp() - signup.posted_at) * 1000
        to_first.append(started_ms)
        to_answer.append(signup.live_ms - finished_ms)
    steps = {
        name: Timing([s.duration_ms for job in jobs for s in job.steps.all() if s.name == name])
        for name in STEPS
    }
    from control_plane.provisioning.steps import OWN_TASK

    handoff, between = [], []
    for job in jobs:
        done = sorted(job.steps.all(), key=lambda step: step.order)
        for before, after in zip(done, done[1:], strict=False):
            gap = (after.started - before.finished).total_seconds() * 1000
            (handoff if after.name in OWN_TASK else between).append(gap)
    schema_logs = [s.log for job in jobs for s in job.steps.all() if s.name == "schema"]
    pooled = sum(1 for log in schema_logs if ": pool" in log)
    seeded = sum(1 for log in schema_logs if f": pool, seeded with {CATALOG}" in log)
    on_top = sum(1 for log in schema_logs if ": pool, seeded with empty" in log)
    return JobFacts(
        steps=steps,
        to_first_step=Timing(to_first),
        job=Timing([job.duration_ms for job in jobs]),
        to_answer=Timing(to_answer),
        pooled=pooled,
        seeded=seeded,
        on_top=on_top,
        handoff=Timing(handoff),
        between=Timing(between),
    )


def start_worker(*, env: dict, concurrency: int, log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / "celery.log", "w")  # noqa: SIM115 (the process keeps it open)
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", env["CELERY_QUEUE"],
        "-P", "prefork", "-c", str(concurrency), "--without-gossip", "--without-mingle",
        "--without-heartbeat", "-l", "WARNING",
    ]  # fmt: skip
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
        start_new_session=True,
    )  # fmt: skip


def stop_worker(process: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def purge_queue(redis_url: str, queue: str) -> None:
    import redis

    with suppress(redis.RedisError):
        redis.Redis.from_url(redis_url).delete(queue)


def setup_django(*, url: str, redis_url: str, queue: str, spares: int) -> dict[str, str]:
    """Configure this process like the servers, migrate the public schema; the children's env."""
    os.environ.update(
        {
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",  # production settings (and DEBUG would keep every query in memory)
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
            "PLATFORM_DOMAIN": PLATFORM_DOMAIN,
            "TENANT_SPARE_SCHEMAS": str(spares),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_QUEUE": queue,
            "LOG_LEVEL": "WARNING",
            # Every signup comes from this one address: the per-address signup limit (10 an
            # hour) is abuse control, not what is measured here.
            "RATELIMIT_ENABLED": "0",
        }
    )
    os.environ.pop("DATABASE_URLS", None)  # one database
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", shared_only=True, interactive=False, verbosity=0)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "platform"), str(ROOT)])
    return env


def run_benchmark(*, args: argparse.Namespace, url: str, redis_url: str) -> Results:
    load_at_start = os.getloadavg()[0]
    queue = f"signup-bench-{secrets.token_hex(4)}"
    env = setup_django(url=url, redis_url=redis_url, queue=queue, spares=args.spares)
    from tenants import pool

    progress(f"capturing the store template and building {args.spares} spare schema(s)")
    started = time.perf_counter()
    pool.top_up_pool("default")
    setup_ms = (time.perf_counter() - started) * 1000
    port = pick_ports(1, args.ports)[0]
    run = secrets.token_hex(3)
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="signup-bench-") as logs:
        stack.callback(purge_queue, redis_url, queue)
        worker = start_worker(env=env, concurrency=args.worker_concurrency, log_dir=Path(logs))
        stack.callback(stop_worker, worker)
        server = start_server(
            config="signup", port=port, workers=args.web_workers, env=env, log_dir=Path(logs)
        )
        stack.callback(stop_server, server)
        wait_until_serving(server, path="/signup/", headers={"Host": PLATFORM_DOMAIN})
        progress(f"gunicorn on 127.0.0.1:{port}, worker on queue {queue}")
        client = Platform(port)
        signups = []
        for number in range(args.warmups + args.signups):  # one after another, no pauses
            slug = f"bench-{run}-{number:03d}"
            signup = measure_signup(client, slug)
            if number >= args.warmups:
                signups.append(signup)
            progress(f"{slug}: live after {signup.live_ms:.0f} ms")
        facts = job_facts(signups)
        burst = measure_burst(port, run, args) if args.burst else None
    return Results(
        signups=signups,
        warmups=args.warmups,
        setup_ms=setup_ms,
        web_workers=args.web_workers,
        worker_concurrency=args.worker_concurrency,
        spares=args.spares,
        facts=facts,
        load_at_start=load_at_start,
        burst=burst,
        burst_facts=job_facts(burst) if burst else None,
    )


def wait_for_full_pool(spares: int, *, timeout: float = 120.0) -> None:
    """Until the worker has refilled the pool (`spares` of each starter catalog it keeps)."""
    from django.conf import settings

    from tenants.models import SpareSchema

    catalogs = settings.TENANT_SPARE_CATALOGS or [""]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = [SpareSchema.objects.filter(catalog=c).count() for c in catalogs]
        if min(waiting) >= spares:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the pool was not refilled to {spares} per catalog in {timeout:.0f} s")


def measure_burst(port: int, run: str, args: argparse.Namespace) -> list[Signup]:
    """`args.burst` founders post their signups at the same moment, each polling its store."""
    wait_for_full_pool(args.spares)
    progress(f"burst of {args.burst} signups at once ({args.spares} spare(s) per catalog)")
    ready = threading.Barrier(args.burst)
    results: dict[int, Signup | BaseException] = {}

    def found(number: int) -> None:
        slug = f"burst-{run}-{number:03d}"
        try:
            results[number] = measure_signup(
                Platform(port), slug, poll=BURST_POLL_SECONDS, ready=ready
            )
        except BaseException as exc:  # reported below, in the main thread
            ready.abort()
            results[number] = exc

    threads = [threading.Thread(target=found, args=(n,)) for n in range(args.burst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = [r for r in results.values() if isinstance(r, BaseException)]
    if failed:
        raise RuntimeError(f"{len(failed)} burst signup(s) failed: {failed[0]!r}")
    burst = [results[n] for n in sorted(results)]
    progress("burst: live after " + ", ".join(f"{s.live_ms:.0f}" for s in burst) + " ms")
    return burst


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=20, help="timed signups (>= 2)")
    parser.add_argument("--warmups", type=int, default=1, help="untimed signups first")
    parser.add_argument("--ports", type=parse_port_range, default=None,
                        help="pick the server's port in this range, e.g. 8900-8949")  # fmt: skip
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--spares", type=int, default=2,
                        help="TENANT_SPARE_SCHEMAS (spares per starter catalog)")  # fmt: skip
    parser.add_argument("--burst", type=int, default=10,
                        help="signups at once after the others (0: none)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.signups < 2 or args.warmups < 0 or args.web_workers < 1 or args.spares < 0:
        parser.error("--signups must be >= 2, --warmups >= 0, --web-workers >= 1, --spares >= 0")
    if args.burst == 1 or args.burst < 0:
        parser.error("--burst must be 0 (none) or at least 2")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)

    def run(url: str) -> str:
        results = run_benchmark(args=args, url=url, redis_url=os.environ["REDIS_URL"])
        return render(results, database=database_name(url))

    return main_in_throwaway_database(run, redis_for="signup", why=" (a real worker needs Redis)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
