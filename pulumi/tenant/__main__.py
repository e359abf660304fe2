"""The tenant stack program: `pulumi up -s tenant-<slug>` in this folder, or the control plane's
PulumiProvisioner running the same `build_tenant_stack` inline (control_plane/infra/)."""

import sys
from pathlib import Path

try:
    import infra_components  # noqa: F401 - installed with the project (pip install -e .)
except ImportError:  # run from a checkout without the editable install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infra_components.tenant_stack import build_tenant_stack, tenant_args_from_config

build_tenant_stack(tenant_args_from_config())
