"""Practice page benchmark (issue 18): a table of medians, never asserted in tests.

Targets: a 2-minute answer transcribed and reported ≤ 20 s after Stop, with the Whisper base model on a
2-core machine; the pages stay responsive while a transcription runs. Through the real server (a
subprocess, `systemcraft serve`, the model installed from a folder as in Settings), over HTTP:
  - `python -c pass`: the peer to read the others against;
  - uploading the whole 2-minute recording in 1 MB chunks (in the browser the chunks go up while you speak,
    so after Stop only the last second is left to send);
  - Stop → report: finish, the worker transcribes (model loaded once per process), voice signals, delivery
    report stored; timed until the status says done, polled every 50 ms;
  - GET / (Today) while idle and while a transcription runs.
Needs espeak-ng, sox and the base model packages (requirements/test-models.lock). Run with
`python benchmarks/practice_web.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
from run import TODAY, row, timed  # noqa: E402

from tests.conftest import assemble_whisper_base  # noqa: E402
from tests.speech import speech as sp  # noqa: E402

RUNS = 3
CHUNK = 1024 * 1024


def two_minute_answer(folder: Path) -> Path:
    """The 50 s STAR answer twice, then its first part and the pause again: about 118 s."""
    whole = sp.star_answer(folder)["wav"]
    return sp.join([whole, whole, folder / "one.wav", folder / "gap.wav"], folder / "two-minutes.wav")


class Client:
    """Just enough HTTP for the benchmark (urllib3): the CSRF cookie kept, JSON in and out."""

    def __init__(self, base: str) -> None:
        import urllib3
        self.base, self.http, self.cookie = base, urllib3.PoolManager(), ""

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        import json
        r = self.http.request(method, self.base + path, body=body,
                              headers={**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})})
        if r.headers.get("set-cookie"):
            self.cookie = r.headers["set-cookie"].split(";", 1)[0]
        if r.status >= 400:
            raise RuntimeError(f"{method} {path}: {r.status} {r.data[:200]!r}")
        return json.loads(r.data) if r.headers.get("content-type", "").startswith("application/json") else r.data

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, headers: dict, json=None, content: bytes | None = None):
        import json as j
        if json is not None:
            return self.request("POST", path, j.dumps(json).encode(), {**headers, "Content-Type": "application/json"})
        return self.request("POST", path, content, headers)


def main() -> None:
    from systemcraft.demo import create_demo
    from systemcraft.environment import Environment
    from systemcraft.transcripts import models
    from tests.e2e.conftest import Server
    model = assemble_whisper_base()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        wav = two_minute_answer(folder)
        data, seconds = wav.read_bytes(), sp.duration(wav)
        home = folder / "home"
        create_demo(home, Environment(home=home, db_url="", today=TODAY, timezone="Europe/London", clock_fixed=True))
        models.install_from_folder(home, model)
        server = Server(home)
        try:
            client = Client(server.url)
            token = client.get("/api/csrf")["token"]
            headers = {"X-CSRF-Token": token, "Accept": "application/json"}
            peer = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), RUNS)
            idle = timed(lambda: client.get("/"), 20)
            uploads, reports, busy = [], [], []
            for _ in range(RUNS + 1):                      # the first run loads the model: reported apart
                rec = client.post("/practice/recordings", headers=headers, json={
                    "question": "Tell me about a time you made releases predictable.", "target": "2min",
                    "keep": False, "mime": "audio/wav"})["id"]
                t = time.perf_counter()
                for seq, i in enumerate(range(0, len(data), CHUNK)):
                    client.post(f"/practice/chunks?recording={rec}&seq={seq}", content=data[i:i + CHUNK],
                                headers={**headers, "Content-Type": "audio/wav"})
                uploads.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                client.post(f"/practice/recordings/{rec}/finish", headers=headers,
                            json={"taps": [], "seconds": round(seconds, 2)})
                stop = threading.Event()

                def probe():
                    other = Client(server.url)
                    while not stop.is_set():
                        s = time.perf_counter()
                        other.get("/")
                        busy.append((time.perf_counter() - s) * 1000)
                        time.sleep(0.2)
                prober = threading.Thread(target=probe)
                prober.start()
                while (s := client.get(f"/practice/recordings/{rec}/status"))["state"] not in ("done", "failed"):
                    time.sleep(0.05)
                reports.append((time.perf_counter() - t) * 1000)
                stop.set()
                prober.join()
                assert s["state"] == "done", s
        finally:
            server.stop()
    first, warm = reports[0], reports[1:]
    print(f"A {seconds:.0f} s espeak-ng answer ({len(data) / 1e6:.1f} MB WAV), Whisper base (int8, 2 threads), "
          f"{os.cpu_count()} cores; medians of {RUNS}.\n")
    print(f"| {'step':<42} | {'n':>3} | {'min ms':>8} | {'median':>8} | {'p90':>8} | {'target':>7} | {'':<4} |")
    print(f"|{'-' * 44}|{'-' * 5}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 9}|{'-' * 6}|")
    print(row("python -c pass (peer)", peer, 100))
    print(row("upload 2-min recording (1 MB chunks)", uploads, 5000))
    print(row("Stop → report (model loaded)", warm, 20_000))
    print(row("GET / idle", idle, 50))
    print(row("GET / while transcribing", busy, 200))
    print(f"\nFirst Stop → report, model loading included: {first / 1000:.1f} s. Real-time factor after Stop: "
          f"{statistics.median(warm) / 1000 / seconds:.3f}.")


if __name__ == "__main__":
    main()
