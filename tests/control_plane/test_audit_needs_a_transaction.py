"""An audit row is only ever written inside the transaction of the change it records."""

import pytest
from django.contrib.auth.models import User

from control_plane.audit import AuditAction, AuditOutsideTransaction, record_action


def test_record_action_outside_a_transaction_is_refused_before_touching_the_database():
    with pytest.raises(AuditOutsideTransaction, match="inside the transaction of the change"):
        record_action(actor=User(username="olga"), action=AuditAction.SUSPEND)
