"""`python -m playbook.zensical_run MKDOCS_YML SITE_DIR [--strict]`: build with Zensical.

Zensical runs no MkDocs plugins, so the engine first writes the site source
(`playbook.sitesource`) for the edition and as-of date that `playbook build` passes in
the environment, into a folder beside SITE_DIR; Zensical builds it (as a child process:
the engine imports no builder), and its output becomes SITE_DIR. Exit codes: 0 built,
1 content errors or a failed build, 2 a usage problem.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .diagnostics import print_problems
from .publish import AS_OF_ENV, EDITION_ENV
from .sitesource import prepare, write_source


def main(argv: list[str]) -> int:
    config, site, strict = Path(argv[0]), Path(argv[1]), "--strict" in argv[2:]
    as_of = os.environ.get(AS_OF_ENV)
    source = prepare(config, os.environ.get(EDITION_ENV), dt.date.fromisoformat(as_of) if as_of else None)
    print_problems(source.result.diagnostics, source.result.content.root)
    if source.result.errors or (strict and source.result.warnings):
        return 1
    work = site.with_name(site.name + ".src")
    shutil.rmtree(work, ignore_errors=True)
    try:
        write_source(work, source)
        done = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(work / "mkdocs.yml")]
                              + ["--strict"] * strict, cwd=work)
        if done.returncode != 0:
            return 1
        shutil.rmtree(site, ignore_errors=True)
        os.rename(work / "site", site)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
