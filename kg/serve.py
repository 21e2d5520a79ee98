"""Serve a graph as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1, with Oxigraph's own server.

The graph is loaded into an Oxigraph store in a temporary folder by ``oxigraph load``, then
``oxigraph serve-read-only`` answers SPARQL queries at ``/query`` (GET or POST, any standard
Accept header) and shows a YASGUI page at ``/``. Stopping (Ctrl-C or SIGTERM) ends the server
and removes the folder.

>>> endpoint_urls(7878)["query"]
'http://127.0.0.1:7878/query'
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Callable

from .errors import ServerError
from .load import graph_file

__all__ = ["serve", "oxigraph_command", "load_into_folder", "endpoint_urls", "HOST"]

HOST = "127.0.0.1"
_FORMAT = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld"}


def oxigraph_command() -> str:
    """The ``oxigraph`` program installed with kg (the ``oxigraph`` package on PyPI)."""
    here = Path(sysconfig.get_path("scripts")) / "oxigraph"
    for candidate in (str(here), str(Path(sys.executable).parent / "oxigraph"), shutil.which("oxigraph")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise ServerError("the oxigraph server is not installed (pip install oxigraph==0.5.13)")


def endpoint_urls(port: int) -> dict[str, str]:
    """Where the endpoint answers: the SPARQL query URL and the YASGUI page."""
    return {"query": f"http://{HOST}:{port}/query", "page": f"http://{HOST}:{port}/"}


def load_into_folder(path: str | Path, location: Path) -> Path:
    """Load the graph at ``path`` (file or export folder) into an Oxigraph store folder; return the file read."""
    source = graph_file(path)
    done = subprocess.run([oxigraph_command(), "load", "--location", str(location), "--file", str(source),
                           "--format", _FORMAT[source.suffix.lower()]], capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("Error")] or lines[-1:] or [f"exit status {done.returncode}"]
        raise ServerError(f"{source}: oxigraph cannot load it: {errors[0]}")
    return source


def _check_port_free(port: int) -> None:
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            raise ServerError(f"cannot serve on {HOST}:{port}: {exc.strerror or exc}") from None


def _last_line(log: Path, process: subprocess.Popen) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {process.returncode}"


def _wait_until_listening(process: subprocess.Popen, port: int, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"oxigraph cannot serve on {HOST}:{port}: {_last_line(log, process)}")
        with socket.socket() as probe:
            probe.settimeout(0.2)
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.05)
    raise ServerError(f"oxigraph did not start listening on {HOST}:{port} within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(path: str | Path, port: int = 7878, ready: Callable[[Path, dict[str, str]], None] | None = None,
          timeout_s: int | None = None) -> int:
    """Serve the graph read-only until interrupted; ``ready(source, urls)`` is called once it answers.

    Returns 0 after Ctrl-C or SIGTERM; a server that stops by itself raises ServerError.
    """
    if not 0 < port < 65536:
        raise ServerError(f"{port}: not a TCP port")
    _check_port_free(port)
    # Ctrl-C and SIGTERM both stop the server cleanly (even where SIGINT was ignored, as in a background job).
    previous = {sig: signal.signal(sig, signal.default_int_handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with tempfile.TemporaryDirectory(prefix="kg-serve-") as folder:
            location = Path(folder) / "store"
            source = load_into_folder(path, location)
            log = Path(folder) / "server.log"
            command = [oxigraph_command(), "serve-read-only", "--location", str(location), "--bind", f"{HOST}:{port}"]
            if timeout_s:
                command += ["--timeout-s", str(timeout_s)]
            with open(log, "wb") as log_file:
                process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            try:
                _wait_until_listening(process, port, log)
                if ready:
                    ready(source, endpoint_urls(port))
                status = process.wait()
                raise ServerError(f"oxigraph stopped by itself: {_last_line(log, process)}" if status else "oxigraph stopped by itself")
            except KeyboardInterrupt:
                return 0
            finally:
                _stop(process)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
