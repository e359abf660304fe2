"""The storefront benchmark's report. Every ratio and verdict is computed from the numbers
as printed (rounded), so a reader can check them by hand."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass

from storefront_load import LoadResult

TARGET_OVERHEAD_PERCENT = 10.0
TARGET_SETS_ON = 1
FLOOR_LABEL = "/bench/floor"
# CPU per request relative to the floor, tenancy on (issue 13.5); endpoints without a target
# are shown without a verdict.
TARGET_VS_FLOOR = {"/order/products": 1.5, "/order/product/<id>": 1.5, "/order/cart-totals": 1.3}
# The last line's names for the endpoints with a target, in its order.
SUMMARY_NAMES = {"/order/products": "products", "/order/product/<id>": "product",
                 "/order/cart-totals": "cart-totals"}  # fmt: skip
CONFIGS = ("on", "off")

MEANING = {
    "on": (
        "CachedTenantMiddleware, as in production: Host -> tenant from the routing cache, "
        "then tenant_context(tenant) around the request (schema switched, search_path set "
        "once on the request's first query, public restored afterwards)"
    ),
    "off": (
        "PinnedStoreMiddleware in its place: the same store's tenant_context entered once per "
        "worker process at its first request and never left (connection.set_tenant + "
        "tenants.context); no Host routing, no per-request switch, no per-request SET "
        "search_path"
    ),
}


@dataclass(frozen=True)
class Endpoint:
    label: str
    path: str


@dataclass(frozen=True)
class StoreInfo:
    slug: str
    host: str
    schema: str
    products: int
    product_identifier: str
    cart_lines: int
    shipping_method: str | None
    discount_code: str | None


@dataclass(frozen=True)
class RunInfo:
    database: str
    load_at_start: float
    workers: int
    ports: dict[str, int]
    gunicorn: str
    client: str
    seconds: int
    warmup: int
    samples: int
    routing_cache: str
    cpu_scope: str
    store: StoreInfo


class Measured:
    """The 1-second slices of one endpoint in one configuration, with the servers' CPU time
    during each, and their totals."""

    def __init__(self) -> None:
        self.slices: list[LoadResult] = []
        self.cpu_ns = 0

    def add(self, result: LoadResult, *, cpu_ns: int) -> None:
        self.slices.append(result)
        self.cpu_ns += cpu_ns
        self.__dict__.pop("total", None)

    def merge(self, other: Measured) -> None:
        self.slices += other.slices
        self.cpu_ns += other.cpu_ns
        self.__dict__.pop("total", None)

    @functools.cached_property
    def total(self) -> LoadResult:
        return functools.reduce(LoadResult.merged, self.slices, LoadResult())

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_ns / self.total.requests / 1e6 if self.total.requests else 0.0

    def slice_range(self) -> str:
        rates = [s.requests_per_second for s in self.slices]
        return f"{min(rates):.0f}-{max(rates):.0f}"


def _sets(counts: list[int]) -> str:
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}-{high}"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _header(info: RunInfo) -> list[str]:
    import django
    from django.db import connection

    store = info.store
    pg = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
    load = f"load average {info.load_at_start:.1f} at start, {os.getloadavg()[0]:.1f} at end"
    cart = f"{store.cart_lines} lines x 2"
    cart += f", shipping {store.shipping_method}" if store.shipping_method else ""
    cart += f", discount code {store.discount_code}" if store.discount_code else ""
    return [
        "Storefleet storefront benchmark: the /order API with the tenant middleware on and off",
        f"database   {info.database} (created for this run, dropped at exit)",
        f"machine    {os.cpu_count()} cores, shared ({load}); PostgreSQL {pg}; "
        f"Django {django.get_version()}; Python {sys.version.split()[0]}",
        f"servers    gunicorn {info.gunicorn}, {info.workers} sync workers per configuration "
        f"(one per core), both running throughout: on at 127.0.0.1:{info.ports['on']}, "
        f"off at 127.0.0.1:{info.ports['off']}",
        f"load       {info.client}, from processes of its own; per endpoint and configuration "
        f"{info.warmup} s warm-up, then {info.seconds} x 1 s, interleaved on off off on ..., "
        f"each slice followed by 1 s of {FLOOR_LABEL}",
        f"store      {store.host} (schema {store.schema}): office-supplies seed, "
        f"{store.products} products; product {store.product_identifier}; anonymous cart "
        f"(an_ct cookie) of {cart}",
        f"routing    Host -> tenant cache: {info.routing_cache} (on only)",
        f"on         {MEANING['on']}",
        f"off        {MEANING['off']}",
        "both       the same views, settings, other middleware, store urlconf, schema and rows; "
        "they answered every endpoint identically before the load",
    ]


def render(
    info: RunInfo,
    endpoints: list[Endpoint],
    measured: dict[tuple[str, str], Measured],
    sets: dict[tuple[str, str], list[int]],
    *,
    floor: Endpoint,
    floors: dict[str, Measured],
    stores: list[str] | None = None,
) -> str:
    """The report; `measured` holds the floor's rows too (all its slices), `floors` the floor
    measured alongside each endpoint (tenancy on), `stores` the --stores lines."""
    w = 24
    lines = _header(info)
    lines += [
        "",
        f"{'endpoint':<{w}}{'config':<8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'CPU ms/req':>12}{'SET/req':>9}  req/s per 1 s slice",
    ]
    rates: dict[tuple[str, str], float] = {}
    cpu: dict[tuple[str, str], float] = {}
    for endpoint in [floor, *endpoints]:
        for config in CONFIGS:
            key = (endpoint.label, config)
            m = measured[key]
            rates[key] = round(m.total.requests_per_second, 1)
            cpu[key] = round(m.cpu_ms_per_request, 3)
            counted = _sets(sets[key]) if key in sets else "-"
            lines.append(
                f"{endpoint.label:<{w}}{config:<8}{rates[key]:>9.1f}"
                f"{m.total.percentile_ms(50):>9.2f}{m.total.percentile_ms(99):>9.2f}"
                f"{m.total.errors:>8}{cpu[key]:>12.3f}{counted:>9}  {m.slice_range()}"
            )
    lines += [
        f"  {floor.label}: a constant JSON view behind the same server and middleware "
        "(the floor; it makes no query, so no SET), 1 s after each 1 s slice of each endpoint; "
        "this row: all its slices",
        f"  CPU ms/req: CPU time of the configuration's {info.cpu_scope} per request",
        f"  SET/req: `SET search_path` statements per request, counted in the servers over "
        f"{info.samples} sequential requests per endpoint and configuration after the load; "
        "off sets it only on a new database connection (CONN_MAX_AGE: a new one each 60 s)",
        "",
        f"{'tenancy overhead':<{w}}{'on/off':>10}{'overhead':>10}{'target':>10}",
    ]
    for title, values, sign, note in [
        ("throughput (req/s)", rates, -1, "overhead = 1 - on/off of the req/s above; moves "
         "with the machine's other load"),
        ("server CPU per request", cpu, 1, "overhead = on/off - 1 of the CPU ms/req above; "
         "less moved by other load than req/s"),
    ]:  # fmt: skip
        lines.append(f"  {title}")
        for endpoint in endpoints:
            on, off = values[(endpoint.label, "on")], values[(endpoint.label, "off")]
            ratio = round(on / off, 3)
            overhead = round(sign * (ratio - 1) * 100, 1)
            ok = overhead <= TARGET_OVERHEAD_PERCENT
            lines.append(
                f"{endpoint.label:<{w}}{ratio:>10.3f}{overhead:>9.1f}%"
                f"{f'<= {TARGET_OVERHEAD_PERCENT:.0f}%':>10}  {_verdict(ok)}"
            )
        lines.append(f"  ({note})")
    lines += ["", f"{'SET search_path, on':<{w}}{'per req':>10}{'target':>10}"]
    for endpoint in endpoints:
        counts = sets[(endpoint.label, "on")]
        ok = all(count <= TARGET_SETS_ON for count in counts)
        lines.append(
            f"{endpoint.label:<{w}}{_sets(counts):>10}{f'<= {TARGET_SETS_ON}':>10}  {_verdict(ok)}"
        )
    lines.append(
        "  (set once, on a request's first query; a request answered from the catalog cache "
        "makes no query and sets none)"
    )
    vs_floor, summary = _floor_section(endpoints, floors, rates, cpu, w)
    return "\n".join([*lines, *vs_floor, *(stores or []), "", summary])


def _floor_section(
    endpoints: list[Endpoint],
    floors: dict[str, Measured],
    rates: dict[tuple[str, str], float],
    cpu: dict[tuple[str, str], float],
    w: int,
) -> tuple[list[str], str]:
    """Each endpoint against the floor measured alongside it, tenancy on (as in production),
    and the last line."""
    lines = [
        "",
        f"{'vs floor, on':<{w}}{'floor req/s':>12}{'CPU ms/req':>11}{'req/s':>9}{'CPU/req':>9}"
        f"{'target':>10}",
    ]
    ratios: dict[str, float] = {}
    for endpoint in endpoints:
        floor_rate = round(floors[endpoint.label].total.requests_per_second, 1)
        floor_cpu = round(floors[endpoint.label].cpu_ms_per_request, 3)
        rate = round(rates[(endpoint.label, "on")] / floor_rate, 2) if floor_rate else 0.0
        ratio = round(cpu[(endpoint.label, "on")] / floor_cpu, 2) if floor_cpu else 0.0
        ratios[endpoint.label] = ratio
        target = TARGET_VS_FLOOR.get(endpoint.label)
        row = f"{endpoint.label:<{w}}{floor_rate:>12.1f}{floor_cpu:>11.3f}"
        row += f"{rate:>8.2f}x{ratio:>8.2f}x"
        if target is not None:
            row += f"{f'<= {target:.1f}x':>10}  {_verdict(ratio <= target)}"
        lines.append(row)
    lines.append(
        "  (floor: its slices taken alongside the endpoint's; req/s and CPU ms/req of the "
        "endpoint (rows above) over the floor's; the target is on CPU per request)"
    )
    named = " ".join(f"{name} {ratios[label]:.2f}x" for label, name in SUMMARY_NAMES.items())
    return lines, f"storefront vs floor: {named}"
