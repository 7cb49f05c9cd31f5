"""The kinds' schemas as Python code, generated and compiled once and kept beside the package.

Generating the code of every kind's schema and compiling it costs about 0.2 s, in every
process that checks a playbook: a fifth of `playbook validate` on 1,000 entities. The code
depends only on the schema, the generator's version and options, and the Python that
compiles it, so it is kept, compiled, in the package's own bytecode folder
(`playbook/content/__pycache__/schema-code/`), as Python keeps the package's bytecode there:
it is exactly as safe as the package's own files are where it is installed. No folder that a
playbook, the current folder or an environment variable names is ever read for it. (A
package installed inside a playbook's repository, or bytecode moved there with
PYTHONPYCACHEPREFIX, is as open to that repository's commits as the package's own code.)

Each kept file starts with the SHA-256 of its name and of the code that follows, so a file
that is damaged, or copied under another kind's or schema's name, is made again rather than
run. A file or folder that is a link, that belongs to someone other than the current user or
root, or that others may write to, is never read. Where the folder cannot be written (a
package installed read-only), where Python is told not to write bytecode
(PYTHONDONTWRITEBYTECODE), or on a system without POSIX owners, the code is compiled in
memory for each process.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import marshal
import os
import re
import stat
import sys
import tempfile
import time
import types
from functools import partial
from pathlib import Path

import fastjsonschema

OPTIONS = {"use_default": False, "detailed_exceptions": False}
"""Code that only tells valid from not: a third of the size of code that says why."""
FILE_FORMAT = 1
"""Changes whenever what a kept file holds, or how it is written, does."""
FOLDER = Path(__file__).with_name("__pycache__") / "schema-code"
TAG = sys.implementation.cache_tag or "python"
"""In each kept file's name: Pythons that share the package keep their code apart."""
LEFT_FOR = 600
"""Seconds after which a temporary file is taken to be left by a process that was killed."""


def schema_check(name: str, spec: dict, formats: dict):
    """A function that raises for data the schema `spec` rejects (kept under `name`). The
    formats are functions: a pattern would be written into the code and is not in its key."""
    if not name.isidentifier():
        raise ValueError(f"not a kind's name: {name!r}")
    if not all(callable(check) for check in formats.values()):
        raise TypeError("each format is a function")
    file = f"{name}.{TAG}.{code_key(spec, formats)}.bin"
    module = _kept_module(name, file)
    if module is None:
        code = compile(fastjsonschema.compile_to_code(spec, formats=formats, **OPTIONS), f"<schema {name}>", "exec")
        module = _module(name, code)
        _keep(name, file, code)
    return partial(module.validate, custom_formats=formats)


def code_key(spec: dict, formats: dict) -> str:
    """What the code is made from: the schema, the generator's version and options, the formats'
    names, the bytecode's version and the file's format."""
    text = json.dumps([FILE_FORMAT, fastjsonschema.VERSION, OPTIONS, sorted(formats), spec], sort_keys=True)
    return hashlib.sha256(importlib.util.MAGIC_NUMBER + text.encode()).hexdigest()[:20]


def _digest(file: str, payload: bytes) -> bytes:
    return hashlib.sha256(file.encode() + b"\n" + payload).hexdigest().encode()


def _module(name: str, code: types.CodeType | None):
    """The code run as a module with a `validate`, or None."""
    if code is None:
        return None
    module = types.ModuleType(f"playbook_schema_code_{name}")
    exec(code, module.__dict__)  # noqa: S102 - the generator's code, as compiled here
    return module if callable(module.__dict__.get("validate")) else None


def _kept_module(name: str, file: str):
    try:
        return _module(name, _kept(file))
    except Exception:  # noqa: BLE001 - whatever went wrong, the code is made again
        return None


def _kept(file: str) -> types.CodeType | None:
    """The code kept as `file`, read through one descriptor of the file itself (never a link's
    target), or None."""
    if not _posix():
        return None
    try:
        if not _trusted(os.lstat(FOLDER), stat.S_ISDIR):
            return None
        handle = os.open(FOLDER / file, os.O_RDONLY | os.O_NOFOLLOW)
        with open(handle, "rb") as kept:
            if not _trusted(os.fstat(kept.fileno()), stat.S_ISREG):
                return None
            digest, __, payload = kept.read().partition(b"\n")
    except OSError:
        return None
    if _digest(file, payload) != digest:
        return None
    try:
        code = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def _posix() -> bool:
    return hasattr(os, "getuid") and os.name == "posix"


def _trusted(status: os.stat_result, kind) -> bool:
    """Whether the file is of the kind, the current user's or root's, and no one else may write to it."""
    return kind(status.st_mode) and status.st_uid in {0, os.getuid()} \
        and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _keep(name: str, file: str, code: types.CodeType) -> None:
    """Write the code where `_kept` finds it, whole or not at all, and remove what this Python
    kept for the kind's earlier schemas and what killed writers left; where it cannot be written,
    or Python is told to write no bytecode, nothing is."""
    if sys.dont_write_bytecode or not _posix():
        return
    payload = marshal.dumps(code)
    written = None
    try:
        FOLDER.mkdir(parents=True, exist_ok=True, mode=0o755)
        if not _trusted(os.lstat(FOLDER), stat.S_ISDIR):
            return
        with tempfile.NamedTemporaryFile("wb", dir=FOLDER, prefix=f".{name}.", suffix=".tmp", delete=False) as out:
            written = Path(out.name)
            os.fchmod(out.fileno(), 0o644)  # read by every user of the package, written by its owner
            out.write(_digest(file, payload) + b"\n" + payload)
        os.replace(written, FOLDER / file)
        written = None
        _prune(name, file)
    except OSError:
        pass
    finally:
        if written is not None:
            with contextlib.suppress(OSError):
                written.unlink()


def _prune(name: str, file: str) -> None:
    earlier = re.compile(rf"{re.escape(name)}\.{re.escape(TAG)}\.[0-9a-f]{{20}}\.bin")
    left = re.compile(rf"\.{re.escape(name)}\..+\.tmp")
    for path in FOLDER.iterdir():
        if earlier.fullmatch(path.name) and path.name != file:
            path.unlink(missing_ok=True)
        elif left.fullmatch(path.name) and path.lstat().st_mtime < time.time() - LEFT_FOR:
            path.unlink(missing_ok=True)
