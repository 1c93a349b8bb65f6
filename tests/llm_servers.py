"""Real local servers on loopback for the LLM-backend tests: a closed port, a server
that accepts and never answers, one that answers with raw bytes, one that answers
chat-completion requests from a script, and llama-cpp-python's own server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODEL_FILE = Path(os.environ.get("BEFRIEND_TEST_GGUF", ROOT / "build" / "models" / "smollm2.gguf"))


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def read_request(conn: socket.socket) -> None:
    """Read one whole HTTP request (headers, then Content-Length bytes of body).

    Replying before the request is fully read, then closing, makes the kernel reset
    the connection, and the client may see that reset instead of the reply."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        body += chunk


@contextmanager
def _loopback_server(handle: Callable[[socket.socket, threading.Event], None]) -> Iterator[int]:
    """A listener on a free loopback port; each accepted connection goes to
    ``handle(conn, stop)`` on the accepting thread. Yields the port; stops and
    closes the listener afterwards."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            handle(conn, stop)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        listener.close()


@contextmanager
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word until the test is over."""
    held: list[socket.socket] = []
    try:
        with _loopback_server(lambda conn, stop: held.append(conn)) as port:
            yield port
    finally:
        for conn in held:
            conn.close()


@contextmanager
def raw_server(reply: bytes) -> Iterator[int]:
    """Reads a request, answers with ``reply`` as it is, and hangs up."""

    def handle(conn: socket.socket, stop: threading.Event) -> None:
        with conn:
            conn.settimeout(2)
            try:
                read_request(conn)
                conn.sendall(reply)
            except OSError:
                pass

    with _loopback_server(handle) as port:
        yield port


@contextmanager
def trickle_server(head: bytes, body: bytes, pause: float) -> Iterator[int]:
    """Reads a request, sends ``head`` at once, then ``body`` one byte per ``pause``
    seconds: never silent for long, never done in time."""

    def handle(conn: socket.socket, stop: threading.Event) -> None:
        with conn:
            try:
                read_request(conn)
                conn.sendall(head)
                for byte in body:
                    if stop.wait(pause):
                        break
                    conn.sendall(bytes([byte]))
            except OSError:
                pass

    with _loopback_server(handle) as port:
        yield port


def completion(content: str, finish_reason: str = "stop") -> dict[str, Any]:
    """A chat-completions reply in OpenAI's shape."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
    }


class ScriptedServer:
    """An HTTP server on loopback answering each POST with the next scripted
    (status, JSON body) pair; it keeps the requests it received."""

    def __init__(self, script: list[tuple[int, Any]] | Callable[[dict[str, Any]], Any]) -> None:
        self.script = script
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                owner.requests.append((self.path, dict(self.headers), body))
                if callable(owner.script):
                    status, reply = 200, owner.script(body)
                else:
                    status, reply = owner.script[min(len(owner.requests), len(owner.script)) - 1]
                data = reply if isinstance(reply, bytes) else json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.httpd.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


# How long llama-cpp-python may take to load a 100 MB model on a busy 2-core
# machine before the fixture gives up: a deadline for setup, not a test assertion.
SERVER_START_DEADLINE = 180.0


@contextmanager
def llama_server(model: Path, log: Path) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server on a free loopback port; yields
    its /v1 address once it answers, and stops it afterwards."""
    port = closed_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(model),
                "--model_alias",
                "smollm2",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "2048",
                "--n_threads",
                "2",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/v1"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + SERVER_START_DEADLINE
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"llama_cpp.server exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
                )
            try:
                with opener.open(url + "/models", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"llama_cpp.server didn't answer within {SERVER_START_DEADLINE:g} s:\n"
                    f"{log.read_text()[-3000:]}"
                )
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
