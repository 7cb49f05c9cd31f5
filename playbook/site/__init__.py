"""The site: every page of the playbook as Markdown with inline SVG, ready for any builder.

`all_pages.render_site` returns the pages of one edition in sidebar order; `render/`
holds one module per page or part of a page, built from escaping helpers (`render.html`)
and the edition's `View`; `charts/` draws the SVG charts; `navigation` writes the
sidebar. Nothing here knows a site builder: `plugins/` hands these pages to MkDocs, and
`playbook.outputs.site_source` writes them for builders that run no plugins.
"""
