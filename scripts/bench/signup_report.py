"""The signup benchmark's report (signup_bench.py): the timings of the signups one after
another and their breakdown, the burst's on their own lines, and the verdicts against the
targets (issue 13.3)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from bench_main import heading
from provisioning_bench import Timing

TARGET_P50_MS = 400.0
TARGET_P95_MS = 600.0
BURST_POLL_SECONDS = 0.05  # ten founders polling every 10 ms would load the server themselves


@dataclass
class Signup:
    slug: str
    post_ms: float
    live_ms: float
    polls: int
    posted_at: float  # wall clock (time.time()) when the POST was sent


@dataclass(frozen=True)
class JobFacts:
    steps: dict[str, Timing]  # each step's own duration
    to_first_step: Timing  # POST sent -> the worker starts the first step
    job: Timing  # first step started -> last step finished
    to_answer: Timing  # last step finished -> the store's first 200 with its catalog
    pooled: int  # schemas claimed from the warm pool
    seeded: int  # of those, spares seeded with the catalog ahead of time
    on_top: int  # of those, spares of the empty catalog the job seeded the catalog on top of
    handoff: Timing  # a step finished -> the next one started, across a task boundary
    between: Timing  # the same within one task (each step's lock and records)


@dataclass
class Results:
    signups: list[Signup]
    warmups: int
    setup_ms: float
    web_workers: int
    worker_concurrency: int
    spares: int
    facts: JobFacts
    load_at_start: float = 0.0
    burst: list[Signup] | None = None
    burst_facts: JobFacts | None = None


def render(results: Results, *, database: str) -> str:
    live = Timing([s.live_ms for s in results.signups])
    post = Timing([s.post_ms for s in results.signups])
    cores = os.cpu_count() or 0
    count = len(results.signups)
    w = 56
    lines = [
        *heading(
            "Storefleet signup benchmark", database=database, load_at_start=results.load_at_start
        ),
        f"processes  gunicorn ({results.web_workers} sync workers), Celery worker (prefork, "
        f"concurrency {results.worker_concurrency}) on Redis; {results.spares} spare schema(s)",
        f"setup      template capture and first spares: {results.setup_ms / 1000:.1f} s "
        "(once per migration state, not on a founder's time)",
        "",
        f"{f'{count} signups, one after another ({results.warmups} untimed warm-up first)':<{w}}"
        f"{'p50 ms':>10}{'p95 ms':>10}",
        f"{'  POST /signup/ answered 202 (hashes the password)':<{w}}"
        f"{post.p50:>10.1f}{post.p95:>10.1f}",
        f"{'  POST -> store answers /order/products with its catalog':<{w}}"
        f"{live.p50:>10.1f}{live.p95:>10.1f}",
    ]
    facts = results.facts
    for label, timing in [
        ("    POST sent -> worker starts the first step", facts.to_first_step),
        ("    first step started -> last step finished", facts.job),
        ("    last step finished -> the store's first 200", facts.to_answer),
    ]:
        lines.append(f"{label:<{w}}{timing.p50:>10.1f}{timing.p95:>10.1f}")
    for name, timing in facts.steps.items():
        lines.append(f"{'      step ' + name:<{w}}{timing.p50:>10.1f}{timing.p95:>10.1f}")
    for label, timing in [
        ("      hand-off to the infrastructure step's task", facts.handoff),
        ("      between two steps of one task", facts.between),
    ]:
        lines.append(f"{label:<{w}}{timing.p50:>10.1f}{timing.p95:>10.1f}")
    lines.append(
        f"  schemas claimed from the warm pool: {facts.pooled} of {count} "
        f"({facts.seeded} pre-seeded with the catalog, {facts.on_top} with the empty one "
        "and seeded on top)"
    )
    if results.burst:
        lines += ["", *render_burst(results.burst, results.burst_facts, results.spares, w)]
    lines += ["", f"{'target':<{w}}{'measured':>10}{'target':>12}"]
    for label, measured, target in [
        ("  signup to live store, p50 (2-core machine)", live.p50, TARGET_P50_MS),
        ("  signup to live store, p95 (2-core machine)", live.p95, TARGET_P95_MS),
    ]:
        verdict = "PASS" if measured <= target else "MISS"
        lines.append(f"{label:<{w}}{measured:>7.0f} ms{f'<= {target:.0f} ms':>12}  {verdict}")
    if cores != 2:
        lines.append(f"  (the target is for 2 cores; this machine has {cores})")
    return "\n".join(lines)


def render_burst(burst: list[Signup], facts: JobFacts, spares: int, w: int) -> list[str]:
    """The burst's own lines (no target: it shows what happens past the pool)."""
    live = Timing([s.live_ms for s in burst])
    post = Timing([s.post_ms for s in burst])
    heading = f"burst: {len(burst)} signups at once, {spares} spare(s) per catalog"
    lines = [
        f"{heading:<{w}}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}",
        f"{'  POST /signup/ answered 202':<{w}}{post.p50:>10.1f}{post.p95:>10.1f}"
        f"{max(post.samples_ms):>10.1f}",
        f"{'  POST -> store answers /order/products with its catalog':<{w}}"
        f"{live.p50:>10.1f}{live.p95:>10.1f}{max(live.samples_ms):>10.1f}",
    ]
    for label, timing in [
        ("    POST sent -> worker starts the first step", facts.to_first_step),
        ("    first step started -> last step finished", facts.job),
        ("      step seed", facts.steps["seed"]),
    ]:
        lines.append(f"{label:<{w}}{timing.p50:>10.1f}{timing.p95:>10.1f}")
    lines.append(
        f"  burst: schemas claimed from the warm pool: {facts.pooled} of {len(burst)} "
        f"({facts.seeded} pre-seeded, {facts.on_top} seeded on top of the empty catalog's; "
        "the rest replayed the template and were seeded in "
        f"their job; founders polled every {BURST_POLL_SECONDS * 1000:.0f} ms)"
    )
    return lines
