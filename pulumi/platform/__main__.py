"""The platform stack program. Secrets come in as secret config:

pulumi config set aws:region eu-west-1
pulumi config set domain storefleet.example
pulumi config set image <account>.dkr.ecr.<region>.amazonaws.com/storefleet:<tag>
pulumi config set --secret dbPassword ...
pulumi config set --secret secretKey ...
pulumi config set --secret emailUrl smtp+tls://...   # optional
"""

import sys
from pathlib import Path

try:
    import infra_components  # noqa: F401 - installed with the project (pip install -e .)
except ImportError:  # run from a checkout without the editable install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infra_components.platform_stack import build_platform_stack, platform_args_from_config

build_platform_stack(platform_args_from_config())
