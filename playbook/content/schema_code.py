"""The kinds' schemas as Python code, generated once per schema and kept between runs.

Generating the code of every kind's schema and compiling it costs about 0.17 s, in every
process that checks a playbook: more than a tenth of `playbook validate` on 1,000 entities.
The code depends only on the schema and on the generator's version, so it is kept as a
module in the user's cache folder (`$XDG_CACHE_HOME/playbook/schema-code/`, by default
`~/.cache/...`), named by a hash of both, and imported from there: Python keeps its
bytecode beside it as it does for any module. Never in the project's folder: what a commit
brings is never run.

A module that cannot be written (a read-only home, no home at all) is run from memory; one
that cannot be imported (cut short, edited) is generated again and written over.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
import types
from functools import partial
from pathlib import Path

import fastjsonschema

OPTIONS = {"use_default": False, "detailed_exceptions": False}
"""Code that only tells valid from not: a third of the size of code that says why."""


def schema_check(name: str, spec: dict, formats: dict):
    """A function that raises for data the schema `spec` rejects (named `name` in the cache)."""
    key = code_key(spec, formats)
    module = _kept(name, key) or _made(name, key, fastjsonschema.compile_to_code(spec, formats=formats, **OPTIONS))
    return partial(module.validate, custom_formats=formats)


def code_key(spec: dict, formats: dict) -> str:
    """What the code is made from: the schema, the generator's version and options, the formats' names."""
    text = json.dumps([fastjsonschema.VERSION, OPTIONS, sorted(formats), spec], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def cache_folder() -> Path | None:
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home folder to be found
        return None
    return base / "playbook" / "schema-code" if base.is_absolute() else None


def _kept(name: str, key: str):
    """The module kept for this key, or None where there is none or it cannot be run."""
    folder = cache_folder()
    path = folder / f"{name}_{key}.py" if folder else None
    if path is None or not path.is_file():
        return None
    try:
        module = _imported(path)
    except Exception:  # noqa: BLE001 - cut short or changed: made again
        return None
    return module if callable(getattr(module, "validate", None)) else None


def _made(name: str, key: str, code: str):
    """The generated code as a module, written to the cache where it can be."""
    folder = cache_folder()
    if folder is not None:
        written = None
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False) as out:
                written = Path(out.name)
                out.write(code)
            os.replace(written, folder / f"{name}_{key}.py")
            return _imported(folder / f"{name}_{key}.py")
        except OSError:
            if written is not None:
                written.unlink(missing_ok=True)
    module = types.ModuleType(name)
    exec(compile(code, f"<schema {name}>", "exec"), module.__dict__)  # noqa: S102 - the generator's own code
    return module


def _imported(path: Path):
    spec = importlib.util.spec_from_file_location(f"playbook_schema_code.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
