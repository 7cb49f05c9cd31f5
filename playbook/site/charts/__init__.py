"""SVG charts and diagrams for the site, made at build time as plain text.

Five pure functions, each returning one self-contained `<svg>` element ready to
inline in Markdown: `sparkline` (scorecard), `kpi_chart` (KPI page), `roadmap`
(initiatives on a timeline), `alignment_map` (strategy -> goals -> tactics ->
KPIs) and `risk_grid` (the risk register's likelihood by impact). Every chart is labelled for screen readers (`<title>`, `<desc>`), scales
with its container, loads nothing from anywhere, prints statuses as words as
well as colours, and gives the same text for the same input. Elements carry
`pb-` classes (`pb-chart`, `pb-status-on-track`, `pb-node-goal`, `pb-orphan`,
`pb-today`, ...) so the site stylesheet can re-theme them, for example in dark mode.
"""
from playbook.site.charts.alignment_map import Node, alignment_map
from playbook.site.charts.kpi_chart import kpi_chart
from playbook.site.charts.risk_grid import GridWords, risk_grid
from playbook.site.charts.roadmap_chart import Bar, Milestone, roadmap
from playbook.site.charts.scales import Point
from playbook.site.charts.sparkline import sparkline

__all__ = ["Bar", "GridWords", "Milestone", "Node", "Point", "alignment_map", "kpi_chart", "risk_grid", "roadmap",
           "sparkline"]
