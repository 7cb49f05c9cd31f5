"""The README documents every rule exactly as the catalogue defines it."""
from pathlib import Path

from playbook.check.rules import RULES, markdown_table

README = Path(__file__).parents[1] / "README.md"


def test_readme_rule_table_matches_catalogue():
    assert markdown_table() in README.read_text(encoding="utf-8")


def test_every_rule_has_a_known_severity_and_family():
    for code, rule in RULES.items():
        assert rule.severity in ("error", "warning", "off")  # off: a rule a playbook turns on
        assert code[:3] in ("PB0", "PB1", "PB2")
