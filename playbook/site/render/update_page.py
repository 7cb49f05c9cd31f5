""""How to update this playbook": the three ways in for owners, answer first.

An owner records a measurement with the issue form, edits in the browser with the CMS, or
changes the files with git; each way ends as a commit that the checker validates and the
owner reviews. The page links to this playbook's own repository (mkdocs.yml `repo_url`): the
issue form where the repository is on GitHub, the CMS page where the site holds one
(`SiteOptions.cms`). Without a repository address it names the ways without links. How to
change the playbook is for the people who keep it: the public edition has no such page.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from playbook.check.safe_url import is_web_address, safe_url
from playbook.check.site_paths import CMS_PATH, UPDATE_PATH
from playbook.content.model import DEFAULT_VISIBILITY
from playbook.i18n import _
from playbook.living.issue_checkin import FORM_TEMPLATE
from playbook.site.render.context import Ctx
from playbook.site.render.formats import operations
from playbook.site.render.html import el
from playbook.site.render.markdown_page import SitePage, heading, make_page


def repository(repo_url: str | None) -> str | None:
    """The repository's web address, when it is one a link may hold."""
    if not repo_url or not is_web_address(repo_url) or not safe_url(repo_url):
        return None
    return repo_url.rstrip("/")


def issue_form_url(repo: str | None) -> str | None:
    """The address that opens the check-in form: GitHub repositories only."""
    if repo is None or urlsplit(repo).hostname not in ("github.com", "www.github.com"):
        return None
    return f"{repo}/issues/new?template={FORM_TEMPLATE}"


def _way(title: str, text: str, link: tuple[str, str] | None) -> list:
    paragraph = el("p", text)
    return [heading(title), paragraph, el("p", el("a", link[0], href=link[1])) if link else None]


def update_page(ctx: Ctx, repo_url: str | None, cms: bool) -> SitePage | None:
    """The page, or None in the public edition."""
    if not ctx.view.allows(DEFAULT_VISIBILITY):
        return None
    ctx = ctx.at(UPDATE_PATH)
    repo = repository(repo_url)
    form = issue_form_url(repo)
    blocks = [el("p", _("Record a measurement with the issue form, edit in the browser, or change the files with git. "
                        "Each change arrives as a commit: the checker validates it and its owner reviews it."),
                 class_="pb-intro")]
    blocks += _way(_("Check in a measurement with the issue form"),
                   _("Choose the KPI, give the value, the date and a line of commentary. Only its owner, their deputy "
                     "or an editor can check in; a pull request follows, with the owner asked to review it."),
                   (_("Open the check-in form"), form) if form else None)
    blocks += _way(_("Edit in the browser"),
                   _("The editor shows a form for each kind, with the fields the checker asks for. Saving proposes "
                     "the change for review; nothing is published before it is approved."),
                   (_("Open the editor"), ctx.file_href(CMS_PATH)) if cms else None)
    blocks += _way(_("Change the files with git"),
                   _("Clone the repository, change the files under the content folder or run playbook measure, "
                     "and run playbook validate before you push."),
                   (_("Open the repository"), repo) if repo else None)
    if repo is None:
        blocks.append(el("p", _("This site names no repository: ask an editor where the playbook is kept."),
                         class_="pb-empty"))
    return make_page(UPDATE_PATH, _("How to update this playbook"), [b for b in blocks if b],
                     description=_("The three ways in for owners: the issue form, the editor and git."),
                     section=operations(), in_nav=True)
