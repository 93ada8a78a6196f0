"""A TCP proxy a test controls: forward, cut (refuse + reset), or hang (accept, never answer).

Outage tests put it between the app and a real server (a private redis-server, the shared
PostgreSQL) so the server itself is never stopped. The three modes are the three ways a
dependency fails as seen from a client:

- up:   bytes flow both ways;
- cut:  new connections are refused and open ones are reset (a stopped or restarting
        server);
- hang: new connections are accepted and open ones stay open, but nothing is forwarded
        either way (a frozen server, a partition that drops packets): only a client-side
        timeout ends a request.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time

UP, CUT, HANG = "up", "cut", "hang"


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        # Wakes a pump thread blocked in recv() on it; close() alone would leave the
        # connection open until that recv returned, which for an idle peer is never.
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.mode = UP
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._closed = False
        self.port = 0
        self._listen()

    # --- control ------------------------------------------------------------------------

    def cut(self) -> None:
        self.mode = CUT
        self._stop_listening()
        self._reset_all()

    def hang(self) -> None:
        self.mode = HANG

    def restore(self) -> None:
        if self.mode == CUT:
            self.mode = UP
            self._listen()
        elif self.mode == HANG:
            # What was sent during the hang was swallowed: those connections are useless.
            self._reset_all()
            self.mode = UP

    def close(self) -> None:
        self._closed = True
        self._stop_listening()
        self._reset_all()

    # --- internals ----------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()

    def _reset_all(self) -> None:
        with self._lock:
            sockets, self._open = list(self._open), set()
        for sock in sockets:
            _reset(sock)

    def _track(self, *sockets: socket.socket) -> None:
        with self._lock:
            self._open.update(sockets)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # listener closed (cut or close)
            if self.mode == HANG:
                self._track(client)  # accepted, never answered
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _reset(client)
                continue
            self._track(client, upstream)
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                while self.mode == HANG and not self._closed:
                    time.sleep(0.02)  # swallow: nothing reaches the other side
                if not data or self.mode == CUT or self._closed:
                    break
                dst.sendall(data)
        except OSError:
            pass
        _reset(src)
        _reset(dst)
