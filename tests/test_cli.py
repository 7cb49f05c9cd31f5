"""The validate command's formats and exit codes, run through the real entry point."""
import json
import subprocess
import sys

import pytest

from playbook.cli.commands import main

GOAL = "title: Recruit talent\ndepartment: hr\nsupports: growth\n"


@pytest.fixture
def broken(tmp_path):
    (tmp_path / "goals").mkdir()
    (tmp_path / "goals" / "recruit-talent.yml").write_text(GOAL)
    return tmp_path


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_text_format_lines_and_summary(broken, capsys, monkeypatch):
    monkeypatch.chdir(broken)
    code, out, _ = run(capsys, "validate", ".")
    lines = out.strip().splitlines()
    assert code == 1
    assert "goals/recruit-talent.yml:2:13: error PB102 goal field 'department': unknown department 'hr'" in lines
    assert lines[-1] == "3 errors, 0 warnings."


def test_json_format_fields(broken, capsys):
    code, out, _ = run(capsys, "validate", str(broken), "--format", "json")
    items = json.loads(out)
    assert code == 1
    assert {tuple(sorted(i)) for i in items} == {("code", "column", "file", "line", "message", "severity")}
    assert {i["code"] for i in items} == {"PB102", "PB202"}


def test_github_format_annotations(broken, capsys):
    _, out, _ = run(capsys, "validate", str(broken), "--format", "github")
    lines = out.splitlines()
    assert all(line.startswith("::error file=") for line in lines[:-1])
    assert any(",line=2,col=13,title=PB102::goal field 'department'" in line for line in lines)


def test_clean_content_exits_zero_and_strict_fails_on_warnings(tmp_path, capsys):
    (tmp_path / "channels").mkdir()
    (tmp_path / "channels" / "linkedin.yml").write_text("title: LinkedIn\nplatform: LinkedIn\n")
    assert run(capsys, "validate", str(tmp_path))[0] == 0
    (tmp_path / "stray.yml").write_text("title: where am I\n")
    assert run(capsys, "validate", str(tmp_path))[0] == 0
    code, out, _ = run(capsys, "validate", str(tmp_path), "--strict")
    assert code == 1 and "warning PB008" in out


@pytest.mark.parametrize("argv", [
    ["validate", "/no/such/folder"],
    ["validate", ".", "--format", "xml"],
    ["validate", ".", "--as-of", "2026-02-30"],
    ["validate", ".", "--bogus"],
])
def test_usage_problems_exit_two(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse exits by itself
        code = exc.code
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_broken_config_exits_two(broken, capsys):
    (broken / "playbook.yml").write_text("rules:\n  PB999: off\n")
    code, _, err = run(capsys, "validate", str(broken))
    assert code == 2 and "playbook.yml:2:3" in err and "PB999" in err


def test_as_of_changes_date_rules(tmp_path, capsys):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "p.yml").write_text(
        "title: P\ntype: policy\nstatus: active\nowner: Comms\nreview_date: 2026-06-01\n")
    assert "PB208" not in run(capsys, "validate", str(tmp_path), "--as-of", "2026-05-01")[1]
    assert "PB208" in run(capsys, "validate", str(tmp_path), "--as-of", "2026-07-01")[1]


def test_process_exit_codes_and_no_traceback(broken):
    proc = subprocess.run([sys.executable, "-m", "playbook", "validate", str(broken)], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "playbook", "validate", "--format"], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_every_content_command_takes_the_content_folder_as_content(broken, capsys, monkeypatch, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.chdir(other)
    assert main(["validate", "--content", str(broken)]) == 1
    assert main(["export", "--content", str(broken)]) == 0
    assert main(["new", "channel", "fresh", "--content", str(broken)]) == 0 and (broken / "channels" / "fresh.yml").is_file()
    assert main(["validate", str(broken), "--content", str(other)]) == 2
    assert "two content folders" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.startswith("playbook 0.")
