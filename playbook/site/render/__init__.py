"""Render the checked playbook to Markdown pages (with inline HTML and SVG).

`playbook.site.all_pages.render_site` is the entry point; each module here writes one
kind of page or one part of a page. User text reaches HTML in two ways only:
escaped (every `str` given to the builders in `html.py` is escaped by
markupsafe) or sanitised (`sanitize.clean`, nh3 with an allowlist).

The places that mark text as safe HTML (`Markup(...)` of something that is not
a literal of ours) are:

* `html.el`, `html.lines`, `html.join`: they join parts that they escaped
  themselves (or that are already `Markup`);
* `sanitize.clean`: the nh3 output for Markdown bodies and free pages;
* `html.svg`: chart markup from `playbook.site.charts`, which escapes its own text
  and emits only relative or http(s) links;
* `scorecard.kpi_row`: the sparkline SVG from `playbook.site.charts`, as in `html.svg`.

No Jinja templates are used: pages are built from these escaping helpers.
"""
