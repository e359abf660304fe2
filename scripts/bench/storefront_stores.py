"""`scripts/bench/storefront --stores N` (issue 13.6): does a store answer as fast with N
stores beside it as with one? The benchmark's store is measured (tenancy on) with 2 stores
present, then N - 2 more are made by the fast path (the schema template replayed, unseeded,
in parallel processes), the store is measured again, and a no-op `manage.py migrate` over the
fleet is timed.
"""

from __future__ import annotations

import io
import multiprocessing
import re
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from storefront_load import LoadResult
from storefront_report import Endpoint, Measured

TARGET_RATIO = 1.1
SLUG_PREFIX = "sfmany"
# After the stores are made, before measuring again: the build's after-effects (autovacuum of
# the system catalogs, the servers' backends rebuilding their caches) pass.
SETTLE_S = 5


@dataclass
class ManyStores:
    count: int
    processes: int
    create_s: float = 0.0
    migrate_ms: float = 0.0
    migrate_summary: str = ""
    with_two: dict[str, LoadResult] = field(default_factory=dict)
    with_many: dict[str, LoadResult] = field(default_factory=dict)


def _create_range(numbers: range) -> int:
    from django.db import connections

    from tenants.services import SchemaMethod, create_tenant

    try:
        for number in numbers:
            slug = f"{SLUG_PREFIX}-{number:05d}"
            create_tenant(slug=slug, name=f"Many {number}", method=SchemaMethod.TEMPLATE)
    finally:
        connections.close_all()
    return len(numbers)


def create_stores(first: int, count: int, *, processes: int) -> None:
    """`count` stores numbered from `first`, by the fast path (template replay), split over
    `processes` forked children (each with its own database connection)."""
    from django.db import connections

    if count <= 0:
        return
    if processes <= 1 or count < 2 * processes:
        _create_range(range(first, first + count))
        return
    connections.close_all()  # the children must not share the parent's sockets
    step = -(-count // processes)
    ranges = [range(start, min(start + step, first + count))
              for start in range(first, first + count, step)]  # fmt: skip
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as children:
        made = sum(children.map(_create_range, ranges))
    if made != count:
        raise RuntimeError(f"made {made} of {count} stores")


def store_count() -> int:
    from tenants.models import Tenant

    return Tenant.objects.count()


def time_noop_migrate(count: int) -> tuple[float, str]:
    """`manage.py migrate` (public schema, then the fleet), which must find every store current."""
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=1, stdout=out)
    elapsed_ms = (time.perf_counter() - started) * 1000
    summary = re.search(r"stores on \w+: .*", out.getvalue())
    line = summary.group(0) if summary else ""
    if f": {count} current, 0 migrated" not in line or " 0 failed" not in line:
        raise RuntimeError(f"migrate was not a no-op over {count} stores: {out.getvalue()[-500:]}")
    return elapsed_ms, line


def run_many_stores(
    *,
    count: int,
    processes: int,
    points: list[Endpoint],
    measure: Callable[[list[Endpoint]], dict[str, Measured]],
    progress: Callable[[str], None],
) -> ManyStores:
    """`measure(points)` loads each endpoint of the running (tenancy on) server."""
    result = ManyStores(count=count, processes=processes)
    present = store_count()
    if present > 2 or count < 3:
        raise RuntimeError(f"--stores needs >= 3 and at most 2 stores to start ({present})")
    create_stores(0, 2 - present, processes=1)
    progress(f"with 2 stores: measuring {len(points)} endpoints")
    result.with_two = {label: m.total for label, m in measure(points).items()}
    progress(f"creating {count - 2} stores by the fast path ({processes} processes)")
    started = time.perf_counter()
    create_stores(2 - present, count - 2, processes=processes)
    result.create_s = time.perf_counter() - started
    if store_count() != count:
        raise RuntimeError(f"{store_count()} stores, not {count}")
    time.sleep(SETTLE_S)
    progress(f"with {count} stores: measuring {len(points)} endpoints")
    result.with_many = {label: m.total for label, m in measure(points).items()}
    progress(f"no-op migrate over {count} stores")
    result.migrate_ms, result.migrate_summary = time_noop_migrate(count)
    return result


def render_many_stores(result: ManyStores, points: list[Endpoint], w: int = 24) -> list[str]:
    """The --stores section; each ratio from the latencies as printed."""
    many = f"{result.count} stores"
    lines = [
        "",
        f"many stores, on (p50 / p99 ms){'2 stores':>14}{many:>16}"
        f"{'ratio p50':>11}{'ratio p99':>11}{'target':>10}",
    ]
    for endpoint in points:
        two, lots = result.with_two[endpoint.label], result.with_many[endpoint.label]
        p50 = (round(two.percentile_ms(50), 2), round(lots.percentile_ms(50), 2))
        p99 = (round(two.percentile_ms(99), 2), round(lots.percentile_ms(99), 2))
        r50 = round(p50[1] / p50[0], 2) if p50[0] else 0.0
        r99 = round(p99[1] / p99[0], 2) if p99[0] else 0.0
        ok = r50 <= TARGET_RATIO and r99 <= TARGET_RATIO
        lines.append(
            f"{endpoint.label:<{w + 6}}{p50[0]:>7.2f} /{p99[0]:>6.2f}{p50[1]:>9.2f} /{p99[1]:>6.2f}"
            f"{r50:>10.2f}x{r99:>10.2f}x{f'<= {TARGET_RATIO}x':>10}  "
            f"{'PASS' if ok else 'MISS'}"
        )
    per_store_ms = result.create_s * 1000 / max(1, result.count - 2)
    migrate_each = result.migrate_ms / result.count
    lines += [
        f"  (the same store and load, tenancy on, each after a warm-up; {result.count - 2} stores "
        f"made by replaying the schema template, unseeded, in {result.create_s:.1f} s with "
        f"{result.processes} processes, {per_store_ms:.0f} ms each, then {SETTLE_S} s to settle)",
        f"no-op fleet migrate over {result.count} stores: {result.migrate_ms:.0f} ms "
        f"({migrate_each:.2f} ms per store; manage.py migrate: {result.migrate_summary})",
    ]
    return lines
