"""The app's server serves this machine only unless told otherwise: ``make run`` (that is
``forecaster app``) and a plain ``streamlit run app.py`` in the repository both listen on
127.0.0.1 (``.streamlit/config.toml``), and opening it to the network says that the app has
no sign-in (issue 17, a server fit to share)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import free_port

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def listening(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port`` (from ``/proc/net``)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with open(table) as handle:
            next(handle)
            for line in handle:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port and len(address) == width:
                    found.add(address)
    return found


@contextmanager
def server(command: list[str], port: int) -> Iterator[set[str]]:
    """Start ``command`` in the repository and yield its listening addresses on ``port``."""
    env = {**os.environ, "FORECASTER_LANG": "en"}
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # forecaster app starts the server as a child: stop both
    )
    try:
        deadline = time.monotonic() + 90
        while not listening(port):
            assert proc.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server never listened"
            time.sleep(0.3)
        yield listening(port)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """Stop the process and its children (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1 in /proc


@pytest.mark.parametrize("how", ["forecaster app", "streamlit run app.py"])
def test_the_app_listens_on_this_machine_only(how: str) -> None:
    port = free_port()
    if how == "forecaster app":
        command = [str(BIN / "forecaster"), "app", "--port", str(port)]
    else:  # the documented plain start, which reads .streamlit/config.toml
        command = [str(BIN / "streamlit"), "run", "app.py", "--server.port", str(port)]
        command += ["--server.headless", "true"]
    with server(command, port) as addresses:
        assert addresses and addresses <= LOOPBACK, addresses


def test_opening_the_app_to_the_network_warns_that_it_has_no_sign_in() -> None:
    port = free_port()
    command = [str(BIN / "forecaster"), "--lang", "en", "app", "--address", "0.0.0.0"]
    command += ["--port", str(port)]
    proc = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(2)]
    finally:
        stop(proc)
    assert "0.0.0.0" in lines[0]
    assert "no sign-in" in lines[1] and "trusted network" in lines[1]


def test_configured_sign_in_is_found_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forecaster.cli import _sign_in_secrets

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _sign_in_secrets() is None
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text("other = 1\n", encoding="utf-8")
    assert _sign_in_secrets() is None
    secrets.write_text(
        '[auth]\nredirect_uri = "http://10.0.0.5:8501/oauth2callback"\ncookie_secret = "s"\n'
        'client_id = "c"\nclient_secret = "x"\n'
        'server_metadata_url = "https://login.example.com/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    assert _sign_in_secrets() == secrets
