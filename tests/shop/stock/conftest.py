from tests.shop.admin_import_export.conftest import staff_client  # noqa: F401
from tests.shop.checkout.journey import alpha_payments  # noqa: F401
