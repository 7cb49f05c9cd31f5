"""The CMS page, `admin/`: the browser editor (Decap CMS) served from the site itself.

Its script is vendored: the plugin's `cms_script` names `decap-cms.js` of the npm package
pinned in a lock file, and that file, the chunks it loads (`*.decap-cms.js`) and its
WebAssembly files are copied beside the page, so the page loads nothing from another host.
The configuration (`admin/config.yml`) is `living.cms_config`'s, made from the schemas;
`assets/cms.js` registers the measurements' CSV format before the CMS starts. Editing is
for the people who keep the playbook: the public edition has no CMS page.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from playbook.check.site_paths import CMS_PATH
from playbook.living.cms_config import backend_for, cms_config

FOLDER = CMS_PATH.rsplit("/", 1)[0]
SCRIPT = "decap-cms.js"
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Edit the playbook</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="decap-cms.js"></script>
<script src="playbook-cms.js"></script>
</body>
</html>
"""


class CmsScriptMissing(Exception):
    """The configured script is not there (the npm packages are not installed)."""


def cms_files(script: Path, content_folder: str, repo_url: str | None) -> dict[str, bytes]:
    """The page, its configuration and the vendored script, by their path in the site."""
    if not script.is_file() or script.name != SCRIPT:
        raise CmsScriptMissing(f"the CMS script '{script}' does not exist: install the npm packages of the lock "
                               f"file (npm ci), or name the {SCRIPT} of the decap-cms package")
    vendored = [script, *sorted(script.parent.glob(f"*.{SCRIPT}")), *sorted(script.parent.glob("*.wasm"))]
    config = cms_config(content_folder, backend_for(repo_url))
    files = {f"{FOLDER}/{path.name}": path.read_bytes() for path in vendored}
    files[CMS_PATH] = PAGE.encode()
    files[f"{FOLDER}/config.yml"] = (json.dumps(config, indent=2, ensure_ascii=False) + "\n").encode()
    files[f"{FOLDER}/playbook-cms.js"] = (resources.files("playbook.site") / "assets" / "cms.js").read_bytes()
    return files
