"""Per-store cloud resources behind one small interface (see provisioner.py)."""

from control_plane.infra.provisioner import (
    CertificateStatus,
    InfraResult,
    InvalidInfraRequest,
    LocalProvisioner,
    Provisioner,
    ProvisionerError,
    PulumiCliMissing,
    StackBusy,
    StackUpdateFailed,
    ValidationRecord,
    get_provisioner,
)

__all__ = [
    "CertificateStatus",
    "InfraResult",
    "InvalidInfraRequest",
    "LocalProvisioner",
    "Provisioner",
    "ProvisionerError",
    "PulumiCliMissing",
    "StackBusy",
    "StackUpdateFailed",
    "ValidationRecord",
    "get_provisioner",
]
