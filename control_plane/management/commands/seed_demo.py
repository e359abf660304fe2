"""The demo of `scripts/run`: `manage.py seed_demo`. Prints where everything is and the
sign-ins, one per line as `<label>  <url>  user <name>  password <password>` (scripts/run
prints it again once the server answers). URLs come from PLATFORM_DOMAIN and PUBLIC_PORT."""

from django.conf import settings
from django.core.management.base import BaseCommand

from control_plane.demo import DEMO_STORES, seed_demo
from tenants.services import public_url_for


class Command(BaseCommand):
    help = "Create and seed the demo stores, their admins and the platform operator. Idempotent."

    def handle(self, *args, **options):
        base_url = public_url_for(settings.PLATFORM_DOMAIN)
        sign_ins = seed_demo()
        width = max(len(s.url) for s in sign_ins)
        lines = [f"platform       {base_url}/   (open a store of your own at {base_url}/signup/)"]
        for (slug, name), admin in zip(DEMO_STORES, sign_ins[1:], strict=True):
            lines.append(f"store {slug:<8} {admin.url.removesuffix('admin/')}   ({name})")
        lines.append("sign-ins:")
        for s in sign_ins:
            lines.append(
                f"  {s.label:<22} {s.url:<{width}}  user {s.username}  password {s.password}"
            )
        self.stdout.write("\n".join(lines))
