"""One app per data folder: a second start brings the running window forward and exits.

Two apps on one journal would play two sessions at once and leave attempts that never end.
The first app holds a lock file in the data folder (`QLockFile`, which also notices a lock
left by an app that was killed: its process is gone, so the lock is taken over) and listens
on a local socket beside it. A second start finds the lock taken, connects, sends its
arguments (a `.vallei` file to import, say) as one line of JSON and exits 0 once the first
app has answered; the first raises its window and hands the arguments on.

The command line is not affected: commands open the journal as before.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = "app.lock"
SOCKET_NAME = "app.socket"
MAX_SOCKET_PATH = 100  # a Unix socket's path must fit in 108 bytes
CONNECT_MS = 3000  # how long a second start tries to reach the first (it may be starting)
ANSWER_MS = 3000


def socket_path(folder: Path) -> str:
    """The socket beside the lock, or a name in the temp folder when that path is too long."""
    path = str(folder / SOCKET_NAME)
    if len(path.encode()) <= MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:16]
    return str(Path(tempfile.gettempdir()) / f"{digest}.socket")


class Instance(QObject):
    """The running app's side: the lock, the socket, and what second starts ask."""

    raise_requested = Signal(list)  # the second start's arguments

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._lock = QLockFile(str(folder / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this is the only app on the folder (the lock is ours, the socket open)."""
        if not self._lock.tryLock(0):
            return False
        name = socket_path(self.folder)
        QLocalServer.removeServer(name)  # a socket left by a killed app
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._connected)
        server.listen(name)  # if this fails the lock still keeps a second app out
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _connected(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        try:
            message = json.loads(bytes(socket.readLine().data()).decode("utf-8"))
            args = [str(a) for a in message.get("args", [])]
        except (ValueError, AttributeError):
            args = []
        self.raise_requested.emit(args)
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()


def tell_running(folder: Path, args: list[str]) -> bool:
    """From a second start: asks the running app to come forward; True once it answered."""
    socket = QLocalSocket()
    name = socket_path(folder)
    deadline = time.monotonic() + CONNECT_MS / 1000
    while True:  # the first app may hold the lock and not listen yet
        socket.connectToServer(name)
        if socket.waitForConnected(250):
            break
        socket.abort()
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    socket.write(json.dumps({"args": args}).encode("utf-8") + b"\n")
    socket.flush()  # written at once; waitForBytesWritten would find nothing left and say no
    answered = socket.canReadLine() or socket.waitForReadyRead(ANSWER_MS)
    socket.disconnectFromServer()
    return answered
