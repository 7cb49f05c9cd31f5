"""Reading content: the content folder into entities, pages and measurement series.

The safe YAML reader (`safe_yaml`), the loader that turns files into `Entity`, `Page` and
`Series` values (`loader`, `model`), the JSON Schemas of every kind (`schemas`), dates and
Markdown bounds, and the `Diagnostic` every later stage reports with. Nothing here judges
the content beyond what reading it needs: that is `playbook.check`. Imports only `i18n`.
"""
