"""The web coach's daily POSTs take the store's one path: in a server process whose database is current,
marking a task done, skipping one, the check-in, rating a card and adding a story load neither SQLAlchemy
nor Alembic (issue 15 §4). Run in a fresh interpreter, since this test process has loaded both."""

import json
import shutil
import subprocess
import sys

from tests.web.conftest import _demo_home

PROBE = r"""
import json, sys
from pathlib import Path
from fastapi.testclient import TestClient
from systemcraft.environment import Environment
from systemcraft.web.app import create_app
from datetime import date
home = Path(sys.argv[1])
env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=date.fromisoformat(sys.argv[2]),
                  timezone="Europe/London", clock_fixed=True)
statuses = []
with TestClient(create_app(env), base_url="http://127.0.0.1") as client:
    token = client.get("/api/csrf").json()["token"]
    h = {"X-CSRF-Token": token}
    today = client.get("/api/today", headers=h).json()
    refs = [t["ref"] for t in today["tasks"]]
    statuses.append(client.post(f"/api/tasks/{refs[0]}/done", json={}, headers=h).status_code)
    statuses.append(client.post(f"/api/tasks/{refs[1]}/skip", json={"reason": "travel"}, headers=h).status_code)
    statuses.append(client.post("/api/checkin", json={"hours": 1.5, "confidence": 3, "energy": 4}, headers=h).status_code)
    card = client.get("/api/review/due", headers=h).json()["cards"][0]["id"]
    statuses.append(client.post(f"/api/review/{card}", json={"rating": "good"}, headers=h).status_code)
    statuses.append(client.post("/api/stories", headers=h, json={
        "title": "Cut the release train", "primary_lp": "deliver-results", "level": "L6",
        "situation": "Releases slipped every fortnight and tickets piled up behind them.",
        "task": "I owned making releases predictable without adding headcount.",
        "action": "I split the build into three pipelines and moved the team to trunk-based development.",
        "result": "Releases went from every 14 days to every 2; crash tickets fell 38% in a quarter."}).status_code)
print(json.dumps({"statuses": statuses,
                  "loaded": sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic"})}))
"""


def test_daily_posts_load_no_sqlalchemy(tmp_path, tmp_path_factory):
    from tests.conftest import TODAY
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    r = subprocess.run([sys.executable, "-c", PROBE, str(home), TODAY.isoformat()], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["statuses"] == [200, 200, 200, 200, 201]
    assert out["loaded"] == []
