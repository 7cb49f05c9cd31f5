"""The SVG charts: well-formed, accessible, self-contained, safe and deterministic."""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from playbook.i18n import number
from playbook.site import svg
from playbook.site.charts import (
    Bar,
    Milestone,
    Node,
    Point,
    alignment_map,
    kpi_chart,
    roadmap,
    sparkline,
)
from playbook.site.charts.scales import date_ticks, nice_ticks
from playbook.site.charts.style import (
    ACCENT,
    KIND_FILLS,
    NODE_TEXT,
    ORPHAN,
    STATUS_COLOURS,
    TODAY,
)

NS = "{http://www.w3.org/2000/svg}"
D = dt.date
SCRIPT = "<script>alert('x')</script> & \"quotes\""
LONG = "A very long initiative title that goes on and on well past any box or column width " * 3

POINTS = [Point(D(2026, m, 1), v) for m, v in zip(range(1, 7), [12, 18, 25, 31, 42, 40])]


def bars() -> list[Bar]:
    return [
        Bar("audit", "Audit", "Foundation", D(2025, 1, 15), D(2025, 4, 30), "../audit/",
            (Milestone("Report", D(2025, 4, 1), "done"), Milestone("Review", D(2025, 4, 20), "planned"))),
        Bar("policy", "Policy", "Foundation", D(2025, 3, 1), D(2025, 9, 30), "https://example.org/policy",
            depends_on=("audit", "missing-id")),
        Bar("launch", "Launch day", "Growth", D(2025, 10, 1), D(2025, 10, 1), None, depends_on=("policy",)),
        Bar("evil", SCRIPT, "Gr\u00f6\u00dfe \u2013 \u6f22\u5b57", D(2025, 11, 1), D(2026, 6, 30), "javascript:alert(1)"),
    ]


def nodes() -> tuple[list[list[Node]], list[tuple[str, str]]]:
    columns = [
        [Node("strategy:grow", "Grow", "strategy", "../strategies/grow/")],
        [Node("goal:a", "Goal A", "goal", "../goals/a/", status="at risk"),
         Node("goal:b", LONG, "goal", "../goals/b/"),
         Node("goal:c", SCRIPT, "goal", "JavaScript:alert(1)", orphan=True)],
        [Node("tactic:t", "Tactic", "tactic", None)],
        [Node("kpi:k1", "KPI one", "kpi", "../kpis/k1/", status="off track"),
         Node("kpi:k2", "KPI two \u00e9\u00e8", "kpi", "../kpis/k2/", orphan=True)],
    ]
    edges = [("strategy:grow", "goal:a"), ("strategy:grow", "goal:b"), ("goal:a", "tactic:t"),
             ("tactic:t", "kpi:k1"), ("goal:b", "kpi:k1"), ("goal:a", "nowhere"), ("goal:a", "goal:a")]
    return columns, edges


def kpi(points, **overrides) -> str:
    args = dict(baseline=(D(2026, 1, 1), 10.0), target=(D(2026, 12, 31), 100.0), as_of=D(2026, 6, 15),
                status="at risk", unit="applications", title="Job applications")
    return kpi_chart(points, **{**args, **overrides})


CASES = {
    "sparkline": lambda: sparkline(POINTS, target=60, baseline=10, status="on track", label="Applications"),
    "sparkline-empty": lambda: sparkline([], target=None, label="Nothing"),
    "sparkline-one": lambda: sparkline(POINTS[:1], target=5, status="off track", label=SCRIPT),
    "sparkline-flat": lambda: sparkline([Point(D(2026, m, 1), 7) for m in (1, 2, 3)], target=7, label="Flat"),
    "sparkline-nan": lambda: sparkline([Point(D(2026, 1, 1), float("nan"))], target=1, label="NaN"),
    "kpi": lambda: kpi(POINTS),
    "kpi-empty": lambda: kpi([], baseline=None, target=None, status="no data", unit=""),
    "kpi-one": lambda: kpi(POINTS[:1], baseline=None),
    "kpi-flat": lambda: kpi([Point(D(2026, 1, 1), 3), Point(D(2026, 1, 1), 3)], baseline=(D(2026, 1, 1), 3),
                            target=(D(2026, 1, 1), 3), as_of=D(2026, 1, 1), unit="%", title=SCRIPT),
    "roadmap": lambda: roadmap(bars(), today=D(2025, 6, 1)),
    "roadmap-outside": lambda: roadmap(bars(), today=D(2031, 1, 1), title=SCRIPT),
    "roadmap-empty": lambda: roadmap([], today=D(2025, 6, 1)),
    "roadmap-long": lambda: roadmap([Bar("x", LONG, LONG, D(2020, 1, 1), D(2040, 1, 1), "x/")], today=D(2030, 1, 1)),
    "map": lambda: alignment_map(*nodes()),
    "map-empty": lambda: alignment_map([], []),
    "map-empty-columns": lambda: alignment_map([[], [], []], [("a", "b")]),
}


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)


def local(element: ET.Element) -> str:
    return element.tag.removeprefix(NS)


def texts(root: ET.Element) -> str:
    """All visible text (text and tspan content), joined."""
    return " ".join("".join(e.itertext()) for e in root.iter(f"{NS}text"))


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return {name: make() for name, make in CASES.items()}


@pytest.mark.parametrize("name", CASES)
def test_well_formed_and_labelled(rendered, name):
    root = parse(rendered[name])
    links = any(local(e) == "a" for e in root.iter())
    assert local(root) == "svg" and root.get("role") == ("group" if links else "img")
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.get("preserveAspectRatio") == "xMinYMin meet"
    ids = {e.get("id"): local(e) for e in root.iter() if e.get("id")}
    assert ids[root.get("aria-labelledby")] == "title"
    assert ids[root.get("aria-describedby")] == "desc"
    assert root.find(f"{NS}title").text and root.find(f"{NS}desc").text


@pytest.mark.parametrize("name", CASES)
def test_safe_to_inline_in_markdown(rendered, name):
    lines = rendered[name].split("\n")
    assert all(line.strip() for line in lines), "a blank line would end the raw HTML block"
    assert not any(line.startswith("    ") for line in lines)
    assert lines[0].startswith("<svg ") and lines[-1] == "</svg>"


@pytest.mark.parametrize("name", CASES)
def test_self_contained(rendered, name):
    text = rendered[name]
    assert re.findall(r"https?://[^\s\"'<>]*", text.replace('href="https://example.org/policy"', "")) == [svg.SVG_NS]
    root = parse(text)
    assert not {"image", "use", "style", "script", "foreignObject"} & {local(e) for e in root.iter()}
    assert "@import" not in text and "xlink" not in text
    for element in root.iter():
        for name_, value in element.attrib.items():
            assert not value.startswith("url(") or value.startswith("url(#"), (name_, value)


@pytest.mark.parametrize("name", CASES)
def test_deterministic(rendered, name):
    assert CASES[name]() == rendered[name]


def test_user_text_is_escaped_never_markup(rendered):
    for name in ("sparkline-one", "kpi-flat", "roadmap", "roadmap-outside", "map"):
        root = parse(rendered[name])
        assert "script" not in {local(e) for e in root.iter()}
        assert "<script>" in " ".join(root.itertext()), name


def test_ids_differ_between_charts_on_one_page(rendered):
    def ids(name):
        return {e.get("id") for e in parse(rendered[name]).iter() if e.get("id")}
    assert not ids("roadmap") & ids("roadmap-outside")
    assert not ids("kpi") & ids("kpi-one")
    assert not ids("map") & ids("map-empty")


def test_sparkline_shows_status_in_words_and_target(rendered):
    root = parse(rendered["sparkline"])
    assert "on track" in texts(root)
    assert "on track" in root.find(f"{NS}title").text
    target = by_class(root, "pb-target")[0]
    assert target.get("stroke-dasharray") and target.get("y1") == target.get("y2")
    assert "no data" in texts(parse(rendered["sparkline-empty"]))
    quiet = parse(sparkline(POINTS, target=1, status="at risk", label="x", show_status=False))
    assert "at risk" not in texts(quiet) and "at risk" in quiet.find(f"{NS}title").text


def test_kpi_chart_parts(rendered):
    root = parse(rendered["kpi"])
    assert "Status: at risk" in texts(root)
    tips = [e.find(f"{NS}title").text for e in by_class(root, "pb-dot")]
    assert tips[0] == "1 Jan 2026: 12 applications" and len(tips) == len(POINTS)
    assert tips[-1] == "1 Jun 2026: 40 applications (latest as of 15 Jun 2026: at risk)"
    assert by_class(root, "pb-plan")[0].get("stroke-dasharray")
    assert "target 100 applications by 31 Dec 2026" in texts(root)
    assert "As of 15 Jun 2026" in texts(root)
    legend = "".join(by_class(root, "pb-legend")[0].itertext())
    assert all(word in legend for word in ("Measured", "Plan", "Target", "As-of date"))
    assert "No measurements yet" in texts(parse(rendered["kpi-empty"]))


def test_kpi_chart_marks_the_measurement_the_status_judges():
    root = parse(kpi(POINTS, as_of=D(2026, 3, 15), status="on track"))
    latest = by_class(root, "pb-latest")
    assert len(latest) == 1 and latest[0].find(f"{NS}title").text.startswith("1 Mar 2026: 25 applications")
    later = [e.find(f"{NS}title").text for e in by_class(root, "pb-later")]
    assert later == [f"1 {m} 2026: {v} applications (after the as-of date)" for m, v in (("Apr", 31), ("May", 42), ("Jun", 40))]


def test_kpi_chart_units_and_ticks():
    root = parse(kpi(POINTS, unit="%"))
    assert by_class(root, "pb-dot")[0].find(f"{NS}title").text == "1 Jan 2026: 12%"
    ticks = [e.text for e in by_class(root, "pb-tick")]
    assert "0" in ticks and "100" in ticks and "Jan 2026" in ticks


def test_roadmap_today_line_only_in_range(rendered):
    inside = parse(rendered["roadmap"])
    assert len(by_class(inside, "pb-today")) == 1
    assert "Today 1 Jun 2025" in texts(inside)
    outside = parse(rendered["roadmap-outside"])
    assert not by_class(outside, "pb-today")
    assert "Today (1 Jan 2031) is after the roadmap ends (30 Jun 2026)." in texts(outside)
    before = parse(roadmap(bars(), today=D(2020, 1, 1)))
    assert not by_class(before, "pb-today") and "before the roadmap starts" in texts(before)


def test_roadmap_bars_links_phases_and_dependencies(rendered):
    root = parse(rendered["roadmap"])
    links = [a.get("href") for a in root.iter(f"{NS}a")]
    assert links == ["../audit/", "https://example.org/policy"]  # None and javascript: are not links
    assert len(by_class(root, "pb-bar")) == 4
    phases = [" ".join(p.itertext()) for p in by_class(root, "pb-phase")]
    assert phases == ["Foundation", "Growth", "Gr\u00f6\u00dfe \u2013 \u6f22\u5b57"]
    deps = [d.find(f"{NS}title").text for d in by_class(root, "pb-dependency")]
    assert deps == ["Policy depends on Audit", "Launch day depends on Policy"]  # unknown id skipped
    assert len(by_class(root, "pb-milestone-done")) == 1 and len(by_class(root, "pb-milestone-planned")) == 1
    assert "Q1" in texts(root) and "2025" in texts(root) and "2026" in texts(root)
    zero = [e for e in by_class(root, "pb-bar") if "Launch day" in "".join(e.itertext())][0]
    assert float(zero.find(f"{NS}rect").get("width")) > 0


def test_roadmap_height_grows_with_bars():
    def height(count):
        many = [Bar(f"b{i}", f"Bar {i}", f"P{i % 3}", D(2025, 1, 1), D(2025, 6, 1), None) for i in range(count)]
        return float(parse(roadmap(many, today=D(2025, 2, 1))).get("viewBox").split()[3])
    assert height(1) < height(10) < height(100)


def test_roadmap_long_labels_truncated_with_full_title(rendered):
    root = parse(rendered["roadmap-long"])
    label = by_class(root, "pb-bar-label")[0].text
    assert label.endswith("\u2026") and len(label) < 60
    assert svg.clean(LONG) in by_class(root, "pb-bar")[0].find(f"{NS}title").text


def test_alignment_map_links_orphans_and_statuses(rendered):
    columns, _ = nodes()
    root = parse(rendered["map"])
    links = [a.get("href") for a in root.iter(f"{NS}a")]
    expected = [n.href for col in columns for n in col if n.href and not n.href.lower().startswith("javascript")]
    assert sorted(links) == sorted(expected)
    orphans = by_class(root, "pb-orphan")
    assert len(orphans) == 2
    for orphan in orphans:
        assert "unlinked" in texts(orphan)
        assert orphan.find(f"{NS}rect").get("stroke-dasharray")
    assert "at risk" in texts(root) and "off track" in texts(root)
    assert len(by_class(root, "pb-edge")) == 5  # unknown and self edges skipped
    headings = [e.text for e in by_class(root, "pb-column-heading")]
    assert headings == ["Strategies (1)", "Goals (3)", "Tactics (1)", "KPIs (2)"]


def test_alignment_map_long_label_wrapped_and_cut_with_full_title(rendered):
    root = parse(rendered["map"])
    node = [n for n in by_class(root, "pb-node") if "Goal: A very long" in n.find(f"{NS}title").text][0]
    lines = [e.text for e in by_class(node, "pb-node-label")]
    assert len(lines) == 2 and lines[-1].endswith("\u2026")
    assert svg.clean(LONG) in node.find(f"{NS}title").text


def _tops(root: ET.Element) -> dict[str, float]:
    return {n.find(f"{NS}title").text: float(n.find(f"{NS}rect").get("y")) for n in by_class(root, "pb-node")}


def test_alignment_map_orders_nodes_to_avoid_crossings():
    goals = [Node("goal:a", "A", "goal", None), Node("goal:b", "B", "goal", None)]
    kpis = [Node("kpi:b", "KB", "kpi", None), Node("kpi:a", "KA", "kpi", None)]
    tops = _tops(parse(alignment_map([goals, kpis], [("goal:a", "kpi:a"), ("goal:b", "kpi:b")])))
    assert tops["Goal: A"] < tops["Goal: B"]
    assert tops["KPI: KA"] < tops["KPI: KB"]


def test_alignment_map_with_500_kpis_grows_and_keeps_boxes_apart():
    goals = [Node(f"goal:{g}", f"Goal {g}", "goal", f"g{g}/") for g in range(10)]
    kpis = [Node(f"kpi:{k}", f"KPI {k}", "kpi", f"k{k}/") for k in range(500)]
    edges = [(f"goal:{k % 10}", f"kpi:{k}") for k in range(500)]
    root = parse(alignment_map([goals, kpis], edges))
    assert float(root.get("viewBox").split()[3]) > 500 * 50
    assert len(list(root.iter(f"{NS}a"))) == 510
    goal_tops = sorted(v for k, v in _tops(root).items() if k.startswith("goal"))
    assert all(b - a >= 50 for a, b in zip(goal_tops, goal_tops[1:]))


@pytest.mark.parametrize("href, safe", [
    ("../goals/a/", True), ("kpis/x.html#chart", True), ("#top", True), ("https://example.org/", True),
    ("HTTP://example.org/", True), ("javascript:alert(1)", False), (" JavaScript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,x", False), ("vbscript:x", False),
    ("//evil.example/", True), ("", False), (None, False), ("a\nb", True), ("java\nscript:x", False),
    ("\\\\evil.example/x", True), ("a\x00b", False),
])
def test_safe_href(href, safe):
    """Charts link like the rest of the site (`safeurl`): another host is a link like any https one."""
    assert (svg.safe_href(href) is not None) is safe


def test_text_helpers():
    assert svg.clean("a\n\n  b\x00\x0bc") == "a bc"
    assert svg.esc("<b> & c") == "&lt;b&gt; &amp; c"
    assert svg.num(-0.001) == "0" and svg.num(2.50) == "2.5" and svg.num(3.0) == "3"
    assert number(12000) == "12,000" and number(0.0345) == "0.0345" and number(42.5) == "42.5"
    assert svg.truncate("short", 100, 12) == "short"
    cut = svg.truncate("x" * 200, 100, 12)
    assert cut.endswith("\u2026") and svg.text_width(cut, 12) <= 100


def test_scales():
    ticks, decimals = nice_ticks(0, 537)
    assert ticks == [0, 200, 400, 600] and decimals == 0
    ticks, decimals = nice_ticks(5, 5)
    assert ticks[0] < 5 < ticks[-1] and decimals == 1
    labels = [label for _, label in date_ticks(D(2025, 1, 1), D(2026, 12, 31), 8)]
    assert labels == ["Jan 2025", "Apr 2025", "Jul 2025", "Oct 2025", "Jan 2026", "Apr 2026", "Jul 2026", "Oct 2026"]
    assert [label for _, label in date_ticks(D(2020, 1, 1), D(2040, 1, 1), 6)][:2] == ["2020", "2025"]
    assert len(date_ticks(D(2025, 3, 3), D(2025, 3, 20), 6)) <= 6


def _contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_meet_wcag_aa():
    backgrounds = ["#ffffff", *(fill for fill, _ in KIND_FILLS.values())]
    for colour in [*STATUS_COLOURS.values(), NODE_TEXT, ORPHAN]:
        assert all(_contrast(colour, bg) >= 4.5 for bg in backgrounds), colour
    for colour in (ACCENT, TODAY):
        assert _contrast(colour, "#ffffff") >= 4.5 and _contrast(colour, "#1e2129") >= 3, colour


def test_boxes_kept_between_drawings_give_the_drawing_made_afresh():
    """The boxes an alignment map keeps from one drawing to the next: a relabelled node, a new
    status, a node that moves, one that goes and one that comes each draw what a fresh map draws."""
    from dataclasses import replace
    columns, edges = nodes()
    kept: dict = {}
    steps = [columns,
             [columns[0], [replace(columns[1][0], label="Goal A renamed"), *columns[1][1:]], *columns[2:]],
             [*columns[:3], [replace(columns[3][0], status="on track"), columns[3][1]]],
             [columns[0], columns[1][1:], *columns[2:]],
             [columns[0], [Node("goal:new", "A new goal", "goal", "../goals/new/"), *columns[1]], *columns[2:]],
             columns]
    for step in steps:
        assert alignment_map(step, edges, boxes=kept) == alignment_map(step, edges)
    assert 0 < len(kept) <= 4 * sum(map(len, columns)) + 4
