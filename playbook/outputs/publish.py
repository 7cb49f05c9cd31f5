"""Publish safely: run MkDocs into a temporary folder and swap the result in whole.

`build` runs `python -m mkdocs build` as a child process (the engine never imports
MkDocs) into a hidden folder beside the target (`.site.tmp-<pid>-XXXX`, same parent,
so the swap is a rename on one file system). Only a successful build is swapped in:
the old site is renamed aside, the new one renamed in, the old one removed. A build
that fails, or that SIGTERM, SIGINT or SIGHUP stops halfway, stops the child's
process group and removes the temporary folder, so the previous site stays
byte-identical. Folders left by a build killed with SIGKILL are cleared (or, when the
site itself was missing, restored) by the next build. The edition and the as-of date
reach the plugin through the environment variables below, which it honours over its
configuration; odd values are refused before anything runs.

What the project's mkdocs.yml says is read here too: the content folder, the sources
no output may land on (`sources_of`, and `sources_around` a content folder for the
commands that take only that), the docs folder that may publish nothing from outside
(`refuse_unsafe_docs`), and the site's address.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from playbook.check.safe_url import is_web_address
from playbook.content import safe_yaml
from playbook.content.dates import date_problem, parse_date
from playbook.content.loader import shown_name
from playbook.content.model import VISIBILITY_LEVELS
from playbook.outputs.docs_folder import docs_problem
from playbook.outputs.output_guard import Sources, project_sources, refuse_overlap

EDITION_ENV = "PLAYBOOK_EDITION"
"""Environment variable naming the edition to build; overrides the plugin's `edition`."""
AS_OF_ENV = "PLAYBOOK_AS_OF"
"""Environment variable holding the as-of date (YYYY-MM-DD); overrides the plugin's `as_of`."""
POLL_ENV = "PLAYBOOK_POLL"
"""Set by `playbook serve --poll`: the server polls for changed files (`plugins/watcher.py`)."""
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
GRACE_SECONDS = 5
"""How long MkDocs may take to stop after SIGINT before it is killed."""
_PR_SET_PDEATHSIG = 1


class Stopped(Exception):
    """A stop signal arrived; the build was undone."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class PublishError(Exception):
    """A usage problem: no configuration file, or no site folder can be named."""


def mkdocs_env(edition: str | None, as_of: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if edition:
        env[EDITION_ENV] = edition
    if as_of:
        env[AS_OF_ENV] = as_of
    return env


def environment_settings(env) -> tuple[str | None, dt.date | None]:
    """The edition and as-of date the environment sets (None where unset or empty);
    PublishError, naming the variable, for a value that is neither."""
    edition, as_of = (shown_name(env.get(name) or "") or None for name in (EDITION_ENV, AS_OF_ENV))
    if edition is not None and edition not in VISIBILITY_LEVELS:
        raise PublishError(f"{EDITION_ENV} '{edition}' is not one of {', '.join(VISIBILITY_LEVELS)}")
    problem = as_of and date_problem(as_of)
    if problem:
        raise PublishError(f"{AS_OF_ENV} {problem}")
    return edition, as_of and parse_date(as_of)


def settings_of(config: Path) -> dict:
    try:
        data = safe_yaml.read_yaml(config.read_text(encoding="utf-8")).value
    except (OSError, UnicodeDecodeError, safe_yaml.YamlProblem) as exc:
        raise PublishError(f"cannot read '{config}': {exc}") from None
    return data if isinstance(data, dict) else {}


def _text_setting(config: Path, data: dict, name: str, default: str) -> str:
    value = data.get(name, default)
    if not isinstance(value, str) or not value:
        raise PublishError(f"'{config}' does not name {name} as plain text")
    return value


def site_dir_of(config: Path) -> Path:
    """The `site_dir` mkdocs.yml names (default `site`), relative to the file's folder."""
    return config.parent / _text_setting(config, settings_of(config), "site_dir", "site")


def plugin_options(settings: dict) -> dict:
    """The playbook plugin's options in mkdocs.yml's settings ({} when it has none)."""
    plugins = settings.get("plugins")
    entries = [plugins] if isinstance(plugins, dict) else plugins if isinstance(plugins, list) else []
    return next((e["playbook"] for e in entries if isinstance(e, dict) and isinstance(e.get("playbook"), dict)), {})


def content_name(settings: dict) -> str:
    """The content folder the plugin reads, relative to mkdocs.yml."""
    content = plugin_options(settings).get("content_dir")
    return content if isinstance(content, str) and content else "content"


def sources_of(config: Path) -> Sources:
    """The sources of the project a configuration file makes: the plugin's content
    folder, docs_dir, .git and .github, the file itself and pyproject.toml."""
    data = settings_of(config)
    return project_sources(config.parent, content_name(data), _text_setting(config, data, "docs_dir", "docs"), config.name)


def sources_around(content: Path) -> Sources:
    """What a command that reads only a content folder may not write over: the folder,
    the git folder beside it, and the sources of the projects it may belong to (the
    folder holding it and the current folder)."""
    sources = [("content folder", content), ("git folder", content.parent / ".git")]
    for project in projects_around(content):
        config = project / "mkdocs.yml"
        try:
            sources += sources_of(config) if config.is_file() else project_sources(project)
        except PublishError:  # a configuration it cannot read: the sources by their usual names
            sources += project_sources(project)
    return sources


def projects_around(content: Path) -> list[Path]:
    """The folders whose project a content folder may belong to: the one holding it, and the current folder."""
    return list(dict.fromkeys((content.parent, Path("."))))


def site_url_near(content: Path) -> str | None:
    """The `site_url` of the mkdocs.yml of the project around a content folder, when it names a web address."""
    for config in (project / "mkdocs.yml" for project in projects_around(content)):
        try:
            url = settings_of(config).get("site_url") if config.is_file() else None
        except PublishError:  # a configuration it cannot read gives no address
            continue
        if url is not None:
            return url if is_web_address(url) else None
    return None


def refuse_unsafe_docs(config: Path) -> None:
    """PublishError when publishing docs_dir or the theme's custom_dir would publish the
    content folder or what a link in them leads to (`docsfolder`)."""
    data = settings_of(config)
    docs = config.parent / _text_setting(config, data, "docs_dir", "docs")
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom = theme.get("custom_dir")
    problem = docs_problem(docs, config.parent / content_name(data),
                           config.parent / custom if isinstance(custom, str) and custom else None)
    if problem:
        raise PublishError(f"{config}: {problem}")


BUILDERS = {"mkdocs": ["-m", "mkdocs", "build", "-f", "{config}", "-d", "{site}"],
            "properdocs": ["-m", "properdocs", "build", "-f", "{config}", "-d", "{site}"],
            "zensical": ["-m", "playbook.outputs.zensical_build", "{config}", "{site}"]}
"""How each builder is run: MkDocs and ProperDocs run the plugin; Zensical builds the
site source `playbook render` writes (`playbook.outputs.zensical_build`)."""


def builder_command(builder: str, config: Path, site: Path, strict: bool) -> list[str]:
    return [arg.format(config=config, site=site) for arg in BUILDERS[builder]] + ["--strict"] * strict


def build(config: Path, site_dir: Path | None, env: dict[str, str], strict: bool = False, builder: str = "mkdocs") -> int:
    """Build and swap in the site; MkDocs' exit code (0 when the site was replaced).

    Raises PublishError for usage problems and Stopped when a stop signal ended it.
    """
    if not config.is_file():
        raise PublishError(f"configuration file '{config}' does not exist")
    environment_settings(env)
    target = Path(os.path.abspath(site_dir or site_dir_of(config)))
    refuse_overlap(target, config.parent, sources_of(config))
    refuse_unsafe_docs(config)
    if target.exists() and not target.is_dir():
        raise PublishError(f"site folder '{target}' exists and is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _stop_signals_raise():
        clear_leftovers(target)
        tmp = None
        try:
            with signals_blocked():
                tmp = scratch_folder(target, "tmp")
            code = run_child(builder_command(builder, config, tmp / "site", strict), env)
            if code == 0:
                swap_in(tmp / "site", target)
            return code
        finally:
            with signals_blocked():
                if tmp is not None:
                    shutil.rmtree(tmp, ignore_errors=True)


def serve(config: Path, env: dict[str, str], dev_addr: str | None = None) -> int:
    """Run `mkdocs serve --dirty` with the edition settings; its exit code.

    With `--dirty` the plugin rebuilds only the pages a change touches.
    """
    if not config.is_file():
        raise PublishError(f"configuration file '{config}' does not exist")
    command = ["-m", "mkdocs", "serve", "--dirty", "-f", str(config)] + (["--dev-addr", dev_addr] if dev_addr else [])
    with _stop_signals_raise():
        return run_child(command, env)


def run_child(args: list[str], env: dict[str, str]) -> int:
    """Run Python with args in its own process group; the group dies with this process. Python
    is told not to look for modules in the current folder (`-P`), as the `mkdocs` command does
    not: a `mkdocs.py` in the project is not MkDocs."""
    with signals_blocked():  # a stop signal now would leave the child running unseen
        child = subprocess.Popen([sys.executable, "-P", *args], env=env, start_new_session=True,
                                 preexec_fn=_child_setup)
    try:
        return child.wait()
    finally:
        if child.returncode is None:
            with signals_blocked():
                _stop_group(child)


def _stop_group(child: subprocess.Popen) -> None:
    """SIGINT first (MkDocs then cleans up after itself, as after Ctrl-C), SIGKILL if it lingers."""
    for signum, wait in ((signal.SIGINT, GRACE_SECONDS), (signal.SIGKILL, None)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signum)
        try:
            child.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _child_setup() -> None:
    """In the child before MkDocs starts: take stop signals again, and on Linux ask
    to be killed when the parent dies, even by SIGKILL."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    die_with_parent(signal.SIGKILL)


def die_with_parent(signum: int) -> None:
    """In a child before it starts: on Linux, have `signum` sent to it when the thread that
    started it ends, as it does when this process stops, even by SIGKILL (elsewhere, nothing)."""
    if sys.platform == "linux":
        import ctypes
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signum)


def swap_in(tmp: Path, target: Path) -> None:
    """Replace target by tmp: old aside, new in, old removed; never interrupted halfway."""
    with signals_blocked():
        if not target.exists():
            os.rename(tmp, target)
            return
        old = scratch_folder(target, "old")
        os.rename(target, old / "site")
        os.rename(tmp, target)
        shutil.rmtree(old, ignore_errors=True)


def scratch_folder(target: Path, role: str) -> Path:
    """A new hidden folder beside target, named for this process, with the usual permissions."""
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.{role}-{os.getpid()}-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)  # mkdtemp makes it private; the site is meant to be read
    return folder


def clear_leftovers(target: Path) -> None:
    """Remove temporary and old folders of earlier builds whose process is gone.

    An old folder is put back when the site itself is missing: that build died
    between its two renames.
    """
    for prefix in ("tmp", "old"):
        for folder in sorted(target.parent.glob(f".{target.name}.{prefix}-*")):
            if not folder.is_dir() or _alive(folder.name):
                continue
            if prefix == "old" and not target.exists() and (folder / "site").is_dir():
                os.rename(folder / "site", target)
            shutil.rmtree(folder, ignore_errors=True)


def _alive(name: str) -> bool:
    """Whether the process whose id the folder name carries still runs."""
    pid = name.rsplit(".", 1)[-1].split("-")[1]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, OverflowError):  # gone, or no process id at all
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _stop_signals_raise():
    """Turn stop signals into `Stopped`, so `finally` blocks undo the work."""
    def handler(signum, frame):
        raise Stopped(signum)

    previous = {s: signal.signal(s, handler) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


@contextlib.contextmanager
def signals_blocked():
    """Hold stop signals back from this thread (they arrive afterwards) while a step must not be
    cut short; a child started meanwhile starts with them held back too."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
