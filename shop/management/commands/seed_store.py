"""Seed a store's starting data: `manage.py seed_store demo [--catalog office-supplies|empty]`."""

from django.core.management.base import BaseCommand, CommandError

from shop.seed import CATALOGS, seed_store
from tenants.context import tenant_context
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Write reference data (and a sample catalog) into one store's schema. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--catalog", choices=CATALOGS, default="office-supplies")

    def handle(self, *args, slug, catalog, **options):
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(f"no store with slug {slug!r}")
        with tenant_context(tenant):
            seed_store(catalog=catalog)
        self.stdout.write(f"seeded {tenant.slug} ({tenant.schema_name}) with {catalog}")
