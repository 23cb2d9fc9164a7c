"""`systemcraft serve`: the local web coach on 127.0.0.1."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import click

from systemcraft.cli.main import cli
from systemcraft.errors import InputError

DEFAULT_PORT = 8765


def _check_port(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise InputError(f"port {port} on 127.0.0.1 is already in use (is SystemCraft already running? "
                             f"otherwise try --port {port + 1})") from None


def _check_model(model_dir: Path) -> None:
    """Refuse a wrong model folder, or a missing stt extra, before the server starts."""
    from systemcraft.domain.transcript import TranscriptError
    from systemcraft.transcripts.stt import FasterWhisperTranscriber
    try:
        FasterWhisperTranscriber(model_dir)
    except TranscriptError as exc:
        raise InputError(str(exc)) from None


def _mock_speed(raw: str | None) -> float:
    if not raw:
        return 1.0
    try:
        speed = float(raw)
    except ValueError:
        speed = 0
    if not 1 <= speed <= 100_000:
        raise InputError(f"SYSTEMCRAFT_MOCK_SPEED must be a number from 1 to 100000, got '{raw[:20]}'")
    return speed


@cli.command(short_help="Open the web coach (127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port on 127.0.0.1.")
@click.option("--workers", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Worker processes (2 uses both cores of a small machine; for a cohort or a load test).")
@click.option("--open/--no-open", "open_browser", default=True, show_default=True,
              help="Open the coach in your web browser once it is up.")
@click.option("--model", "model_dir", type=click.Path(path_type=Path),
              help="A local Whisper model folder to transcribe recordings with, instead of the model installed "
                   "with `systemcraft model install` (offline).")
@click.pass_obj
def serve(app, port: int, workers: int, open_browser: bool, model_dir: Path | None) -> None:
    """Serve the web coach on http://127.0.0.1:PORT — every capability, charts included, on the same
    data as the CLI. Only this machine can reach it. Stop it with Ctrl-C.
    """
    if model_dir is not None:
        model_dir = model_dir.expanduser().resolve()
        _check_model(model_dir)
    _check_port(port)
    speed = _mock_speed(os.environ.get("SYSTEMCRAFT_MOCK_SPEED"))
    import uvicorn
    url = f"http://127.0.0.1:{port}/"
    click.secho(f"SystemCraft is running at {url}  (Ctrl-C to stop)", bold=True)
    click.echo(f"Data: {app.env.home}")
    if open_browser:
        import threading
        import webbrowser
        threading.Timer(0.8, lambda: webbrowser.open(url)).start()
    if workers == 1:
        from systemcraft.web.app import create_app, served_hosts
        uvicorn.run(create_app(app.env, mock_speed=speed, model_dir=model_dir, hosts=served_hosts(port)),
                    host="127.0.0.1", port=port, log_level="warning", access_log=False)
        return
    from systemcraft.coach import Coach
    from systemcraft.web.context import Store
    Coach(app.env).repo(create=True).close()       # migrate once, before the workers start
    Store(app.env).secret()                        # one signing key for every worker
    os.environ.update(SYSTEMCRAFT_HOME=str(app.env.home), SYSTEMCRAFT_DB=app.env.db_url,
                      SYSTEMCRAFT_MOCK_SPEED=str(speed), SYSTEMCRAFT_PORT=str(port))
    if model_dir is not None:
        os.environ["SYSTEMCRAFT_WHISPER_MODEL"] = str(model_dir)
    uvicorn.run("systemcraft.web.asgi:create", factory=True, workers=workers, host="127.0.0.1", port=port,
                log_level="warning", access_log=False)
