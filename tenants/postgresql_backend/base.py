"""django-tenants' backend with a mode for PgBouncer's transaction pooling.

django-tenants sends one session-level `SET search_path` and remembers it. Behind a pooler in
transaction mode each transaction may run on another server connection, so that SET would
carry one store's path into another client's statements. With `POOL_MODE = "transaction"` in
a DATABASES entry (`?pool=transaction` on its URL) no session-level SET is ever sent: each
statement goes out as `SET LOCAL search_path TO ...; <statement>` in one simple-protocol
Query, which PostgreSQL runs as one transaction (implicit, or the caller's open one), so the
path holds for that statement and is gone when its transaction ends. Without the mode this
is django-tenants' backend unchanged.
"""

from __future__ import annotations

import re
import weakref

from django.core.exceptions import ImproperlyConfigured
from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.base import Cursor
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper
from django_tenants.utils import quote_schema_name
from psycopg import sql

TRANSACTION = "transaction"
_PUBLIC_PREFIX = 'SET LOCAL search_path TO "public"; '

# Statements that steer the transaction itself. They go out alone: in an aborted transaction
# a prefixed SET LOCAL would fail and take the ROLLBACK (TO SAVEPOINT) with it.
_TRANSACTION_CONTROL = re.compile(
    r"\s*(BEGIN|START|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE)\b", re.IGNORECASE
)

# Statements PostgreSQL refuses inside a transaction block, which a prefixed Query is.
_NO_TRANSACTION_BLOCK = re.compile(
    r"\s*(VACUUM|(CREATE|DROP)\s+(DATABASE|TABLESPACE)|ALTER\s+SYSTEM"
    r"|CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY"
    r"|REINDEX\b[^;]*\bCONCURRENTLY)\b",
    re.IGNORECASE,
)

# Session state that PgBouncer cannot carry from one server connection to the next.
_SESSION_OPTIONS = ("assume_role", "server_side_binding", "pool", "prepare_threshold")


class LocalPathCursor(Cursor):
    """Django's client-side-binding cursor; each statement carries its store's path."""

    def execute(self, query, params=None, **kwargs):
        prefix = _prefix_for(self)
        if prefix is None:
            return super().execute(query, params, **kwargs)
        if isinstance(query, sql.Composable):
            query = query.as_string(self)
        elif isinstance(query, bytes):
            query = query.decode()
        if _TRANSACTION_CONTROL.match(query):
            return super().execute(query, params, **kwargs)
        if _NO_TRANSACTION_BLOCK.match(query):
            # No path can go with it; the server's default path is the public schema's.
            if prefix != _PUBLIC_PREFIX:
                raise NotSupportedError(
                    "this statement cannot run in a store's schema through transaction "
                    "pooling: run it on a direct connection"
                )
            return super().execute(query, params, **kwargs)
        if params is not None:  # psycopg reads % as a placeholder only when given params
            prefix = prefix.replace("%", "%%")
        super().execute(prefix + query, params, **kwargs)
        self.nextset()  # fetch*, rowcount and description are the statement's, not the SET's
        return self

    def executemany(self, query, params_seq, **kwargs):
        # psycopg may pipeline executemany (extended protocol: one statement per message),
        # so each row goes out as its own prefixed Query. Django's bulk inserts use execute.
        if _prefix_for(self) is None:
            return super().executemany(query, params_seq, **kwargs)
        rowcount = 0
        for params in params_seq:
            self.execute(query, params)
            rowcount += max(self.rowcount, 0)
        self._rowcount = rowcount


def _prefix_for(cursor: LocalPathCursor) -> str | None:
    ref = getattr(cursor.connection, "_storefleet_db", None)
    db = ref() if ref is not None else None
    return db.local_search_path_sql() if db is not None else None


class DatabaseWrapper(TenantDatabaseWrapper):
    def __init__(self, settings_dict, *args, **kwargs):
        super().__init__(settings_dict, *args, **kwargs)
        self.pool_mode = settings_dict.get("POOL_MODE") or "session"
        if self.pool_mode not in ("session", TRANSACTION):
            raise ImproperlyConfigured(f"POOL_MODE is session or transaction: {self.pool_mode!r}")
        if self.transaction_pooling:
            refused = [key for key in _SESSION_OPTIONS if key in settings_dict.get("OPTIONS", {})]
            if refused:
                raise ImproperlyConfigured(
                    f"OPTIONS {refused} keep session state, which transaction pooling loses"
                )
            # A named (server-side) cursor lives in one server session (Django's docs on
            # transaction pooling say the same).
            settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True

    @property
    def transaction_pooling(self) -> bool:
        return self.pool_mode == TRANSACTION

    def local_search_path_sql(self) -> str:
        """The prefix every statement carries in transaction mode."""
        paths = self._get_cursor_search_paths()  # validates each name
        return f"SET LOCAL search_path TO {', '.join(quote_schema_name(p) for p in paths)}; "

    def get_connection_params(self):
        params = super().get_connection_params()
        if self.transaction_pooling:
            params["cursor_factory"] = LocalPathCursor
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if self.transaction_pooling:
            # Weak: the wrapper owns the connection, not the other way round.
            connection._storefleet_db = weakref.ref(self)
        return connection

    def _cursor(self, name=None):
        if not self.transaction_pooling:
            return super()._cursor(name)
        if name:
            raise NotSupportedError("server-side cursors do not survive transaction pooling")
        # Past django-tenants' _cursor: its session-level SET is exactly what must not be sent.
        return BaseDatabaseWrapper._cursor(self)
