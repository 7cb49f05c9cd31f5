"""Checking: the content judged, joined into a graph, and seen as each edition may see it.

`checker` runs the pipeline: form (schemas, ids), references (`graph`), links and paths,
alignment, operations, credentials; `status` and `forecast` work out where each KPI
stands; `config` reads playbook.yml; `edition` makes the copy of the checked content
that one audience may see, from which every output is made; `site_paths` and
`page_names` say where each generated page lives, so links to them can be checked.
Imports only `content` and `i18n`: it never writes a file.
"""
