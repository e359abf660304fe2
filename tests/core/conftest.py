from tests.fixtures.aws import aws_env, moto_server  # noqa: F401
