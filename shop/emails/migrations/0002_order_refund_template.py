"""The `order-refund` template for stores seeded before refunds existed (a store seeded later
gets it from shop.emails.seed). Runs in every store's schema; an unseeded schema (the
template, a spare) is left to the seed. The text is frozen here, as migrations must be."""

from django.db import migrations

SUBJECT = "{store_name} refund for order {identifier}"
BODY = """Hello {recipient_first_name},

We have refunded {refund_amount} of your payment for order {identifier} from {store_name}.
In all, {amount_refunded} of the {amount_charged} you paid has been refunded.

Your bank may take 5 to 10 days to show the refund on your statement.

Questions? Write to {store_owner_address} and mention {identifier}.

-- {store_name}
"""


def add_order_refund_template(apps, schema_editor):
    Email = apps.get_model("emails", "Email")
    Emailtype = apps.get_model("emails", "Emailtype")
    Emailstatus = apps.get_model("emails", "Emailstatus")
    kind = Emailtype.objects.filter(title="Transactional").first()
    status = Emailstatus.objects.filter(title="Ready").first()
    if kind is None or status is None:  # not seeded: the seed will add the template
        return
    Email.objects.get_or_create(
        em_cd="order-refund",
        defaults={
            "subject": SUBJECT,
            "email_type": kind,
            "email_status": status,
            "body_text": BODY,
            "body_html": "",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("emails", "0001_initial")]

    operations = [migrations.RunPython(add_order_refund_template, migrations.RunPython.noop)]
