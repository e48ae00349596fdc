"""No network code anywhere: every command and the app run under an audit hook that records
any internet socket, and the package's source names no network module."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from locations import DATA, REPO

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs

SITECUSTOMIZE = """
import os, socket, sys
_LOG = os.environ["VALLEI_NET_AUDIT_LOG"]
_INET = (socket.AF_INET, socket.AF_INET6)

def _note(what):
    with open(_LOG, "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()} {' '.join(sys.argv)[:120]}: {what}\\n")

def _hook(event, args):
    if event == "socket.__new__" and args[1] in _INET:
        _note(f"{event} family={args[1]}")
    elif event in ("socket.connect", "socket.bind", "socket.sendto") and args[0].family in _INET:
        _note(f"{event} {args[1]!r}")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        _note(f"{event} {args[0]!r}")

sys.addaudithook(_hook)
"""


@pytest.fixture
def audited_env(tmp_path: Path, private_home: Path) -> tuple[dict[str, str], Path]:
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "net.log"
    log.write_text("", encoding="utf-8")
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(hook_dir), str(REPO)]),
        VALLEI_NET_AUDIT_LOG=str(log),
        VALLEI_PLAYER_HOME=str(private_home),
        QT_QPA_PLATFORM="offscreen",
        VALLEI_PLAYER_EXIT_AFTER_MS="1500",
    )
    return env, log


def _run(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vallei_player", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def test_the_audit_hook_sees_an_internet_socket(audited_env: tuple[dict[str, str], Path]) -> None:
    env, log = audited_env
    code = "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)
    assert "socket.__new__" in log.read_text(encoding="utf-8")


def test_no_command_and_not_the_app_opens_an_internet_socket(
    audited_env: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, log = audited_env
    folder = tmp_path / "prog"
    for rel, data in hostile_packs.program_files().items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    pack = tmp_path / "p.vallei"
    installed = Path(env["VALLEI_PLAYER_HOME"]) / "library" / "org.example.test"
    runs: list[tuple[str, ...]] = [
        ("validate", str(folder)),
        ("info", str(folder), "--json"),
        ("pack", str(folder), "-o", str(pack)),
        ("import", str(pack)),
        ("programs", "--json"),
        ("plan", "--json"),
        ("log", "--json"),
        ("export", "--format", "json", "-o", str(tmp_path / "r.json")),
        ("export", "--format", "csv", "-o", str(tmp_path / "r.csv")),
        ("export", "--format", "pdf", "-o", str(tmp_path / "r.pdf")),
        ("calendar", "-o", str(tmp_path / "plan.ics")),
        ("render", str(installed), "--session", "s1", "-o", str(tmp_path / "s1.wav")),
    ]
    known = {name for name, *_ in __import__("vallei_player.cli", fromlist=["COMMANDS"]).COMMANDS}
    ran = []
    for args in runs:
        module = "import_" if args[0] == "import" else args[0]
        if not (REPO / "vallei_player" / "commands" / f"{module}.py").exists():
            continue  # a command still being written elsewhere; it runs here once it exists
        done = _run(env, *args)
        assert args[0] in known
        assert done.returncode == 0, f"{args}: {done.stderr}"
        ran.append(args[0])
    assert {"pack", "import", "programs", "export", "validate"} <= set(ran)
    if (REPO / "vallei_player" / "ui" / "app.py").exists():
        app = _run(env, timeout=90)
        assert app.returncode == 0, app.stderr[-2000:]
        ran.append("app")
    assert log.read_text(encoding="utf-8") == "", f"ran {ran}"


_NETWORK = re.compile(
    r"^\s*(?:import|from)\s+(socket|ssl|urllib\d?|http|requests|httpx|aiohttp|ftplib|smtplib"
    r"|xmlrpc|asyncio\.streams|PySide6\.QtNetwork|PySide6\.QtWebEngine\w*)\b"
    r"|QNetworkAccessManager|QTcpSocket|QUdpSocket|QWebEngine|__import__\(\s*['\"](socket|ssl|http)"
)


# The one exception, on purpose: the single-instance channel is a local (Unix domain) socket
# in the data folder, which Qt keeps in its QtNetwork module. It reaches no other machine;
# the socket audit above checks at run time that no internet socket is ever opened.
_LOCAL_ONLY = (
    "vallei_player/ui/instance.py",
    "from PySide6.QtNetwork import QLocalServer, QLocalSocket",
)


def test_the_package_source_names_no_network_module() -> None:
    offenders = []
    for path in sorted((REPO / "vallei_player").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (str(path.relative_to(REPO)), line.strip()) == _LOCAL_ONLY:
                continue
            if _NETWORK.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []
