"""MkDocs hook of the user guide: the reference pages, written from the code at build time.

Kinds and fields (the JSON Schemas), rules (the rule table), commands (the argument
parser) and playbook.yml come from `playbook.cli.reference`; the site options come from the
plugin's own configuration class and the docstring under each option.
"""
from __future__ import annotations

import ast
import inspect

from mkdocs.structure.files import File

from playbook.cli import reference
from playbook.cli.commands import parser
from plugins import plugin

PAGES = {
    "reference/kinds.md": reference.kinds_page,
    "reference/rules.md": reference.rules_page,
    "reference/commands.md": lambda: reference.commands_page(parser()),
    "reference/configuration.md": reference.configuration_page,
    "reference/site-options.md": lambda: site_options_page(),
}


def on_files(files, config):
    for path, page in PAGES.items():
        files.append(File.generated(config, path, content=page()))
    return files


def site_options_page() -> str:
    """The playbook plugin's options in mkdocs.yml, each with the docstring written under it."""
    tree = ast.parse(inspect.getsource(plugin.PlaybookConfig))
    body = tree.body[0].body
    rows = ["| option | what it does |", "|---|---|"]
    for node, after in zip(body, body[1:] + [None]):
        if isinstance(node, ast.Assign) and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
            name = node.targets[0].id
            rows.append(f"| `{name}` | {' '.join(after.value.value.split())} |")
    return "\n".join(["# Site options", "",
                      "The `playbook` plugin's options, under `plugins:` in `mkdocs.yml` (written from the plugin's "
                      "configuration):", "", "```yaml", "plugins:", "  - search", "  - playbook:",
                      "      content_dir: content", "      edition: internal", "```", "", *rows, ""])
