"""Discount codes: what a code does, when it applies, and how codes combine.

These rules are enforced in two places that share one definition of "valid": when a shopper
applies a code (`shop.cart.services.apply_discount_code`) and every time a cart is priced
(`shop.pricing.price_cart`), so a code that expires or stops qualifying while it sits in a
cart simply stops applying.

Kinds (Discounttype.action):
- `percent-off` (applies to items): item discount = item subtotal x amount / 100, with
  0 < amount <= 100.
- `dollar-amt-off` (applies to items): item discount = min(amount, item subtotal); a discount
  never makes anything negative.
- `free-shipping` (applies to shipping): the code names one shipping method
  (Discountcode.shipping_method). It zeroes that method's cost, and only when that method is
  the cart's selected one; with any other method selected it takes nothing off.
- `free-digital-months` (applies to subscriptions): recorded with the cart and the order,
  never changes an amount.

Valid (checked at `now`, a timezone-aware datetime):
- window: start_date_time <= now < end_date_time (the end is exclusive);
- minimum: item subtotal (before any discount) >= order_minimum.

Applying a code to a cart (refused with the error code in brackets):
- the code is matched case-insensitively [cart-discount-code-not-found];
- it must be inside its window now [cart-discount-code-not-active];
- the same code is never twice in one cart [cart-discount-code-already-applied];
- combinable: a non-combinable code can only be alone in a cart. Applying a non-combinable
  code to a cart that holds any code, or any code to a cart that holds a non-combinable
  code, is refused [cart-discount-code-not-combinable];
- a code whose minimum is not met yet may be applied; it shows as not applied
  (`discount_applied: false`) until the cart qualifies.

Pricing a cart walks its codes in the order they were applied (oldest first) and applies a
code when all of these hold:
- it is valid now (window and minimum);
- its slot is free: at most ONE item discount (percent-off or dollar-amt-off) and at most
  ONE shipping discount apply; subscription codes take no slot;
- a free-shipping code also needs its method to be the selected one;
- combinability: a non-combinable code applies only if no other code has applied before it,
  and once a non-combinable code applies, no later code does. (Apply-time checks keep such
  carts from forming; this re-check covers codes edited in the admin after they were added.)
Codes that do not apply stay in the cart with `discount_applied: false`.
"""
