"""The `em_cd` of every template the store's own code sends (seeded by shop.emails.seed).

The order confirmations and the two example drafts keep the reference's codes (its
Orderconfiguration names the confirmation codes; old links carry them). Our transactional
templates get readable codes.
"""

ORDER_CONFIRMATION_MEMBER = "gvREoqen93ffZsmBIc8zl"
ORDER_CONFIRMATION_PROSPECT = "FpGyZy6kld9R2XTjqvBQN"
EXAMPLE_PROSPECT_EMAIL = "A1jAqhMyLVpBVgxjuknq"
EXAMPLE_MEMBER_EMAIL = "P0Ps5FLIfUUiMpdV3HOB"

WELCOME = "member-welcome"
EMAIL_VERIFICATION = "member-email-verification"
PASSWORD_RESET = "member-password-reset"  # noqa: S105 (a template code)
PASSWORD_CHANGED = "member-password-changed"  # noqa: S105
FORGOT_USERNAME = "member-forgot-username"
EMAIL_CHANGED_OLD_ADDRESS = "member-email-changed-old"
EMAIL_CHANGED_NEW_ADDRESS = "member-email-changed-new"
NEW_CHAT_MESSAGE = "owner-new-chat-message"
ORDER_REFUND = "order-refund"
