"""Stores seeded before refunds existed get the `order-refund` template from a migration
(emails 0002), so their shoppers' refund emails do not fail; an unseeded schema gets none."""

from importlib import import_module

import pytest
from django.apps import apps

from shop.emails import codes
from shop.emails.models import Email, Emailtype
from tenants.context import tenant_context

pytestmark = pytest.mark.django_db(databases=["default", "second"])

migration = import_module("shop.emails.migrations.0002_order_refund_template")


def test_a_store_seeded_without_the_template_gets_it(seeded_stores, store_a):
    with tenant_context(store_a):
        Email.objects.filter(em_cd=codes.ORDER_REFUND).delete()

        migration.add_order_refund_template(apps, None)
        migration.add_order_refund_template(apps, None)  # run again: still one

        [template] = Email.objects.filter(em_cd=codes.ORDER_REFUND)
        assert template.subject == "{store_name} refund for order {identifier}"
        assert template.email_type.title == Emailtype.TRANSACTIONAL
        assert "{refund_amount}" in template.body_text


def test_an_unseeded_schema_is_left_to_the_seed(seeded_stores, store_a):
    with tenant_context(store_a):
        Email.objects.all().delete()
        Emailtype.objects.all().delete()

        migration.add_order_refund_template(apps, None)

        assert not Email.objects.exists()
