"""A TCP proxy on loopback that can be paused: it keeps accepting connections and holding
them open, but forwards nothing either way, as a database that accepts connections and never
answers does. Resume, and everything held flows again."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading


class PauseProxy:
    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.running = threading.Event()
        self.running.set()
        self.stopped = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def start(self) -> PauseProxy:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def pause(self) -> None:
        self.running.clear()

    def resume(self) -> None:
        self.running.set()

    def stop(self) -> None:
        self.stopped = True
        self.running.set()
        with contextlib.suppress(OSError):
            self.listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.close()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        self.running.wait()  # paused: the connection is accepted and left waiting
        if self.stopped:
            client.close()
            return
        try:
            server = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        server.settimeout(None)
        with self.lock:
            self.sockets += [client, server]
        peers = {client: server, server: client}
        with selectors.DefaultSelector() as selector:
            for sock in peers:
                selector.register(sock, selectors.EVENT_READ)
            while not self.stopped:
                if not self.running.is_set():  # paused: leave the bytes where they are
                    self.running.wait(0.05)
                    continue
                for key, _ in selector.select(timeout=0.05):
                    try:
                        data = key.fileobj.recv(65536)
                    except OSError:
                        data = b""
                    if not data:
                        for sock in peers:
                            with contextlib.suppress(OSError):
                                sock.close()
                        return
                    if not self.running.is_set():  # paused while reading: hold it
                        self.running.wait()
                    with contextlib.suppress(OSError):
                        peers[key.fileobj].sendall(data)
