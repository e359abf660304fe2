"""Create a store from the command line: `manage.py create_tenant demo "Demo Store"`."""

import time

from django.core.management.base import BaseCommand, CommandError

from tenants.models import Tenant
from tenants.services import SchemaMethod, create_tenant


class Command(BaseCommand):
    help = "Create a store with its schema and primary domain."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("name")
        parser.add_argument("--placement", default="default")
        parser.add_argument("--method", choices=[m.value for m in SchemaMethod], default="template")
        parser.add_argument("--if-missing", action="store_true", help="Do nothing if it exists.")

    def handle(self, *args, slug, name, placement, method, if_missing, **options):
        if Tenant.objects.filter(slug=slug).exists():
            if if_missing:
                return
            raise CommandError(f"a store with slug {slug!r} exists")
        started = time.perf_counter()
        tenant = create_tenant(
            slug=slug, name=name, placement=placement, method=SchemaMethod(method)
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(f"created {tenant.slug} ({tenant.schema_name}) in {elapsed:.3f}s")
