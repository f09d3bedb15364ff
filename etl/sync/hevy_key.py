"""Where a lifter's Hevy API key is kept between syncs: a private file, never the database or a log.

The key is read from ``HEVY_API_KEY`` when set; otherwise a front asks for it once and keeps it here,
in a file only its owner can read (mode 0600, in a 0700 folder of the user's config directory), one per
database and athlete (a database is one account's; each athlete may have their own Hevy account). The
file is named by a hash of the database path and athlete, so neither shows in a listing.
``forget`` deletes it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

from etl.store.postgres import is_url

KEY_ENV = "HEVY_API_KEY"


def key_dir() -> Path:
    return Path(platformdirs.user_config_dir("liftbalance", appauthor=False)) / "hevy-keys"


def key_file(db: str | Path, athlete: str) -> Path:
    """The file that keeps ``athlete``'s key for the database at ``db``."""
    # A postgresql:// URL names its database wherever the command runs; a file path is made absolute.
    where = str(db) if is_url(str(db)) else str(Path(db).expanduser().resolve())
    digest = hashlib.sha256(f"{where}\0{athlete.strip()}".encode()).hexdigest()[:32]
    return key_dir() / f"{digest}.key"


def env_key() -> str | None:
    value = os.environ.get(KEY_ENV, "").strip()
    return value or None


def stored_key(db: str | Path, athlete: str) -> str | None:
    """The kept key, or None."""
    try:
        value = key_file(db, athlete).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return value or None


def store_key(db: str | Path, athlete: str, key: str) -> Path:
    """Keep ``key`` (replacing any kept before) in a file only this user can read; returns the file."""
    path = key_file(db, athlete)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an existing file keeps its mode through O_CREAT: set it anyway
        os.write(fd, key.strip().encode("utf-8"))
    finally:
        os.close(fd)
    return path


def forget_key(db: str | Path, athlete: str) -> bool:
    """Delete the kept key; True if there was one."""
    try:
        key_file(db, athlete).unlink()
    except FileNotFoundError:
        return False
    return True
