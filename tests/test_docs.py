"""The README stays a first-day page that points into the guide, and the guide lists every rule."""
import re
from pathlib import Path

from playbook.check.rules import RULES, markdown_table
from playbook.cli.reference import rules_page

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"


def test_the_rules_reference_holds_the_rule_table():
    assert markdown_table() in rules_page()


def test_readme_is_short_and_its_links_resolve():
    text = README.read_text(encoding="utf-8")
    links = [href for href in re.findall(r"\]\(([^)#]+)", text) if "://" not in href]
    assert len(text.splitlines()) < 250
    assert len(links) >= 10
    assert [href for href in links if not (ROOT / href).exists()] == []


def test_readme_shows_the_two_set_up_commands_first():
    text = README.read_text(encoding="utf-8")
    assert text.index("make build") < text.index("make test") < text.index("## A five-minute tour")


def test_every_rule_has_a_known_severity_and_family():
    for code, rule in RULES.items():
        assert rule.severity in ("error", "warning", "off")  # off: a rule a playbook turns on
        assert code[:3] in ("PB0", "PB1", "PB2")
