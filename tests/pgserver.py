"""A PostgreSQL server of a test's own, to stop and start under a running service.

Debian's server binaries run it (``initdb`` and ``pg_ctl``), on a free loopback port with
``trust`` authentication, its data in a temporary folder; as root (CI) they run as the
``postgres`` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def server_binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``, or ``None`` when PostgreSQL is not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


@dataclass
class PrivatePostgres:
    """A running server: its URL, and how to stop and start it."""

    url: str
    _pg_ctl: list[str]
    _options: str

    def stop(self) -> None:
        """Stop at once, closing every connection (as a crash or a restart would)."""
        subprocess.run([*self._pg_ctl, "stop", "-m", "immediate", "-w"], check=True,
                       capture_output=True)  # fmt: skip

    def start(self) -> None:
        subprocess.run([*self._pg_ctl, "start", "-w", "-o", self._options], check=True,
                       capture_output=True)  # fmt: skip


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """Initialise and start a server; remove it afterwards."""
    binaries = server_binaries()
    assert binaries is not None, "PostgreSQL's server binaries are not installed"
    folder = Path(tempfile.mkdtemp(prefix="matcher-pg-"))
    as_server: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_server = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run(
        [*as_server, str(binaries / "initdb"), "-D", str(data), "-U", "matcher",
         "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off"
    pg_ctl = [*as_server, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log")]
    server = PrivatePostgres(
        f"postgresql+psycopg://matcher@127.0.0.1:{port}/postgres", pg_ctl, options
    )
    server.start()
    try:
        yield server
    finally:
        subprocess.run([*pg_ctl, "stop", "-m", "immediate"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
