"""Every operator action writes one OperatorAuditLog row, in the same transaction as the
change: if the row cannot be written the change is undone, and the other way round."""

import pytest
from core.secrets import StripeKeys, get_secret_store
from django.db import DatabaseError, connection

from control_plane.audit import OperatorAuditLog
from control_plane.dashboard import services
from control_plane.dashboard.permissions import Role
from tenants.models import Tenant

pytestmark = pytest.mark.django_db(databases=["default", "second"])

KEYS = StripeKeys(
    publishable_key="pk_test_51Hauditauditaudit00001111",
    secret_key="sk_test_51Hauditauditaudit00002222",
    webhook_secret="whsec_auditauditaudit00003333",
)


@pytest.fixture
def store(signed_up) -> Tenant:
    return signed_up("audited").tenant


@pytest.fixture
def operator(staff_client):
    return staff_client(Role.OPERATOR, username="olga")


def rows() -> list[tuple[str, str, str, dict]]:
    return [
        (row.actor_username, row.action, row.tenant_slug, row.detail)
        for row in OperatorAuditLog.objects.order_by("id")
    ]


def test_each_dashboard_action_writes_one_row_naming_the_operator_and_the_store(
    store, operator, django_capture_on_commit_callbacks
):
    base = "/dashboard/tenants/audited"
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(f"{base}/suspend")
        operator.post(f"{base}/resume")
        operator.post(f"{base}/plan", {"plan": "basic"})
        operator.post(f"{base}/domains", {"custom_domain": "Shop.Audited.Example"})
        operator.post(
            f"{base}/stripe-keys",
            {
                "publishable_key": KEYS.publishable_key,
                "secret_key": KEYS.secret_key,
                "webhook_secret": KEYS.webhook_secret,
            },
        )

    claim = store.domain_claims.get()
    assert rows() == [
        ("olga", "suspend", "audited", {}),
        ("olga", "resume", "audited", {}),
        ("olga", "change_plan", "audited", {"from": "free", "to": "basic"}),
        ("olga", "add_domain", "audited", {"domain": "shop.audited.example", "claim": claim.pk}),
        (
            "olga",
            "set_stripe_keys",
            "audited",
            {
                "secret_key": "sk_test_****2222",
                "publishable_key": "pk_test_****1111",
                "rotated": True,
            },
        ),
    ]
    assert OperatorAuditLog.objects.filter(actor=operator.user).count() == 5


def test_a_refused_action_writes_no_row(store, operator):
    response = operator.post("/dashboard/tenants/audited/resume")  # it is not suspended

    assert response.status_code == 400
    assert "only a suspended store can be resumed (this one is active)" in response.content.decode()
    assert rows() == []


def test_when_the_audit_row_cannot_be_written_the_suspension_is_undone(store, operator):
    with connection.cursor() as cursor:  # the database refuses audit rows from now on
        cursor.execute(
            "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit log is read-only'; END $$;"
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON control_plane_operatorauditlog "
            "FOR EACH ROW EXECUTE FUNCTION refuse_audit()"
        )

    with pytest.raises(DatabaseError, match="audit log is read-only"):
        services.suspend_store(tenant=store, acting_operator=operator.user)

    store.refresh_from_db()
    assert store.state == Tenant.State.ACTIVE


def test_when_the_keys_cannot_be_stored_the_audit_row_is_undone(store, operator):
    before = get_secret_store().get_tenant_stripe_keys(store.pk)
    with connection.cursor() as cursor:  # the local secret store's table refuses writes
        cursor.execute(
            "CREATE FUNCTION refuse_secret() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'secret store is read-only'; END $$;"
            "CREATE TRIGGER refuse_secret BEFORE UPDATE ON core_encryptedsecret "
            "FOR EACH ROW EXECUTE FUNCTION refuse_secret()"
        )

    with pytest.raises(DatabaseError, match="secret store is read-only"):
        services.set_stripe_keys(tenant=store, keys=KEYS, acting_operator=operator.user)

    assert rows() == []
    assert get_secret_store().get_tenant_stripe_keys(store.pk) == before
