"""The CLI imports a command's module only when that command runs: the table that says which module
holds which command must match what the modules really register."""

import subprocess
import sys

from systemcraft.cli.main import COMMAND_MODULES, cli, load_all_commands


def test_the_table_names_every_command_and_its_module():
    load_all_commands()
    assert set(cli.commands) == set(COMMAND_MODULES)
    for name, cmd in cli.commands.items():
        assert cmd.callback.__module__ == f"systemcraft.cli.{COMMAND_MODULES[name]}", name


def test_one_command_loads_only_its_own_module(tmp_path):
    probe = ("import sys\nfrom systemcraft.cli.main import main\n"
             "try:\n    main(['--home', sys.argv[1], 'today'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('systemcraft.cli.')))")
    r = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "h")], capture_output=True, text=True)
    loaded = eval(r.stdout.strip().splitlines()[-1])
    assert "systemcraft.cli.daily" in loaded
    assert not {"systemcraft.cli.story", "systemcraft.cli.web", "systemcraft.cli.mock",
                "systemcraft.cli.content", "systemcraft.cli.setup"} & set(loaded), loaded


def test_help_still_lists_every_command():
    r = subprocess.run([sys.executable, "-m", "systemcraft", "--help"], capture_output=True, text=True)
    listed = {line.split()[0] for line in r.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == set(COMMAND_MODULES)
