"""The checker's configuration: `playbook.yml` at the content root.

    rules:            # severity per rule code: error, warning or off
      PB206: off
    status:           # KPI status thresholds (see status.py)
      on_track: 0.05
      at_risk: 0.2
      stale_periods: 2

A broken configuration is a usage problem (exit 2), not a content problem.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import yamlsafe
from .diagnostics import SEVERITIES, ContentError
from .loader import read_text
from .model import CONFIG_FILE
from .rules import RULES, default_severities
from .status import Thresholds


_EXAMPLES = {"rules": "rules: {PB206: off}", "status": "status: {at_risk: 0.25}"}


class ConfigError(Exception):
    pass


@dataclass
class Config:
    severities: dict[str, str] = field(default_factory=default_severities)
    thresholds: Thresholds = field(default_factory=Thresholds)


def load_config(root: Path, overrides: dict[str, str] | None = None) -> Config:
    config = Config()
    path = root / CONFIG_FILE
    if path.is_file():
        _apply(config, _read(root), str(path))
    for code, severity in (overrides or {}).items():
        config.severities[_code(code, "rule severities")] = _severity(severity, code, "rule severities")
    return config


def _read(root: Path) -> yamlsafe.Located:
    try:
        doc = yamlsafe.load(read_text(root, CONFIG_FILE))
    except ContentError as fail:
        d = fail.diagnostic
        raise ConfigError(f"{root / CONFIG_FILE}:{d.line}:{d.column}: {d.message}") from None
    except yamlsafe.YamlProblem as exc:
        raise ConfigError(f"{root / CONFIG_FILE}:{exc.line}:{exc.column}: {exc.message}") from None
    if doc.problems:  # a duplicate key would silently override a setting
        first = doc.problems[0]
        raise ConfigError(f"{root / CONFIG_FILE}:{first.line}:{first.column}: {first.message}")
    return doc


def _apply(config: Config, doc: yamlsafe.Located, file: str) -> None:
    data = doc.value or {}

    def where(*path, key: bool = True) -> str:
        line, col = doc.loc(path, key=key)
        return f"{file}:{line}:{col}"

    if not isinstance(data, dict):
        raise ConfigError(f"{where()}: expected a mapping with 'rules' and 'status'")
    for key in data:
        if key not in ("rules", "status"):
            raise ConfigError(f"{where(key)}: unknown setting '{key}' (expected 'rules' or 'status')")
        if not isinstance(data[key] or {}, dict):
            raise ConfigError(f"{where(key)}: '{key}' must be a mapping, e.g. '{_EXAMPLES[key]}'")
    for code, severity in (data.get("rules") or {}).items():
        config.severities[_code(code, where("rules", code))] = _severity(severity, code, where("rules", code))
    status = data.get("status") or {}
    values = {}
    for name, value in status.items():
        if name not in Thresholds.__dataclass_fields__:
            raise ConfigError(f"{where('status', name)}: unknown status setting '{name}' "
                              f"(expected {', '.join(Thresholds.__dataclass_fields__)})")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{where('status', name)}: '{name}' must be a number of at least 0")
        values[name] = value
    config.thresholds = Thresholds(**values)
    if config.thresholds.on_track > config.thresholds.at_risk:
        raise ConfigError(f"{where('status')}: on_track must not be larger than at_risk")


def _code(code, where: str) -> str:
    code = str(code).upper()
    if code not in RULES:
        raise ConfigError(f"{where}: unknown rule code '{code}' (see 'playbook rules')")
    return code


def _severity(value, code, where: str) -> str:
    # YAML 1.1 habits: `off` and `no` stay text in our loader, `false` is a boolean
    value = "off" if value is False else value
    if value not in SEVERITIES:
        raise ConfigError(f"{where}: severity of {code} must be one of {', '.join(SEVERITIES)}, not {value!r}")
    return value
