"""A local S3 server (moto's server mode) for tests, and the settings that point evidence at it."""

import contextlib
import socket

import boto3
from moto.server import ThreadedMotoServer

CREDENTIALS = {"aws_access_key_id": "evidence-key", "aws_secret_access_key": "evidence-secret"}
REGION = "us-east-1"


def free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def s3_server():
    """A moto S3 server on a free loopback port; yields its endpoint URL."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **CREDENTIALS)


def storage_settings(endpoint: str, bucket: str) -> dict:
    """The STORAGES["default"] that EVIDENCE_S3_* environment variables produce (project/settings.py)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": CREDENTIALS["aws_access_key_id"],
            "secret_key": CREDENTIALS["aws_secret_access_key"],
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "location": "",
        },
    }
