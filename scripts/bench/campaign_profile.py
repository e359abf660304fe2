"""Where a campaign message's CPU goes, in one process (issue 13, point 7): a store with N
members in a throwaway database, a local SMTP server process (campaign_smtp.py), and the
campaign's batches run in this process by plan_batch/send_batch, the way a worker runs them.

    PYTHONPATH=platform DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python scripts/bench/campaign_profile.py [--recipients N] [--batch-size N]

Two campaigns of the same audience: the first without a profiler gives the CPU time of this
process and of its PostgreSQL sessions per message (steadier than wall-clock rates on a busy
machine); the second runs under cProfile, timed by CPU (not wall clock), and splits that
time into message build (rendering, headers, MIME), claim SQL, record SQL, BEGIN/COMMIT,
SMTP I/O, ORM reads and the rest: the profiled shares applied to the unprofiled total.
cProfile's overhead weighs most on code that makes many small Python calls (rendering,
MIME), so read the split as an order, not to the tenth of a millisecond.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def run_campaign(email, *, batch_size: int) -> tuple[int, float, float, float]:
    """Send a campaign of `email` through plan_batch/send_batch, a new database connection
    per batch (Celery's Django fixup closes it after every task); (messages, CPU s of this
    process, CPU s of its PostgreSQL sessions, wall s)."""
    from campaign_bench import cpu_seconds
    from django.db import connection

    from shop.campaigns.batches import plan_batch, send_batch
    from shop.campaigns.models import Campaign
    from shop.campaigns.services import create_campaign, prepare_campaign, set_status

    campaign = prepare_campaign(campaign=create_campaign(email=email))
    set_status(campaign=campaign, to_status=Campaign.Status.SENDING)
    connection.close()
    sent, database_cpu = 0, 0.0
    cpu, wall = time.process_time(), time.perf_counter()
    after_id = 0
    while True:
        plan = plan_batch(campaign_id=campaign.pk, after_id=after_id, batch_size=batch_size)
        sent += send_batch(plan=plan).get("sent", 0)
        database_cpu += cpu_seconds(connection.connection.info.backend_pid) or 0.0
        connection.close()
        if plan.next_after_id is None:
            break
        after_id = plan.next_after_id
    return sent, time.process_time() - cpu, database_cpu, time.perf_counter() - wall


def _matches(key: tuple, module: str, name: str) -> bool:
    filename, _line, function = key
    return function == name and filename.replace(os.sep, "/").endswith(module)


def cumulative(stats: pstats.Stats, module: str, name: str, *, caller: str | None = None) -> float:
    """Cumulative seconds of `module`.`name` (only its calls from `caller` when given)."""
    total = 0.0
    for key, (_cc, _nc, _tt, ct, callers) in stats.stats.items():
        if not _matches(key, module, name):
            continue
        if caller is None:
            total += ct
            continue
        for caller_key, caller_stats in callers.items():
            if caller_key[2] == caller:
                total += caller_stats[3]
    return total


def split(stats: pstats.Stats, total: float) -> list[tuple[str, float]]:
    """(label, seconds) per part of the sending, from the profile; the rest is 'other'."""
    c = cumulative
    written = c(stats, "campaigns/wire.py", "write_message")  # inside build_campaign_wire
    serialize = c(stats, "campaigns/transport.py", "_serialize") + written
    build = c(stats, "campaigns/compose.py", "build_campaign_message") + c(
        stats, "campaigns/compose.py", "build_campaign_wire"
    )
    render = c(stats, "campaigns/compose.py", "render_for")
    claim = c(stats, "campaigns/delivery.py", "claim_delivery") + c(
        stats, "campaigns/delivery.py", "claim_deliveries"
    )
    record = c(stats, "campaigns/delivery.py", "_execute", caller="deliver_to_recipient") + c(
        stats, "campaigns/delivery.py", "_execute", caller="deliver_claimed"
    )
    commit = c(stats, "django/db/transaction.py", "__exit__", caller="deliver_to_recipient") + c(
        stats, "django/db/transaction.py", "__exit__", caller="deliver_claimed"
    )
    atomic_enter = c(
        stats, "django/db/transaction.py", "__enter__", caller="deliver_to_recipient"
    ) + c(stats, "django/db/transaction.py", "__enter__", caller="deliver_claimed")
    smtp = (
        c(stats, "campaigns/transport.py", "_hand_over")
        - c(stats, "campaigns/transport.py", "_serialize")
        + c(stats, "campaigns/transport.py", "confirm")
    )
    reads = (
        c(stats, "campaigns/batches.py", "plan_batch")
        + c(stats, "django/db/models/query.py", "__iter__", caller="send_batch")
        + c(stats, "campaigns/batches.py", "load_recipients")
        + c(stats, "campaigns/compose.py", "get_sending_context")
        + c(stats, "campaigns/services.py", "finish_campaign_if_done")
    )
    parts = [
        ("message: render (placeholders, link codes)", render),
        ("message: headers, EmailMessage", build - render - written),
        ("message: MIME serialization", serialize),
        ("claim SQL", claim),
        ("record SQL (fenced UPDATE + Emailsent)", record),
        ("transaction: BEGIN/COMMIT", commit + atomic_enter),
        ("SMTP I/O (MAIL/RCPT/DATA/send/reply)", smtp),
        ("ORM reads (plan, deliveries, context, finish)", reads),
    ]
    profiled = sum(seconds for _label, seconds in parts)
    parts.append(("other (loop, heartbeat, campaign setup)", max(stats.total_tt - profiled, 0.0)))
    scale = total / stats.total_tt if stats.total_tt else 0.0
    return [(label, seconds * scale) for label, seconds in parts]


def main(argv: list[str]) -> int:
    from bench_main import environment_is_set, progress
    from campaign_bench import (
        _setup_django,
        child_env,
        free_port,
        make_audience,
        make_email,
        start_smtp_server,
    )
    from throwaway_db import throwaway_database

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--top", type=int, default=0, help="also print cProfile's top N")
    args = parser.parse_args(argv)
    if not environment_is_set():
        return 2
    server = os.environ["DATABASE_URL"]
    with throwaway_database(server) as url, tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = child_env(
            url=url,
            redis_url=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            queue="unused",
            port=port,
            batch_size=args.batch_size,
        )
        _setup_django(url, env)
        smtp = start_smtp_server(port, Path(tmp) / "smtp.log")
        try:
            from shop.emails.seed import seed_emails
            from tenants.context import tenant_context
            from tenants.services import SchemaMethod, create_tenant

            tenant = create_tenant(
                slug="profile", name="Profile Store", method=SchemaMethod.TEMPLATE
            )
            with tenant_context(tenant):
                seed_emails()
                progress(f"creating {args.recipients} members")
                make_audience(args.recipients)
                progress("campaign 1 (no profiler)")
                sent, cpu, database_cpu, wall = run_campaign(
                    make_email(), batch_size=args.batch_size
                )
                progress("campaign 2 (cProfile)")
                profiler = cProfile.Profile(time.process_time)  # CPU, not wall time
                profiler.enable()
                sent2, *_ = run_campaign(make_email(), batch_size=args.batch_size)
                profiler.disable()
        finally:
            smtp.terminate()
            smtp.wait(timeout=10)
    stats = pstats.Stats(profiler)
    print(f"campaign profile: {sent} messages, batches of {args.batch_size}, load average "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    for label, seconds in (
        ("CPU of this process per message", cpu),
        ("CPU of its PostgreSQL sessions per message", database_cpu),
        ("wall time per message (noisy)", wall),
    ):
        print(f"{label:<48}{seconds / sent * 1000:>8.3f} ms")
    print(f"split of the CPU (profiled run, {sent2} messages, scaled to the total):")
    for label, seconds in split(stats, cpu):
        print(f"  {label:<46}{seconds / sent * 1000:>8.3f} ms")
    if args.top:
        stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
