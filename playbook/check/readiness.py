"""Rules of incident readiness: exercises of the operating modes and holding statements.

* PB231: an operating mode other than the default not exercised within playbook.yml's
  `readiness.exercise_days`, once the playbook records any exercise;
* PB232: a holding statement past its expiry date;
* PB233: an exercise finding that names no initiative to fix it.
"""
from __future__ import annotations

import datetime as dt

from playbook.check.config import Config
from playbook.check.graph import Graph, values_at
from playbook.content.dates import parse_date
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import CONFIG_FILE, Entity


def check_readiness(graph: Graph, config: Config, as_of: dt.date) -> list[Diagnostic]:
    return unexercised(graph, config, as_of) + expired(graph, as_of) + unfixed(graph)


def latest_exercises(graph: Graph) -> dict[str, tuple[dt.date, Entity]]:
    """Mode -> (date, exercise) of its latest exercise."""
    last = {}
    for exercise in sorted(graph.of_kind("exercise"), key=lambda e: e.file):
        on = parse_date(exercise.data.get("date"))
        for __, mode in values_at(exercise.data, ("modes",)) if on else ():
            if mode not in last or on > last[mode][0]:
                last[mode] = (on, exercise)
    return last


def unexercised(graph: Graph, config: Config, as_of: dt.date) -> list[Diagnostic]:
    exercises = graph.of_kind("exercise")
    if not exercises:
        return []
    last, days = latest_exercises(graph), config.readiness.exercise_days
    diags = []
    for mode in list(config.modes)[1:]:
        if mode not in last:
            # the mode is declared in playbook.yml; the default modes, with no playbook.yml, are
            # reported on the first exercise, the file that makes readiness a question
            where = (CONFIG_FILE, *config.source.loc(("modes", mode), key=True)) if config.source \
                else (exercises[0].file, 1, 1)
            diags.append(Diagnostic(*where, "warning", "PB231",
                                    f"mode '{mode}' has never been exercised (add an exercise to exercises/)"))
            continue
        on, exercise = last[mode]
        if (as_of - on).days > days:
            diags.append(Diagnostic(exercise.file, *exercise.loc("date"), "warning", "PB231",
                                    f"mode '{mode}' was last exercised on {on} ({(as_of - on).days} days ago; "
                                    f"playbook.yml's readiness.exercise_days is {days:.0f})"))
    return diags


def expired(graph: Graph, as_of: dt.date) -> list[Diagnostic]:
    return [Diagnostic(s.file, *s.loc("expires"), "warning", "PB232",
                       f"holding statement '{s.id}' expired on {on}: review it and set a new expiry, or remove it")
            for s in graph.of_kind("holding") if (on := parse_date(s.data.get("expires"))) and on < as_of]


def unfixed(graph: Graph) -> list[Diagnostic]:
    diags = []
    for exercise in graph.of_kind("exercise"):
        for path, finding in values_at(exercise.data, ("findings", "*")):
            if isinstance(finding, dict) and not finding.get("initiative"):
                diags.append(Diagnostic(exercise.file, *exercise.loc(*path), "warning", "PB233",
                                        f"a finding of exercise '{exercise.id}' names no initiative to fix it "
                                        "(add 'initiative: <initiative id>')"))
    return diags
