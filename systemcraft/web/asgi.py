"""The app for `uvicorn --factory` worker processes: the environment comes from variables that
`systemcraft serve` sets before starting the workers (the same resolution as the CLI's)."""

from __future__ import annotations

import os
from pathlib import Path


def create():
    from systemcraft.environment import Environment
    from systemcraft.web.app import LOCAL_HOSTS, create_app, served_hosts
    env = Environment.from_sources(os.environ.get("SYSTEMCRAFT_HOME"), os.environ.get("SYSTEMCRAFT_DB"))
    model = os.environ.get("SYSTEMCRAFT_WHISPER_MODEL")
    port = os.environ.get("SYSTEMCRAFT_PORT")      # set by `systemcraft serve`: answer only at that address
    return create_app(env, mock_speed=float(os.environ.get("SYSTEMCRAFT_MOCK_SPEED") or 1),
                      model_dir=Path(model) if model else None,
                      hosts=served_hosts(int(port)) if port else LOCAL_HOSTS)
