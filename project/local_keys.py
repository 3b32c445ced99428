"""Keys of the embedded default, generated on first run into a file only its owner can read.

A deployment passes SECRET_KEY and FIELD_ENCRYPTION_KEY in the environment; the embedded
default (no DATABASE_URL) has none, and a key written in the repository would decrypt every
real-name reporter of every instance started from it. So the first process to start writes
fresh keys to VAR_DIR/secret-keys.json (mode 0600); later ones, and a worker started beside
the web server, read the same file. Losing the file loses the encrypted identities with it.
"""

import contextlib
import json
import os
import secrets
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet

FILE_NAME = "secret-keys.json"


def _fresh() -> dict[str, str]:
    return {"SECRET_KEY": secrets.token_urlsafe(50), "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode()}


def local_keys(var_dir: Path) -> dict[str, str]:
    """The keys in var_dir, written there first (atomically, mode 0600) when missing."""
    path = Path(var_dir) / FILE_NAME
    if not path.exists():
        handle, temporary = tempfile.mkstemp(dir=var_dir, prefix=".keys-")  # mode 0600
        try:
            with os.fdopen(handle, "w") as out:
                json.dump(_fresh(), out)
                out.flush()
                os.fsync(out.fileno())
            with contextlib.suppress(FileExistsError):  # another process was first: use theirs
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    path.chmod(0o600)
    return json.loads(path.read_text())
