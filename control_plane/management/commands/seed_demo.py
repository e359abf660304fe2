"""The demo of `scripts/run`: `manage.py seed_demo --base-url http://localhost:8000`.
Prints where everything is and the sign-ins, one per line as `<label>  <url>  user <name>
password <password>` (scripts/run prints it again once the server answers)."""

from django.core.management.base import BaseCommand

from control_plane.demo import DEMO_STORES, seed_demo


class Command(BaseCommand):
    help = "Create and seed the demo stores, their admins and the platform operator. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://localhost:8000")

    def handle(self, *args, base_url: str, **options):
        base_url = base_url.rstrip("/")
        sign_ins = seed_demo(base_url=base_url)
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
