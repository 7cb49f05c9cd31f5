"""The page of one entity: what it is, where it sits in the chain, what points to it.

Every kind gets the same page: a header line (kind, owner, status), the summary, the
sanitised body, the chain up and down (`chain.chain`), every other field
(`fields.details`) and the backlinks from the derived relations (`View.incoming`,
labelled by the inverse name; like the chain, they name other pages, each found by search on
its own page, and are left out of search). Some kinds add a section of their own: the alignment
statement (goal), status, chart and measurements (KPI), what is mine (person), the numbered
action items (initiative) and what applies here (department, channel). The owner's latest
commentary (KPI, goal, initiative) follows the summary.

Each relation is shown once: a field or backlink naming only entities the chain or "What
is mine" already lists is left out, and a section with nothing left is not shown. What
only editors need (`kind:id`, so search finds the id, visibility, file, a KPI's import
rule, who may see a cost, the file's git history, and "Edit this file" where mkdocs.yml
gives the repository's edit address) is folded into one "For editors" block at the end.
"""
from __future__ import annotations

from markdown.extensions.toc import slugify
from markupsafe import Markup

from playbook.check.safe_url import is_web_address, safe_url
from playbook.check.site_paths import edit_url, entity_path
from playbook.content.dates import parse_date
from playbook.content.model import Entity
from playbook.content.schemas import fields_of, kind_schema
from playbook.i18n import _
from playbook.i18n.terms import value_text
from playbook.living.file_history import Commit
from playbook.site.render.action_items import action_item_blocks
from playbook.site.render.applies import applies_blocks
from playbook.site.render.body import body_html
from playbook.site.render.chain import chain, chained
from playbook.site.render.commentary import commentary_blocks
from playbook.site.render.context import Ctx
from playbook.site.render.fields import details, value
from playbook.site.render.formats import badge, date, kind_title, label
from playbook.site.render.html import admonition, dl, el, join, ul
from playbook.site.render.html import details as fold
from playbook.site.render.kpi import kpi_blocks
from playbook.site.render.long_lists import bounded
from playbook.site.render.markdown_page import SitePage, heading, make_page
from playbook.site.render.modes import mode_note
from playbook.site.render.scorecard import method_heading
from playbook.site.render.statement import statement
from playbook.site.render.team import holdings, person_blocks


def status_method(ctx: Ctx) -> str:
    """The link to the scorecard's status method, whose anchor follows its heading's words."""
    return ctx.href("scorecard.md", slugify(method_heading(), "-"))


def header(entity: Entity, ctx: Ctx) -> Markup:
    parts = [el("span", kind_title(entity.kind), class_="pb-kind")]
    if entity.data.get("owner"):
        owner = value(entity, entity.data["owner"], {}, ("owner",), ctx)
        parts.append(el("span", _("{label}: {value}", label=label("owner"), value=owner), class_="pb-owner"))
    status = ctx.status_of(entity)
    if status:
        parts.append(badge(status))
    if entity.draft:
        parts.append(el("span", _("Draft: counted in no roll-up"), class_="pb-state pb-state--draft"))
    return el("p", Markup(" ").join(parts), class_="pb-meta")


def findings(entity: Entity, ctx: Ctx) -> Markup | None:
    """What the checker found about this entity (a vague goal, an overdue review, stale
    data, an account without a backup), so readers see what editors see."""
    found = ctx.view.findings.get(entity.file, [])
    return admonition("warning pb-findings", _("What the checker found"), ul(found)) if found else None


def listed_elsewhere(entity: Entity, ctx: Ctx) -> set[tuple[str, str]]:
    """The entities the page already names in its chain or under "What is mine"."""
    if entity.kind == "person":
        return {e.key for __, members in holdings(entity, ctx) for e in members}
    return chained(entity, ctx)


def repeated_fields(entity: Entity, ctx: Ctx, listed: set) -> set[str]:
    """The reference fields whose every value names an entity the page lists elsewhere."""
    out = set()
    for ref in (f for f in fields_of(entity.kind) if len(f.path) == 1 and f.path[0] in entity.data):
        written = entity.data[ref.path[0]]
        targets = ctx.view.related(entity, ref.path[0])
        count = len(written) if isinstance(written, list) else 1
        if targets and len(targets) == count and all(t.key in listed for t in targets):
            out.add(ref.path[0])
    return out


def backlinks(entity: Entity, ctx: Ctx, listed: set = frozenset()) -> list:
    pairs = [(label(name), join(bounded([ctx.link(s) for s in kept], entity, name, ctx)))
             for name, sources in ctx.view.incoming(entity).items() if (kept := [s for s in sources if s.key not in listed])]
    return [heading(_("Referenced by")), dl(pairs, class_="pb-backlinks", data_search_exclude=True)] if pairs else []


def kind_blocks(entity: Entity, ctx: Ctx) -> list:
    if entity.kind == "person":
        return person_blocks(entity, ctx)
    if entity.kind == "goal":
        return [admonition("abstract pb-statement-box", _("Alignment statement"), statement(entity, ctx))]
    if entity.kind == "kpi":
        return kpi_blocks(entity, ctx, status_method(ctx))
    if entity.kind == "initiative" and entity.data.get("action_items"):
        return [heading(label("action_items")), *action_item_blocks([entity], ctx, with_initiative=False)]
    return applies_blocks(entity, ctx)


def history_blocks(commits: list[Commit] | None) -> list:
    """When the entity's file last changed and by whom, then its latest commits."""
    if not commits:
        return []
    last = commits[0]
    items = [Markup("{} {}: {}").format(_commit_date(c), c.author, c.subject) for c in commits]
    return [el("p", el("strong", _("History")), class_="pb-history-title"),
            el("p", _("Last changed {date} by {author}.", date=_commit_date(last), author=last.author), class_="pb-last-changed"),
            ul(items, class_="pb-history")]


def edit_link(entity: Entity, ctx: Ctx) -> Markup | None:
    """'Edit this file' on the repository's site, when mkdocs.yml says where and the address is a web address."""
    address = edit_url(ctx.edit_base, entity.file) if ctx.edit_base else None
    if not is_web_address(address) or safe_url(address) is None:
        return None
    return el("p", el("a", _("Edit this file"), href=address, class_="pb-edit", rel="noopener"), class_="pb-edit-line")


def for_editors(entity: Entity, ctx: Ctx, commits: list[Commit] | None) -> Markup:
    """The id, visibility, file, import rule, cost visibility, edit link and git history, folded away."""
    facts = [(_("Id"), el("code", f"{entity.kind}:{entity.id}", class_="pb-id")),
             (label("visibility"), value_text(entity.visibility)), (_("File"), el("code", entity.file))]
    for name in ("import", "details_visibility"):
        if entity.data.get(name) is not None:
            spec = kind_schema(entity.kind).get("properties", {}).get(name, {})
            facts.append((label(name), value(entity, entity.data[name], spec, (name,), ctx)))
    return fold(_("For editors"), dl(facts, class_="pb-editor-facts"), edit_link(entity, ctx), *history_blocks(commits),
                kind="info pb-editors")


def _commit_date(commit: Commit) -> Markup:
    return date(commit.date) if parse_date(commit.date) else el("time", commit.date, datetime=commit.date)


def entity_page(entity: Entity, ctx: Ctx, history: list[Commit] | None = None) -> SitePage:
    path = entity_path(entity.kind, entity.id)
    ctx = ctx.at(path)
    summary = entity.data.get("summary")
    listed = listed_elsewhere(entity, ctx)
    first = [mode_note(entity, ctx), el("p", str(summary), class_="pb-summary") if summary else None, findings(entity, ctx),
             *commentary_blocks(entity, ctx)]
    if entity.kind == "goal":
        first += kind_blocks(entity, ctx)
    first.append(body_html(entity.body or entity.data.get("body"), ctx, entity.file))
    if entity.kind != "goal":
        first += kind_blocks(entity, ctx)
    above_below = chain(entity, ctx)
    blocks = first + ([heading(_("Chain")), above_below] if above_below else [])
    fields = details(entity, ctx, hide=repeated_fields(entity, ctx, listed) | {"action_items"})
    blocks += ([heading(_("Details")), fields] if fields else []) + backlinks(entity, ctx, listed)
    blocks.append(for_editors(entity, ctx, history))
    tags = [str(t) for t in entity.data.get("tags") or [] if isinstance(t, str)]
    return make_page(path, entity.title, blocks, description=str(summary) if summary else None, tags=tags,
                     section=kind_title(entity.kind, plural=True), in_nav=False, source=entity.file, boost=2,
                     subtitle=header(entity, ctx))
