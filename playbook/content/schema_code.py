"""The kinds' schemas as Python code, generated and compiled once and kept beside the package.

Generating the code of every kind's schema and compiling it costs about 0.17 s, in every
process that checks a playbook: more than a tenth of `playbook validate` on 1,000 entities.
The code depends only on the schema, the generator's version and options, and the Python
that compiles it, so it is kept, compiled, in the package's own bytecode folder
(`playbook/content/__pycache__/schema-code/`): trusted as the package's own code is, and
out of reach of a playbook's files, its project folder and the environment's settings.

Each kept file starts with the SHA-256 of what follows it, so one cut short or changed is
made again rather than run. A file or folder that is a link, or that others than its owner
may write to, or that belongs to someone else, is never read. Where the folder cannot be
written (a package installed read-only), the code is compiled in memory for each process.
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
import tempfile
import types
from functools import partial
from pathlib import Path

import fastjsonschema

OPTIONS = {"use_default": False, "detailed_exceptions": False}
"""Code that only tells valid from not: a third of the size of code that says why."""
FOLDER = Path(__file__).with_name("__pycache__") / "schema-code"


def schema_check(name: str, spec: dict, formats: dict):
    """A function that raises for data the schema `spec` rejects (kept under `name`)."""
    if not name.isidentifier():
        raise ValueError(f"not a kind's name: {name!r}")
    key = code_key(spec, formats)
    module = _kept_module(name, key)
    if module is None:
        code = compile(fastjsonschema.compile_to_code(spec, formats=formats, **OPTIONS), f"<schema {name}>", "exec")
        module = _module(name, code)
        _keep(name, key, code)
    return partial(module.validate, custom_formats=formats)


def code_key(spec: dict, formats: dict) -> str:
    """What the code is made from: the schema, the generator's version and options, the formats'
    names, and the bytecode's version."""
    text = json.dumps([fastjsonschema.VERSION, OPTIONS, sorted(formats), spec], sort_keys=True)
    return hashlib.sha256(importlib.util.MAGIC_NUMBER + text.encode()).hexdigest()[:20]


def _module(name: str, code: types.CodeType | None):
    """The code run as a module with a `validate`, or None."""
    if code is None:
        return None
    module = types.ModuleType(f"playbook_schema_code_{name}")
    exec(code, module.__dict__)  # noqa: S102 - the generator's code, as compiled here
    return module if callable(module.__dict__.get("validate")) else None


def _kept_module(name: str, key: str):
    try:
        return _module(name, _kept(name, key))
    except Exception:  # noqa: BLE001 - whatever went wrong, the code is made again
        return None


def _kept(name: str, key: str) -> types.CodeType | None:
    path = FOLDER / f"{name}_{key}.bin"
    try:
        if not (_owned(FOLDER, stat.S_ISDIR) and _owned(path, stat.S_ISREG)):
            return None
        digest, __, payload = path.read_bytes().partition(b"\n")
    except OSError:
        return None
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        code = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def _owned(path: Path, kind) -> bool:
    """Whether `path` is of the kind (not a link), its owner's or root's, and no one else may write to it."""
    status = path.lstat()
    owners = {0, os.getuid()} if hasattr(os, "getuid") else {status.st_uid}
    return kind(status.st_mode) and status.st_uid in owners and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _keep(name: str, key: str, code: types.CodeType) -> None:
    """Write the code where `_kept` finds it, whole or not at all, and remove what older
    schemas or versions left for the same kind; where it cannot be written, nothing is."""
    payload = marshal.dumps(code)
    written = None
    try:
        FOLDER.mkdir(parents=True, exist_ok=True, mode=0o755)
        if not _owned(FOLDER, stat.S_ISDIR):
            return
        with tempfile.NamedTemporaryFile("wb", dir=FOLDER, prefix=f".{name}_", suffix=".tmp", delete=False) as out:
            written = Path(out.name)
            os.fchmod(out.fileno(), 0o644)  # read by every user of the package, written by its owner
            out.write(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        os.replace(written, FOLDER / f"{name}_{key}.bin")
        written = None
        for old in FOLDER.iterdir():
            if re.fullmatch(rf"{name}_[0-9a-f]{{20}}\.bin", old.name) and old.name != f"{name}_{key}.bin":
                old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if written is not None:
            with contextlib.suppress(OSError):
                written.unlink()
