"""`python -m playbook.outputs.zensical_build MKDOCS_YML SITE_DIR [--strict]`: build with Zensical.

Zensical runs no MkDocs plugins, so the engine first writes the site source
(`playbook.outputs.site_source`) for the edition and as-of date that `playbook build` passes in
the environment, into the project's folder kept for it, where Zensical's cache stays from one
build to the next (`playbook.outputs.kept_source`); Zensical builds it (as a child process:
the engine imports no builder), and its output becomes SITE_DIR. Exit codes: 0 built,
1 content errors or a failed build, 2 a usage problem (a bad environment value or configuration,
a docs folder that would publish what it may not), said in one line. Zensical's own messages
pass through, a Python traceback cut to its last line.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from playbook.check.config import ConfigError
from playbook.content.diagnostics import print_problems
from playbook.outputs.kept_source import source_folder
from playbook.outputs.output_guard import OutputError
from playbook.outputs.publish import PublishError, environment_settings
from playbook.outputs.site_reuse import remove
from playbook.outputs.site_source import prepare, write_source

TRACEBACK = "Traceback (most recent call last):"


def main(argv: list[str]) -> int:
    try:
        return build(Path(argv[0]), Path(argv[1]), "--strict" in argv[2:])
    except (PublishError, OutputError, ConfigError) as exc:
        print(f"playbook: {exc}", file=sys.stderr)
        return 2


def build(config: Path, site: Path, strict: bool) -> int:
    source = prepare(config, *environment_settings(os.environ))
    print_problems(source.result.diagnostics, source.result.content.root)
    if source.result.errors or (strict and source.result.warnings):
        return 1
    with source_folder(source.project, source.edition, site) as work:
        write_source(work, source)
        done = subprocess.run([sys.executable, "-P", "-m", "zensical", "build", "-f", str(work / "mkdocs.yml")]
                              + ["--strict"] * strict, cwd=work, stderr=subprocess.PIPE, text=True, errors="replace")
        sys.stderr.write(without_traceback(done.stderr))
        if done.returncode != 0:
            return 1
        remove(site)
        shutil.move(work / "site", site)
        return 0


def without_traceback(text: str) -> str:
    """Zensical's error output with a Python traceback cut to its message, said as `zensical: MESSAGE`."""
    head, found, tail = text.partition(TRACEBACK)
    if not found:
        return text
    said = [line for line in tail.splitlines() if line and not line[0].isspace() and line != TRACEBACK
            and not line.startswith(("During handling of the above exception", "The above exception"))]
    message = said[-1].split(": ", 1)[-1].strip() if said else ""
    return f"{head}zensical: {message or 'the build failed'}\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
