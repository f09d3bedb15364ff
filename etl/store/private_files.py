"""Files only their owner can read: the databases, the accounts file and the session key.

A training log, password hashes and the cookie-signing key are nobody else's business, so every
file liftbalance creates for them is 0600 and every folder it creates for them 0700, whatever the
user's umask (often 022, which would make them world-readable). Existing folders the user chose
(``--db ~/Documents/x.duckdb``) are left as they are.

DuckDB creates its write-ahead log (``<file>.wal``) itself, and deletes and re-creates it at every
checkpoint, with the process umask; so commands that open a database also narrow the umask to 077
(``narrow_umask``), and ``liftbalance serve`` does so for its whole process.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each new one 0700; existing folders are not changed."""
    folder = Path(folder).expanduser()
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            continue  # another thread or process made it first
        os.chmod(
            new, PRIVATE_DIR_MODE
        )  # mkdir's mode is narrowed by the umask, never widened: set it exactly


def touch_private(path: Path) -> None:
    """Create ``path`` empty and 0600 if it does not exist (an existing file is left alone)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def make_private(path: Path) -> None:
    """Set an existing file to 0600 (a file liftbalance just created)."""
    os.chmod(path, PRIVATE_FILE_MODE)


def read_or_create_secret(path: Path, make: Callable[[], bytes]) -> bytes:
    """The bytes in ``path``; if it does not exist, ``make()`` is written there first, 0600, atomically
    (a temporary file hard-linked into place, so two processes starting at once agree on one secret)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(make())
            out.flush()
            os.fsync(out.fileno())
        with suppress(FileExistsError):  # another process won the race: use its secret
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_bytes()


def narrow_umask() -> int:
    """Make files this process creates from now on private (umask 077); returns the previous umask.

    Process-wide: call it before starting threads (a CLI command, ``serve`` at start-up)."""
    previous = os.umask(PRIVATE_UMASK)
    os.umask(previous | PRIVATE_UMASK)
    return previous
