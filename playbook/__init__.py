"""Playbook: check an organization's strategy kept as YAML and Markdown, and render it as pages.

The engine never imports MkDocs; `plugins/` holds the thin MkDocs glue.
"""
__version__ = "0.1.0"
