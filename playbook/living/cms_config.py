"""The configuration of the CMS (Decap CMS) that edits the playbook in the browser, made from the
JSON Schemas, never written per kind.

Each kind is a folder collection over `content/<kind folder>/*.yml`; each field's widget comes
from its schema: a reference (`x-ref`) to one kind is a relation widget, to several kinds a
list of `kind:id`; listed values are a select; numbers, booleans, dates (text checked against
YYYY-MM-DD), Markdown (`body`), lists and objects follow their types. A field is required
where the schema or a rule (`x-required-by`) asks for it; its description is the hint.
Measurements are one more collection over `content/measurements/*.csv`, read and written by
the `playbook-csv` format that the CMS page registers (`site/assets/cms.js`): a list of rows
with date, value and note, the note being the owner's commentary. The editorial workflow is
on: every change is a branch and a pull request, which CI validates.

The configuration names kinds and fields, never an entity: the CMS lists entries from the
repository itself, so a copy made for any edition holds no entity's id, title or text.
"""
from __future__ import annotations

from playbook.content.model import KINDS, MEASUREMENTS_FOLDER
from playbook.content.schemas import ANY_KIND, inline_common, kind_schema

DATE_PATTERN = [r"^\d{4}-\d{2}-\d{2}$", "A date: YYYY-MM-DD"]
CSV_FORMAT = "playbook-csv"
SKIPPED = {"waivers"}  # editors' notes, kept in git


def cms_config(content_folder: str = "content", backend: dict | None = None, local_backend: str | bool = True,
               site_url: str | None = None) -> dict:
    """The configuration as a dict (written as YAML, or JSON, which YAML reads as it is)."""
    folder = content_folder.strip("/") or "."
    config = {"backend": backend or {"name": "git-gateway", "branch": "main"},
              "local_backend": {"url": local_backend} if isinstance(local_backend, str) else local_backend,
              "publish_mode": "editorial_workflow",
              "media_folder": "media", "public_folder": "/media",
              "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
              "collections": [_collection(kind, folder) for kind in KINDS] + [_measurements(folder)]}
    if site_url:
        config["site_url"] = site_url
    return config


def backend_for(repo_url: str | None, branch: str = "main") -> dict:
    """GitHub's backend for a github.com repository, else Git Gateway."""
    parts = (repo_url or "").rstrip("/").removesuffix(".git").split("/")
    if len(parts) == 5 and parts[2] in ("github.com", "www.github.com") and parts[0] == "https:":
        return {"name": "github", "repo": f"{parts[3]}/{parts[4]}", "branch": branch}
    return {"name": "git-gateway", "branch": branch}


def _collection(kind: str, folder: str) -> dict:
    schema = inline_common(kind_schema(kind))
    return {"name": kind, "label": KINDS[kind].replace("-", " ").capitalize(), "label_singular": kind,
            "folder": f"{folder}/{KINDS[kind]}", "extension": "yml", "format": "yaml", "create": True,
            "identifier_field": "title", "description": schema.get("description", ""),
            "fields": _fields(schema)}


def _fields(schema: dict, present: bool = True) -> list[dict]:
    """The fields of an object's schema; inside an optional object (`present` False) none is
    required, since the CMS would then ask for the object whenever the form is saved."""
    required = set(schema.get("required") or []) if present else set()
    fields = []
    for name, spec in (schema.get("properties") or {}).items():
        if name in SKIPPED:
            continue
        needed = name in required or (present and "x-required-by" in spec)
        field = {"name": name, "label": name.replace("_", " ").capitalize(), **widget(name, spec, needed),
                 "required": needed}
        if spec.get("description"):
            field["hint"] = spec["description"]
        fields.append(field)
    return fields


def _types(spec: dict) -> set[str]:
    kinds = spec.get("type") or []
    return {kinds} if isinstance(kinds, str) else set(kinds)


def widget(name: str, spec: dict, required: bool = False) -> dict:
    """The widget settings for one field's schema."""
    types = _types(spec)
    if "x-ref" in spec:
        return _relation(spec)
    if "enum" in spec:
        return {"widget": "select", "options": [str(v) for v in spec["enum"]], "multiple": False}
    if types & {"number", "integer"} and not types - {"number", "integer"}:
        bounds = {mine: spec[theirs] for mine, theirs in (("min", "minimum"), ("max", "maximum")) if theirs in spec}
        return {"widget": "number", "value_type": "int" if types == {"integer"} else "float", **bounds}
    if types == {"boolean"}:
        return {"widget": "boolean"}
    if spec.get("format") == "date":
        return {"widget": "string", "pattern": DATE_PATTERN}
    if name == "body":
        return {"widget": "markdown"}
    if types == {"object"} and spec.get("properties"):
        return {"widget": "object", "collapsed": not required, "fields": _fields(spec, required)}
    if "array" in types:
        items = spec.get("items") or {}
        if _types(items) == {"object"} and items.get("properties"):
            return {"widget": "list", "collapsed": True, "fields": _fields(items)}
        if "x-ref" in items:
            return _relation(items) | {"multiple": True}
        return {"widget": "list"}
    return {"widget": "string"}


def _relation(spec: dict) -> dict:
    kinds = spec["x-ref"]["kinds"]
    many = "array" in _types(spec)
    if len(kinds) == 1 and kinds[0] != ANY_KIND:
        return {"widget": "relation", "collection": kinds[0], "search_fields": ["title"], "value_field": "{{slug}}",
                "display_fields": ["title"], "multiple": many}
    return {"widget": "list"}  # several kinds: ids, written kind:id where two kinds share one


def _measurements(folder: str) -> dict:
    row = [{"name": "date", "label": "Date", "widget": "string", "pattern": DATE_PATTERN},
           {"name": "value", "label": "Value", "widget": "number", "value_type": "float"},
           {"name": "note", "label": "Commentary", "widget": "text", "required": False,
            "hint": "Why it moved, what comes next, what help is needed."}]
    return {"name": MEASUREMENTS_FOLDER, "label": "Measurements", "label_singular": "measurements of a KPI",
            "folder": f"{folder}/{MEASUREMENTS_FOLDER}", "extension": "csv", "format": CSV_FORMAT, "create": True,
            "identifier_field": "kpi", "slug": "{{kpi}}", "summary": "{{slug}}",
            "description": "A KPI's measurements: one row per date, with the owner's commentary.",
            "fields": [{"name": "kpi", "label": "KPI", "widget": "relation", "collection": "kpi", "required": False,
                        "search_fields": ["title"], "value_field": "{{slug}}", "display_fields": ["title"],
                        "hint": "The KPI these measurements belong to (new files only)."},
                       {"name": "rows", "label": "Measurements", "widget": "list", "fields": row}]}
