"""The speech-to-text model: `systemcraft model status`, `model install NAME_OR_FOLDER [--yes]`, `model remove`."""

from __future__ import annotations

import sys

import click

from systemcraft.cli.main import cli
from systemcraft.errors import InputError


def _mb(size: int) -> str:
    return f"{size / 1e6:.0f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


@cli.group(short_help="The speech model that transcribes your recordings.")
def model() -> None:
    """The Whisper model that transcribes recordings on this machine (`systemcraft analyze answer.webm`,
    the Practice page). It lives in the data directory; nothing is downloaded unless you agree."""


@model.command(short_help="Which model is installed, and its size.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def status(app, as_json):
    """Show the installed model, its size and where it came from."""
    info = app.coach.speech_model()
    if as_json:
        from systemcraft.cli.render import echo_json
        echo_json(info)
    elif info["installed"]:
        how = "downloaded" if info["source"] == "download" else "copied from a folder"
        click.echo(f"Speech model: {info['name']} ({_mb(info['size_bytes'])}, {how}).")
    else:
        click.echo("No speech model is installed. Install one with: systemcraft model install base "
                   "(downloads about 145 MB once), or from a model folder: systemcraft model install FOLDER")


class _Bytes:
    """Download progress on a terminal: bytes done of the total (nothing when not a terminal)."""

    def __init__(self) -> None:
        self.out = sys.stderr if sys.stderr.isatty() else None
        self.shown = ""

    def __call__(self, done: int, total: int) -> None:
        if self.out is None:
            return
        text = f"Downloading  {_mb(done)} of {_mb(total)}" + (f"  {done * 100 // total:3d}%" if total else "")
        if text != self.shown:
            self.shown = text
            self.out.write("\r" + text)
            self.out.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.out is not None and self.shown:
            self.out.write("\n")
            self.out.flush()


@model.command(short_help="Install a model by name (download) or from a folder.")
@click.argument("name_or_folder", metavar="NAME_OR_FOLDER")
@click.option("--yes", is_flag=True, help="Agree to the download without being asked (for scripts).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def install(app, name_or_folder, yes, as_json):
    """Install NAME_OR_FOLDER: a model folder (model.bin, config.json, tokenizer.json, vocabulary.*;
    copied, nothing downloaded), or a model name such as base, small or tiny.en, downloaded once from
    the Hugging Face Hub after you agree (or with --yes). An interrupted download resumes next time;
    a half model is never used."""
    from systemcraft.services.speech import ConsentNeeded
    with _Bytes() as progress:
        try:
            info = app.coach.install_speech_model(name_or_folder, agreed=yes, progress=progress)
        except ConsentNeeded as need:
            if not sys.stdin.isatty():
                raise InputError(f"{need.message[:-len(': agree first')]}; add --yes to agree "
                                 "(there is no terminal to ask)") from None
            about = f" (about {need.size_mb} MB)" if need.size_mb else ""
            if not click.confirm(f"Download the speech model '{need.name}'{about} from the Hugging Face Hub "
                                 "into your data directory?", default=False, err=True):
                raise InputError("nothing was downloaded; install from a model folder instead, or agree next time") from None
            info = app.coach.install_speech_model(name_or_folder, agreed=True, progress=progress)
    if as_json:
        from systemcraft.cli.render import echo_json
        echo_json(info)
    else:
        click.echo(f"Installed the speech model {info['name']} ({_mb(info['size_bytes'])}). "
                   "Recordings are now transcribed with it: systemcraft analyze answer.webm")


@model.command(short_help="Delete the installed model.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def remove(app, as_json):
    """Delete the installed model (and any unfinished download) to free the space."""
    out = app.coach.remove_speech_model()
    if as_json:
        from systemcraft.cli.render import echo_json
        echo_json(out)
    elif out["freed_bytes"]:
        click.echo(f"Removed the speech model; {_mb(out['freed_bytes'])} freed.")
    else:
        click.echo("No speech model was installed; nothing to remove.")
