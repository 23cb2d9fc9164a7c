"""A loopback HTTP server that answers the few Hugging Face Hub endpoints huggingface_hub's
snapshot_download calls (repo info, the file tree, then HEAD and GET of each file under /resolve/), serving the files
of a local folder. `cut` makes the next GETs of a file stop after so many bytes (an interrupted
transfer), `slow` sends a file in pieces with a pause between them (time to kill the downloader);
every GET honours Range, as the Hub does, so a retry can resume."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class Hub:
    def __init__(self, repo_id: str, folder: Path, cut: dict[str, list[int]] | None = None,
                 slow: dict[str, float] | None = None) -> None:
        self.repo_id, self.folder = repo_id, folder
        self.slow = dict(slow or {})          # file name -> seconds to wait between 32 KB pieces
        # file name -> for each of its next GETs, the bytes sent before the connection drops
        self.cut = {k: list(v) for k, v in (cut or {}).items()}
        self.log: list[tuple[str, str, str]] = []   # (method, path, Range header)
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                hub._serve(self, body=False)

            def do_GET(self):
                hub._serve(self, body=True)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if p.is_file())

    def _serve(self, h: BaseHTTPRequestHandler, body: bool) -> None:
        path = unquote(urlsplit(h.path).path)
        self.log.append((h.command, path, h.headers.get("Range", "")))
        info_prefix = f"/api/models/{self.repo_id}"
        if path == info_prefix or path.startswith(info_prefix + "/revision/"):
            data = json.dumps({"id": self.repo_id, "modelId": self.repo_id, "sha": COMMIT, "private": False,
                               "siblings": [{"rfilename": p.name} for p in self.files()]}).encode()
            return self._send(h, 200, {"Content-Type": "application/json"}, data if body else b"", len(data))
        if path.startswith(info_prefix + "/tree/"):
            data = json.dumps([{"type": "file", "path": p.name, "size": p.stat().st_size,
                                "oid": hashlib.sha1(p.read_bytes()).hexdigest()} for p in self.files()]).encode()
            return self._send(h, 200, {"Content-Type": "application/json"}, data if body else b"", len(data))
        prefix = f"/{self.repo_id}/resolve/"
        if not path.startswith(prefix):
            return self._send(h, 404, {}, b"", 0)
        name = path[len(prefix):].split("/", 1)[-1]
        f = self.folder / name
        if "/" in name or not f.is_file():
            return self._send(h, 404, {"X-Error-Code": "EntryNotFound"}, b"", 0)
        data = f.read_bytes()
        headers = {"ETag": f'"{hashlib.sha256(data).hexdigest()}"', "X-Repo-Commit": COMMIT,
                   "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream"}
        start = 0
        rng = h.headers.get("Range", "")
        if body and rng.startswith("bytes="):
            start = int(rng[6:].split("-")[0] or 0)
        if not body:
            return self._send(h, 200, headers, b"", len(data))
        part = data[start:]
        status = 206 if start else 200
        if start:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        if self.cut.get(name):                # send only part of it, then drop the connection
            n = self.cut[name].pop(0)
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(part)))
            h.end_headers()
            h.wfile.write(part[:n])
            h.wfile.flush()
            h.close_connection = True
            try:
                import socket
                h.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        pause = self.slow.get(name)
        if pause:
            import time
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(part)))
            h.end_headers()
            try:
                for i in range(0, len(part), 32768):
                    h.wfile.write(part[i:i + 32768])
                    h.wfile.flush()
                    time.sleep(pause)
            except OSError:                   # the client went away (it was killed)
                h.close_connection = True
            return
        self._send(h, status, headers, part, len(part))

    @staticmethod
    def _send(h, status: int, headers: dict, data: bytes, length: int) -> None:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(length))
        h.end_headers()
        if data:
            h.wfile.write(data)
