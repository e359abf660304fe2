"""`migrate` for a fleet of stores.

Plain `migrate` brings the public schema (control plane) up to date, captures the store
template for the current migration state, then migrates every provisioned store that is
not already current, in parallel. `--database X` does the same for one database (the test
runner calls it that way for every alias); `--schema S` migrates one store's schema.
"""

from django.core.management.commands import migrate as django_migrate
from django.db import DEFAULT_DB_ALIAS

from tenants import fleet, pool, schema_template
from tenants.context import public_context


class Command(django_migrate.Command):
    help = "Migrate the public schema, then every store schema that is behind."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--schema", help="Migrate only this store schema.")
        parser.add_argument("--processes", type=int, help="Parallel processes for the fleet.")
        parser.add_argument("--shared-only", action="store_true", help="Skip store schemas.")

    def handle(self, *args, **options):
        database = options["database"]
        if options["schema"]:
            schema_template.migrate_schema(options["schema"], database)
            return
        if database == DEFAULT_DB_ALIAS or options["app_label"]:
            with public_context():
                super().handle(*args, **options)
        if options["shared_only"] or options["app_label"] or options["plan"]:
            return
        report = fleet.migrate_fleet(processes=options["processes"], aliases=[database])
        if options["verbosity"]:
            self.stdout.write(
                f"stores on {database}: {len(report.current)} current, {len(report.migrated)} "
                f"migrated, {len(report.skipped)} skipped, {len(report.failed)} failed"
            )
        for schema, error in report.failed.items():
            self.stderr.write(f"{schema}: {error}")
        if report.failed:
            raise SystemExit(1)
        built = pool.top_up_pool(database)
        if options["verbosity"] and built:
            self.stdout.write(f"spare store schemas built on {database}: {built}")
