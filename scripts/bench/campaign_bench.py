"""How fast a campaign goes out, and whether it reaches everyone exactly once (issue 4,
"Benchmark"): a campaign of 5,000 recipients sent by 2 real Celery worker processes (Redis,
a queue of their own) to a local SMTP server process that logs every message it accepts.

    scripts/bench/campaign [--recipients N] [--workers N] [--batch-size N]

Prints messages per second (from the "Send Ready Email" call to the campaign being SENT,
snapshot of the audience included), the total time, and from the SMTP server's own log: raw
duplicates (messages beyond one per recipient), distinct-Message-ID duplicates (different
messages to one recipient) and missing recipients, with PASS/MISS against the targets.

Runs in a database of its own (throwaway_db) on the server DATABASE_URL names; REDIS_URL
(default redis://127.0.0.1:6379/0) is the broker.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench_main import database_name, main_in_throwaway_database, progress
from campaign_report import Results, render

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PORTS = range(9050, 9100)
DOMAIN = "campaign.bench"


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def start_smtp_server(port: int, log_path: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(HERE / "campaign_smtp.py"), str(port), str(log_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise RuntimeError("the SMTP server did not start")
    return process


def start_workers(count: int, *, queue: str, env: dict[str, str], logdir: Path) -> list:
    workers = []
    for number in range(count):
        log = open(logdir / f"worker{number}.log", "w")  # noqa: SIM115 (closed with the process)
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue,
                   "-P", "solo", "-c", "1", "-n", f"bench{number}-{queue}@%h",
                   "--without-gossip", "--without-mingle", "--without-heartbeat",
                   "-l", "WARNING"]  # fmt: skip
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        workers.append((process, log))
    return workers


def wait_for_workers(count: int, queue: str, timeout: float = 60.0) -> None:
    from config.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=0.5)
        names = {name for reply in replies for name in reply if queue in name}
        if len(names) >= count:
            return
    raise RuntimeError(f"{count} workers did not come up within {timeout:.0f} s")


def stop_workers(workers: list) -> None:
    for process, _log in workers:
        process.terminate()
    for process, log in workers:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of process `pid` so far (/proc/<pid>/stat); None when unreadable
    (not Linux, or the process is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime


def total_cpu(pids: list[int]) -> float | None:
    seconds = [cpu_seconds(pid) for pid in pids]
    return None if any(value is None for value in seconds) else sum(seconds)


class SessionCpu:
    """CPU time of the workers' PostgreSQL sessions on this database, when the server runs on
    this machine. Celery closes a worker's database connection after every task, so a session
    lives for one batch: sample() (called every poll, ~20 ms) keeps each session's latest
    reading; the last few ms of each session's life are missed."""

    def __init__(self) -> None:
        from django.db import connection

        host = connection.settings_dict.get("HOST") or ""
        self.local = host in ("", "localhost", "127.0.0.1", "::1") or host.startswith("/")
        self.latest: dict[tuple[int, object], float] = {}

    def sample(self) -> None:
        if not self.local:
            return
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, backend_start FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND backend_type = 'client backend'"
            )
            sessions = cursor.fetchall()
        for pid, started in sessions:
            seconds = cpu_seconds(pid)
            if seconds is not None:
                self.latest[(pid, started)] = seconds

    def total(self) -> float | None:
        return sum(self.latest.values()) if self.local else None


def make_audience(count: int) -> set[str]:
    """`count` subscribed members with unsubscribe tokens, in two bulk INSERTs."""
    from django.contrib.auth.models import User

    from shop.accounts.models import Member
    from shop.accounts.tokens import new_unsubscribe_token

    users = User.objects.bulk_create(
        [
            User(
                username=f"reader{n:05d}",
                email=f"reader{n:05d}@example.com",
                first_name=f"Reader{n}",
                password="!",  # noqa: S106 (an unusable password)
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    members = []
    for user in users:
        token = new_unsubscribe_token()
        members.append(
            Member(
                user=user,
                newsletter_subscriber=True,
                email_unsubscribe_string=token.value,
                email_unsubscribe_string_signed=token.token,
            )
        )
    Member.objects.bulk_create(members, batch_size=1000)
    return {user.email for user in users}


BODY_TEXT = """Hello {recipient_first_name},

Spring is here: {ENVIRONMENT_DOMAIN}/news?em_cd={em_cd}&mb_cd={mb_cd}
All products: {ENVIRONMENT_DOMAIN}/products

Unsubscribe: {ENVIRONMENT_DOMAIN}/account/email-unsubscribe?em_cd={em_cd}&mb_cd={mb_cd}&token={token}
"""  # noqa: E501
BODY_HTML = """<p>Hello {recipient_first_name},</p>
<p>Spring is here: <a href="{ENVIRONMENT_DOMAIN}/news?em_cd={em_cd}&amp;mb_cd={mb_cd}">news</a></p>
<p><a href="{ENVIRONMENT_DOMAIN}/products">All products</a></p>
"""


def make_email():
    from shop.emails.models import Email, Emailstatus, Emailtype

    return Email.objects.create(
        subject="Spring news from {store_name}",
        email_type=Emailtype.objects.get(title=Emailtype.MEMBER),
        email_status=Emailstatus.objects.get(title=Emailstatus.READY),
        body_text=BODY_TEXT,
        body_html=BODY_HTML,
    )


def read_smtp_log(path: Path) -> list[tuple[float, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        at, recipients, message_id = line.split("\t")
        rows.append((float(at), recipients, message_id))
    return rows


def run_benchmark(*, recipients: int, workers: int, batch_size: int, env: dict[str, str],
                  queue: str, smtp_log: Path, smtp_pid: int, logdir: Path,
                  timeout: float) -> Results:  # fmt: skip
    from django.db.models import Count

    from shop.campaigns.models import Campaign, CampaignDelivery
    from shop.campaigns.services import send_ready_email
    from shop.emails.models import Emailsent
    from shop.emails.seed import seed_emails
    from tenants.context import tenant_context
    from tenants.services import SchemaMethod, create_tenant

    load_at_start = os.getloadavg()[0]
    progress("creating the store")
    tenant = create_tenant(slug="bench", name="Bench Store", method=SchemaMethod.TEMPLATE)
    with tenant_context(tenant):
        seed_emails()
        progress(f"creating {recipients} members")
        started = time.perf_counter()
        expected = make_audience(recipients)
        audience_s = time.perf_counter() - started
        email = make_email()

    progress(f"starting {workers} workers on queue {queue}")
    pool = start_workers(workers, queue=queue, env=env, logdir=logdir)
    try:
        wait_for_workers(workers, queue)
        progress("sending the campaign")
        with tenant_context(tenant):
            worker_pids = [process.pid for process, _log in pool]
            sessions = SessionCpu()
            cpu_before = {"workers": total_cpu(worker_pids), "smtp": cpu_seconds(smtp_pid)}
            started = time.perf_counter()
            campaign = send_ready_email(email=email, created_by="bench")
            start_s = time.perf_counter() - started
            deadline = time.monotonic() + timeout
            while (
                Campaign.objects.filter(pk=campaign.pk).values_list("status", flat=True)[0]
                != Campaign.Status.SENT
            ):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the campaign did not finish within {timeout:.0f} s")
                sessions.sample()
                time.sleep(0.02)
            total_s = time.perf_counter() - started
            cpu_after = {"workers": total_cpu(worker_pids), "smtp": cpu_seconds(smtp_pid)}
            cpu_after["database"], cpu_before["database"] = sessions.total(), 0.0
            campaign.refresh_from_db()
            counts = dict(
                CampaignDelivery.objects.filter(campaign=campaign)
                .order_by()
                .values_list("status")
                .annotate(n=Count("id"))
                .values_list("status", "n")
            )
            emailsent = Emailsent.objects.filter(email=email).count()
    finally:
        stop_workers(pool)

    time.sleep(0.2)  # the server writes a line per message as it accepts it
    rows = read_smtp_log(smtp_log)
    by_recipient: dict[str, list[str]] = defaultdict(list)
    for _at, to, message_id in rows:
        by_recipient[to].append(message_id)
    return Results(
        recipients=recipients,
        workers=workers,
        batch_size=batch_size,
        audience_s=audience_s,
        start_s=start_s,
        total_s=total_s,
        sending_s=(campaign.finished_at - campaign.started_at).total_seconds(),
        smtp_span_s=(rows[-1][0] - rows[0][0]) if rows else 0.0,
        received=len(rows),
        raw_duplicates=sum(len(ids) - 1 for ids in by_recipient.values()),
        distinct_duplicates=sum(len(set(ids)) - 1 for ids in by_recipient.values()),
        missing=len(expected - set(by_recipient)),
        strangers=len(set(by_recipient) - expected),
        delivery_counts=counts,
        emailsent=emailsent,
        load_at_start=load_at_start,
        cpu={
            group: None if after is None or cpu_before[group] is None else after - cpu_before[group]
            for group, after in cpu_after.items()
        },
    )


def _setup_django(url: str, env: dict[str, str]) -> None:
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", shared_only=True, interactive=False, verbosity=0)


def child_env(*, url: str, redis_url: str, queue: str, port: int, batch_size: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DEBUG": "0",
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "TENANT_SPARE_SCHEMAS": "0",
        "PLATFORM_DOMAIN": DOMAIN,
        "CAMPAIGN_BATCH_SIZE": str(batch_size),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
    }
    env.pop("DATABASE_URLS", None)
    return env


def purge_queue(redis_url: str, queue: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).delete(queue)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for the campaign")
    args = parser.parse_args(argv)
    if args.recipients < 1 or args.workers < 1 or args.batch_size < 1:
        parser.error("--recipients, --workers and --batch-size must be >= 1")
    return args


def run_in(url: str, args: argparse.Namespace) -> str:
    """The benchmark in the database at `url` (made for it); its report."""
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    queue = f"bench-campaign-{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = child_env(
            url=url, redis_url=redis_url, queue=queue, port=port, batch_size=args.batch_size
        )
        _setup_django(url, env)
        smtp_log = Path(tmp) / "smtp.log"
        smtp = start_smtp_server(port, smtp_log)
        progress(f"SMTP server on 127.0.0.1:{port}")
        try:
            results = run_benchmark(
                recipients=args.recipients,
                workers=args.workers,
                batch_size=args.batch_size,
                env=env,
                queue=queue,
                smtp_log=smtp_log,
                smtp_pid=smtp.pid,
                logdir=Path(tmp),
                timeout=args.timeout,
            )
        except RuntimeError:
            for log in sorted(Path(tmp).glob("worker*.log")):
                print(f"--- {log.name}\n{log.read_text()[-3000:]}", file=sys.stderr)
            raise
        finally:
            smtp.terminate()
            smtp.wait(timeout=10)
            purge_queue(redis_url, queue)
        return render(results, database=database_name(url))


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    return main_in_throwaway_database(lambda url: run_in(url, args))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
