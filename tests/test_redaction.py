"""No output echoes a credential: every diagnostic in every format, usage errors and `playbook diff`.

Each case writes a value that looks like a credential where a rule other than PB017 would
quote it (a listed value, a date, a pattern, a length, a type, a config setting), or where
no scan looked before (a measurement note, playbook.yml). The real command line runs in
every format; the secret never appears in what it prints, and PB017 names the place.
"""
from __future__ import annotations

import json

import pytest

from playbook.check.credentials import HIDDEN, redact
from playbook.cli.commands import main

from .contenttree import copy_minimal, write_tree
from .gitrepo import commit_all, init_repo

TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4"
PHRASE = "password: Hunter2Hunter2"
KEYED = "Sw0rdf1shSw0rdf1sh"  # harmless on its own: hidden because it is held under a credential's key


def channel(accounts: str) -> str:
    return f"title: LinkedIn\nplatform: LinkedIn\naccounts:\n{accounts}"


CASES = {  # name -> (files, the secret, the rule that would quote it)
    "listed value": ({"channels/x.yml": channel(f"  - {{handle: '@x', status: '{TOKEN}', managers: [A], backup: B, custodian: C}}\n")},
                     TOKEN, "PB013"),
    "date": ({"channels/x.yml": channel(f"  - {{handle: '@x', last_used: '{PHRASE}', managers: [A], backup: B, custodian: C}}\n")},
             PHRASE, "PB014"),
    "pattern": ({"channels/x.yml": channel(f"  - {{handle: '@x', url: '{TOKEN}', managers: [A], backup: B, custodian: C}}\n")},
                TOKEN, "PB015"),
    "length": ({"strategies/long.yml": f"title: '{TOKEN}{'x' * 200}'\nstatement: s\n"}, TOKEN, "PB015"),
    "unknown field under a credential's key": ({"strategies/keyed.yml": f"title: Keyed\nstatement: s\ntoken: {KEYED}\n"
                                                                        f"summary: {KEYED}\n"}, KEYED, "PB012"),
    "measurement note": ({"measurements/qualified-leads.csv": f"date,value,note\n2026-04-01,40,{PHRASE}\n"}, PHRASE, None),
    "playbook.yml": ({"playbook.yml": f"organization: {{name: Tarnside, mission: '{TOKEN}'}}\n"}, TOKEN, None),
}


def validate(root, fmt: str, capsys):
    code = main(["validate", str(root), "--as-of", "2026-06-01", "--format", fmt])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out + out.err


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_no_diagnostic_echoes_a_credential(tmp_path, capsys, name, fmt):
    files, secret, quoting = CASES[name]
    root = write_tree(copy_minimal(tmp_path / "content"), files)
    code, printed = validate(root, fmt, capsys)
    assert code == 1 and "PB017" in printed
    assert secret not in printed and secret.lower() not in printed.lower()
    if quoting and quoting != "PB012":
        assert quoting in printed and HIDDEN in printed  # the rule still speaks, with the value hidden


def test_a_configuration_error_echoes_no_credential(tmp_path, capsys):
    root = write_tree(copy_minimal(tmp_path / "content"), {"playbook.yml": f"rules: {{'{TOKEN}': off}}\n"})
    assert main(["validate", str(root)]) == 2
    err = capsys.readouterr().err
    assert "unknown rule code" in err and TOKEN not in err and TOKEN.upper() not in err


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    repo = init_repo(tmp_path_factory.mktemp("redact") / "repo")
    copy_minimal(repo / "content")
    first = commit_all(repo, "Start")
    strategy = repo / "content" / "strategies" / "grow-online.yml"
    strategy.write_text(strategy.read_text(encoding="utf-8") + f"summary: '{PHRASE}'\ntoken: {KEYED}\ntags: [{KEYED}, {TOKEN}]\n",
                        encoding="utf-8")
    return repo, first


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_echoes_no_credential(repo, capsys, monkeypatch, fmt):
    folder, first = repo
    monkeypatch.chdir(folder)
    assert main(["diff", first, "--as-of", "2026-06-01", "--format", fmt]) == 0
    out = capsys.readouterr().out
    plain = out.replace("\\", "")  # Markdown escapes the brackets
    assert "grow-online: summary set to" in plain and HIDDEN in plain
    for secret in (PHRASE, KEYED, TOKEN):
        assert secret not in out
    if fmt == "json":
        json.loads(out)


@pytest.mark.parametrize("text", [
    "token=abcd1234efgh", "API key: sk_live_0123456789abcdef", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
    "xoxb-1234567890-abcdef", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N",
    "github_pat_11ABCDEFG0123456789_abcdefghij", "AKIAABCDEFGHIJKLMNOP",
])
def test_redact_hides_every_form_of_credential(text):
    shown = redact(f"before {text} after")
    assert HIDDEN in shown and shown.startswith("before ") and not any(part in shown for part in text.split()[-1:])
