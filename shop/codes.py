"""Random codes and identifiers of the store, all from `secrets` (never `random`).

- member / prospect / email / ad codes (`mb_cd`, `pr_cd`, `em_cd`, `ad_cd`): 20 characters
- anonymous cart ids (the `an_ct` cookie value): 20 characters
- order identifiers: 10 characters

All are drawn from [A-Za-z0-9]. Uniqueness is the database's job (unique columns); with 62^20
possibilities a collision is astronomically unlikely, and the order identifier (62^10) is
re-drawn by its creator when the unique constraint reports one.
"""

from __future__ import annotations

import secrets
import string

ALPHABET = string.ascii_letters + string.digits
CODE_LENGTH = 20
ORDER_IDENTIFIER_LENGTH = 10


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_member_code() -> str:
    return new_code()


def new_prospect_code() -> str:
    return new_code()


def new_anonymous_cart_id() -> str:
    return new_code()


def new_order_identifier() -> str:
    return new_code(ORDER_IDENTIFIER_LENGTH)
