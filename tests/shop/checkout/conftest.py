from tests.shop.checkout.journey import alpha_payments, place_guest_order  # noqa: F401
