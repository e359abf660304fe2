"""The control plane's own models (the public schema). Provisioning jobs live in
control_plane.provisioning; the audit log is defined next to the code that writes it."""

from control_plane.audit import OperatorAuditLog

__all__ = ["OperatorAuditLog"]
