"""Canary test: what an edition hides appears in no byte of any output made for it.

Every internal and confidential entity of a test playbook (one of each kind, plus a
free page) carries unique tokens in its id, title, body, every text field, its tags
and its measurement notes. A confidential and an internal person are named from public
entities in every field that can name a person (by id, and by name as text); a public
channel holds a public account with operational details, an internal and a confidential
account, and a posting plan of default visibility, each with tokens of their own.

Each edition is built with the real `playbook build` (search, tags listing and sitemap
on), and every other output is made for it with the real commands (the plan's own record in
playbook.yml names hidden people as authors and approvers, by id and by name): the briefing book
(HTML, and PDF read back as text), StratML, the JSON and CSV exports, and `playbook due`
in every format (the Markdown one is the weekly workflow's issue body, the ICS one the
calendar file); each person's calendar feed in the site is scanned with the site. The project is
a git repository with two commits, the first holding the hidden goals as public ones, so that the
"What's new" page and its Atom feed list changes the canary's tokens are in. Every byte of every
output is scanned, gzip files decompressed (the search index's shards among them). The
public edition must hold no internal or confidential token, the internal edition no
confidential one; the confidential edition holds them all, which proves the scan can
see them.
"""
from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from playbook.check.graph import values_at
from playbook.content.model import KINDS
from playbook.content.safe_yaml import read_yaml
from playbook.content.schemas import reference_fields
from playbook.i18n import number as fmt_value
from playbook.outputs import site_search
from playbook.outputs.due_list import FORMATS as DUE_FORMATS
from playbook.outputs.site_search import index_site
from playbook.site.render.long_lists import SHOWN as SHOWN_ON_A_PAGE

from .gitrepo import commit_all, init_repo
from .sitebuild import MKDOCS_YML, REPO, parse, write_project

EDITIONS = ("public", "internal", "confidential")
FOLDERS = [*KINDS.values(), "pages"]  # one hidden entity of every kind, and a free page, per level
PLACES = {"i": "id", "t": "title", "b": "body", "f": "fields", "g": "tag", "w": "waiver"}
HELD_BACK_VALUE = 8642.75  # a measurement of the public KPI whose measurements are confidential
HIDDEN_COST, OPEN_COST = 7319.43, 2468  # a public initiative's cost (internal, as every cost is) and one opened to the public
AS_OF = "2026-06-01"
GZIP = b"\x1f\x8b"


def tok(level: str, folder: str, where: str) -> str:
    """A unique token: zq, the level's initial, the entity's number, the place. zqc02tx is the
    title of the confidential goal; 'n' marks a measurement note, 'l' a link label."""
    return f"zq{level[0]}{FOLDERS.index(folder):02d}{where}x"


COMMENTARY = "commentary: [{date: '2026-05-02', why: Why FIELD, next: Next FIELD, help_needed: Help FIELD, author: Author FIELD}]\n"
"""The owner's commentary, each part and its author carrying the entity's field token."""


def hidden_entities(level: str) -> dict[str, str]:
    """One entity of every kind at `level`, wired into a valid chain of their own."""
    ids = {folder: tok(level, folder, "i") for folder in FOLDERS}
    dim = {"internal": "leadership", "confidential": "governance"}[level]

    def md(folder: str, fields: str) -> tuple[str, str]:
        t = {w: tok(level, folder, w) for w in PLACES}
        front = (f"title: {folder} {t['t']}\nsummary: Summary {t['f']}\nowner: Owner {t['f']}\n"
                 f"visibility: {level}\ntags: [{t['g']}]\n{fields.replace('FIELD', t['f'])}")
        if folder != "pages":
            front += f"waivers: [{{rule: PB215, reason: Waived {t['w']}, owner: Owner {t['f']}, expires: '2026-12-31'}}]\n"
        return f"{folder}/{ids[folder]}.md", f"---\n{front}---\nBody text {t['b']} with **emphasis**.\n"

    files = dict([
        md("strategies", "statement: Statement FIELD\nhorizon: {start: '2026-01-01', end: '2027-12-31'}\n"
                         "building_blocks: {customers: Customers FIELD, value: Value FIELD}\n"),
        md("departments", f"head: Head FIELD\nsupports: {ids['strategies']}\nsocial_media: {{role: Role FIELD}}\n"),
        md("goals", f"supports: {ids['strategies']}\ndepartment: {ids['departments']}\ndue: '2027-06-30'\n"
                    "target: Target FIELD\n" + COMMENTARY),
        md("tactics", f"serves: {ids['goals']}\nchannels: [linkedin, {ids['channels']}]\naudiences: {ids['audiences']}\n"
                      "call_to_action: Act FIELD\nworkflow: [Step FIELD]\n"),
        md("kpis", f"measures: [{ids['goals']}, win-leads]\nunit: units\ndirection: increase\n"
                   "baseline: {value: 1, date: '2026-01-01'}\ntarget: {value: 90, date: '2027-06-30'}\n"
                   "source: Source FIELD\nattribution: Attribution FIELD\ncadence: monthly\n" + COMMENTARY),
        md("audiences", f"characteristics: [Trait FIELD]\nchannels: {ids['channels']}\n"),
        md("channels", "platform: Platform FIELD\nhandle: Handle FIELD\n"),
        md("policies", f"type: procedure\nstatus: active\napprover: Approver FIELD\nreview_date: '2027-01-01'\n"
                       f"channels: {ids['channels']}\n"),
        md("initiatives", f"phase: Phase FIELD\nstart: '2026-01-01'\nend: '2027-12-31'\ndelivers: goal:{ids['goals']}\n"
                          "addresses: [qualified-leads, held-back]\n"
                          "milestones: [{title: Milestone FIELD, date: '2026-06-01', addresses: win-leads}]\n"
                          "action_items: [{title: Item FIELD, owner: Owner FIELD, due: '2026-07-01', state: open}]\n"
                          "cost: {amount: 1234, currency: EUR, period: annual}\ndetails_visibility: {cost: public}\n"
                          + COMMENTARY),
        md("maturity", f"dimension: {dim}\ncurrent: 1\ntarget: 2\nevidence: goal:{ids['goals']}\n"
                       f"initiatives: {ids['initiatives']}\ntarget_date: '2027-03-01'\n"
                       "stages: [{name: Stage FIELD, criteria: Criteria FIELD}, {name: Next FIELD, criteria: More}]\n"),
        md("relationships", f"who: partner\nvalue: Value FIELD\nserves: {ids['goals']}\nchannels: {ids['channels']}\n"),
        md("themes", f"months: [1, 2]\nchannels: {ids['channels']}\naudiences: {ids['audiences']}\nserves: {ids['goals']}\n"),
        md("people", f"position: Position FIELD\ndepartment: {ids['departments']}\nroles: [team-lead]\n"
                     "contact: {visibility: " + level + ", email: FIELD@example.org, handles: [{platform: X, handle: H FIELD}]}\n"),
        md("roles", f"responsibilities: [Duty FIELD]\nholders: [{{person: {ids['people']}}}, {{name: Name FIELD, "
                    "organization: Org FIELD, note: Note FIELD, contact: {visibility: " + level + ", phone: '+44 1 000'}}]\n"),
        md("holding-statements", f"message: Message FIELD\nmodes: incident\nchannels: {ids['channels']}\nexpires: '2027-01-01'\n"),
        md("exercises", f"date: '2026-03-01'\nmodes: incident\nparticipants: [{ids['people']}]\n"
                        f"findings: [{{finding: Finding FIELD, initiative: {ids['initiatives']}}}]\n"),
        md("risks", f"likelihood: likely\nimpact: major\nthreatens: [{ids['goals']}, win-leads]\n"
                    f"mitigation: {ids['initiatives']}\nreview_date: '2026-01-01'\n"),
        md("reviews", f"cadence: weekly\nstarts: '2026-05-04'\nmodes: incident\nparticipants: [{ids['people']}, Name FIELD]\n"
                      f"inputs: [{ids['kpis']}, {ids['channels']}, qualified-leads]\noutput: report\n"
                      "held: [{date: '2026-05-04', note: Note FIELD}, {date: '2026-05-11'}]\n"),
        md("quiet-periods", f"reason: embargo\nstart: '2026-07-01'\nend: '2026-07-31'\nchannels: {ids['channels']}\n"),
        md("pages", ""),
    ])
    note = tok(level, "kpis", "n")
    files[f"measurements/{ids['kpis']}.csv"] = f"date,value,note\n2026-04-01,30,Note {note}\n2026-05-01,40,\n"
    return files


def tokens(level: str) -> list[str]:
    """Every token of the level; a free page holds no waiver."""
    return ([tok(level, f, w) for f in FOLDERS for w in PLACES if (f, w) != ("pages", "w")]
            + [tok(level, "kpis", "n"), tok(level, "goals", "l")])


C = {folder: tok("confidential", folder, "i") for folder in FOLDERS}  # hidden ids, named from public entities
I = {folder: tok("internal", folder, "i") for folder in FOLDERS}
C_NAME, I_NAME = f"people {tok('confidential', 'people', 't')}", f"people {tok('internal', 'people', 't')}"
"""The hidden people's names, written as text where a field accepts a name."""
OPEN_URL = "https://social.example/@open"
"""The public account's profile, which the official-accounts page links with rel="me"."""
ACCOUNT_TOKENS = {"internal": ["zqiacctx", "zqiopsx", "zqipostx"], "confidential": ["zqcacctx"]}
"""An internal account's handle, a public account's operational details, a posting plan of
default visibility (internal), and a confidential account's handle."""
PUBLIC = {
    "strategies/grow-online.yml": f"title: Grow online\nvisibility: public\nstatement: Sell more online.\n"
                                  f"owner: {C['people']}\nhorizon: {{start: '2026-01-01', end: '2027-12-31'}}\n",
    "departments/sales.yml": f"title: Sales\nvisibility: public\nhead: {C['people']}\nowner: {I_NAME}\n"
                             "supports: grow-online\nsocial_media: {role: Leads}\n",
    "goals/win-leads.yml": f"title: Win leads\nvisibility: public\nsupports: grow-online\ndepartment: sales\ndue: '2027-06-30'\n"
                           f"owner: person:{C['people']}\ntags: [public-tag]\n"
                           f"commentary: [{{date: '2026-05-03', why: On plan, next: Keep going, author: {C_NAME}}}]\n",
    "tactics/webinars.yml": f"title: Webinars\nvisibility: public\nserves: win-leads\ncall_to_action: Register\n"
                            f"owner: {C_NAME}\ncost: {{amount: {OPEN_COST}, currency: EUR, period: monthly}}\n"
                            "details_visibility: {cost: public}\n"
                            f"channels: [linkedin, {tok('confidential', 'channels', 'i')}, {tok('internal', 'channels', 'i')}]\n"
                            f"audiences: [{tok('confidential', 'audiences', 'i')}]\n",
    "channels/linkedin.yml": f"title: LinkedIn\nvisibility: public\nplatform: LinkedIn\nowner: {I['people']}\naccounts:\n"
                             f"  - {{handle: '@open', visibility: public, managers: [{C['people']}, {I['people']}, Zqiopsx],\n"
                             f"     backup: {C_NAME}, custodian: {I_NAME}, use: daily zqiopsx, last_used: '2026-05-20',\n"
                             f"     access_reviewed: '2026-01-10', department: [sales, {C['departments']}], url: '{OPEN_URL}',\n"
                             f"     approval: [{{drafts: {C['people']}, reviews: {C_NAME}, publishes: [{I['people']}, {I_NAME}]}}],\n"
                             "     security: {mfa: true, tool: Tool zqiopsx, pause: Pause zqiopsx, rotated: '2026-01-10'},\n"
                             "     retention: {schedule: Schedule zqiopsx, method: Method zqiopsx, captured: '2026-05-01'}}\n"
                             "  - {handle: '@zqiacctx', managers: [Ann], backup: Bo, custodian: Cy}\n"
                             "  - {handle: '@zqcacctx', visibility: confidential, managers: [Ann], backup: Bo, custodian: Cy}\n"
                             "posting:\n  - {frequency: {per: week, min: 1}, best_practices: [Post zqipostx]}\n"
                             "  - {mode: incident, account: '@open', first_post: Soon zqipostx, listen: [Word zqipostx],\n"
                             "     interval: {every: 2, unit: hour}, weekdays: [mon]}\n",
    "kpis/qualified-leads.yml": f"title: Qualified leads\nvisibility: public\nowner: {C['people']}\nmeasures: win-leads\nunit: leads\n"
                                "direction: increase\nbaseline: {value: 10, date: '2026-01-01'}\n"
                                "target: {value: 300, date: '2027-06-30'}\nsource: CRM\ncadence: monthly\n"
                                f"commentary: [{{date: '2026-05-03', why: 'Asked {C_NAME} and {I_NAME} for leads',\n"
                                f"  author: {C['people']}}}, {{date: '2026-04-03', why: Earlier, author: {I_NAME}}}]\n",
    "kpis/held-back.yml": f"title: Held-back revenue\nvisibility: public\nmeasurements_visibility: confidential\nowner: {I['people']}\n"
                          "measures: win-leads\nunit: EUR\ndirection: increase\nbaseline: {value: 100, date: '2026-01-01'}\n"
                          "target: {value: 9000, date: '2027-06-30'}\nsource: Finance\ncadence: monthly\n",
    "measurements/qualified-leads.csv": "date,value,note\n2026-04-01,40,\n2026-05-01,60,\n",
    "measurements/held-back.csv": f"date,value,note\n2026-04-01,5000,\n2026-05-01,{HELD_BACK_VALUE},Note zqmnx\n",
    "initiatives/launch.yml": f"title: Launch\nvisibility: public\nphase: One\nstart: '2026-01-01'\nend: '2027-12-31'\n"
                              f"owner: {C_NAME}\nmilestones: [{{title: Go live, date: '2026-07-01'}}]\n"
                              f"action_items: [{{title: Call the venue, owner: {C['people']}, due: '2026-07-01', state: open}},\n"
                              f"  {{title: Book the room, owner: {C_NAME}, due: '2026-06-20'}}, {{title: Print, owner: {I_NAME}}}]\n"
                              f"cost: {{amount: {HIDDEN_COST}, currency: EUR, period: annual}}\n"
                              f"commentary: [{{date: '2026-05-03', why: Started, author: {I['people']}}}]\n"
                              "depends_on: [" + tok("confidential", "initiatives", "i") + "]\n",
    # public entities that name hidden ones through single-value fields, list fields and index columns
    "departments/ops.yml": f"title: Operations\nvisibility: public\nhead: Bo\nsupports: {C['strategies']}\n"
                           "social_media: {role: Support}\n",
    "goals/quiet-goal.yml": f"title: Quiet goal\nvisibility: public\nsupports: {I['strategies']}\n"
                            f"department: {C['departments']}\ndue: '2027-06-30'\n",
    "kpis/quiet-kpi.yml": f"title: Quiet KPI\nvisibility: public\nmeasures: [quiet-goal, {C['goals']}]\nunit: calls\n"
                          "direction: increase\nbaseline: {value: 1, date: '2026-01-01'}\n"
                          "target: {value: 9, date: '2027-06-30'}\nsource: Log\ncadence: monthly\n",
    "kpis/lone-kpi.yml": f"title: Lone KPI\nvisibility: public\nmeasures: {I['goals']}\nunit: calls\n"
                         "direction: increase\nbaseline: {value: 1, date: '2026-01-01'}\n"
                         "target: {value: 9, date: '2027-06-30'}\nsource: Log\ncadence: monthly\n",
    "tactics/quiet-tactic.yml": f"title: Quiet tactic\nvisibility: public\nserves: [quiet-goal, {C['goals']}]\n"
                                f"call_to_action: Call\nchannels: {I['channels']}\naudiences: open-audience\n",
    "audiences/open-audience.yml": f"title: Open audience\nvisibility: public\nchannels: [{C['channels']}, linkedin]\n"
                                   f"owner: {C_NAME}\n",
    "relationships/ally.yml": f"title: Ally\nvisibility: public\nwho: partner\nserves: {C['goals']}\nowner: {I['people']}\n"
                              f"channels: {I['channels']}\n",
    "policies/open-policy.yml": f"title: Open policy\nvisibility: public\ntype: policy\nstatus: active\nowner: {C['people']}\n"
                                f"approver: {I['people']}\n"
                                f"review_date: '2027-01-01'\ndepartments: [{I['departments']}]\nchannels: {C['channels']}\n",
    "maturity/open-dimension.yml": f"title: Open dimension\nvisibility: public\ndimension: culture\ncurrent: 1\nowner: {I['people']}\n"
                                   f"target: 2\nevidence: [goal:{C['goals']}, kpi:{I['kpis']}, person:{C['people']}]\n"
                                   f"target_date: '2027-03-01'\ninitiatives: [{C['initiatives']}, {I['initiatives']}, launch]\n"
                                   "stages: [{name: One, criteria: A}, {name: Two, criteria: B}]\n",
    "initiatives/follow-up.yml": f"title: Follow-up\nvisibility: public\nphase: Two\nstart: '2026-02-01'\n"
                                 f"end: '2027-06-30'\ndelivers: goal:{C['goals']}\ndepends_on: {I['initiatives']}\n",
    "people/pat.yml": "title: Pat Public\nvisibility: public\nposition: Lead\nroles: [team-lead]\n"
                      "contact: {email: zqcontactx@example.org, phone: '+44 1524 000 000', handles: [{platform: X, handle: zqhandlex}, {platform: github, handle: zqhandlex-gh}]}\n",
    "themes/open-theme.yml": f"title: Open theme\nvisibility: public\nmonths: [6, 7]\nchannels: linkedin\nserves: win-leads\n"
                             f"owner: {C['people']}\n",
    "people/sam.yml": f"title: Sam Shown\nvisibility: public\nposition: Lead\nowner: {C['people']}\ndeputy: {C['people']}\n"
                      "contact: {visibility: public, email: zqshownx@example.org}\n",
    "playbook.yml": "roles:\n  team-lead: Team lead\n  incident-decision-maker: {title: Decider, modes: [incident]}\n"
                    + "".join(f"  {tok(level, 'roles', 'i')}: Canary role {n}\n" for n, level in enumerate(("internal", "confidential")))
                    + f"plan:\n  version: Second draft by {C_NAME}\n  prepared: '2026-01-11'\n  approved: '2026-02-01'\n"
                    f"  approved_by: [{C['people']}, {C_NAME}, person:{I['people']}, Board]\n"
                    f"  authors: [{I_NAME}, {C['people']}, pat]\n  next_review: '2026-09-01'\n",
    "roles/team-lead.yml": f"title: Team lead\nvisibility: public\nowner: {C['people']}\nresponsibilities: [Lead]\n"
                           f"holders: [{{person: {C['people']}}}, {{person: {I['people']}}}, {{name: Outside Olga}}]\n",
    "exercises/open-drill.yml": f"title: Open drill\nvisibility: public\nowner: {C_NAME}\ndate: '2026-04-01'\nmodes: incident\n"
                                f"participants: [{C['people']}, {I_NAME}, pat]\n"
                                f"findings: [{{finding: Fix it, initiative: {C['initiatives']}}}, {{finding: Done, initiative: launch}}]\n",
    "holding-statements/open-statement.yml": f"title: Open statement\nvisibility: public\nowner: {I['people']}\n"
                                             f"message: We are on it.\nmodes: incident\nchannels: [linkedin, {C['channels']}]\n"
                                             "expires: '2027-01-01'\n",
    "quiet-periods/open-quiet.yml": f"title: Open quiet\nvisibility: public\nowner: {C_NAME}\nreason: election\n"
                                    f"start: '2026-08-01'\nend: '2026-08-10'\nchannels: [linkedin, {C['channels']}]\n",
    "relationships/open-partner.yml": "title: Open partner\nvisibility: public\nwho: partner\nparty: Police\nserves: win-leads\n"
                                      "modes: incident\n",
    "pages/welcome.md": "---\ntitle: Welcome\nvisibility: public\n---\n"
                        f"See [[channel:{tok('confidential', 'channels', 'i')}]], "
                        f"[[goal:{tok('confidential', 'goals', 'i')}|Label {tok('confidential', 'goals', 'l')}]]\n"
                        f"and [[goal:{tok('internal', 'goals', 'i')}|Label {tok('internal', 'goals', 'l')}]], "
                        "then [[goal:win-leads]].\n",
}
PUBLIC["risks/open-risk.yml"] = (f"title: Open risk\nvisibility: public\nowner: {C['people']}\nlikelihood: possible\n"
                                 f"impact: severe\nthreatens: [{C['goals']}, {I['initiatives']}, win-leads]\n"
                                 f"mitigation: [{C['initiatives']}, launch]\nreview_date: '2026-05-01'\n")
"""A public risk that names hidden goals, initiatives and its hidden owner."""
PUBLIC["reviews/open-review.yml"] = (f"title: Open review\nvisibility: public\nowner: {C['people']}\ncadence: monthly\n"
                                     f"starts: '2026-01-05'\nparticipants: [{C['people']}, {I['people']}, {C_NAME}]\n"
                                     f"inputs: [{C['kpis']}, {I['channels']}, qualified-leads]\noutput: decision\n"
                                     f"held: [{{date: '2026-05-05', note: 'With {C_NAME} and [[kpi:{C['kpis']}]]'}}]\n")
"""A public review that names hidden people, KPIs and channels, as references and in its record's note."""
PUBLIC["kpis/open-per-event.yml"] = (f"title: Open per-event\nvisibility: public\nowner: {C['people']}\nmeasures: win-leads\n"
                                     "unit: minutes\ndirection: decrease\nbaseline: {value: 90, date: '2026-01-01'}\n"
                                     "target: {value: 30, date: '2027-06-30'}\nsource: Log\ncadence: per-event\nmodes: incident\n")
"""A public per-event KPI: it falls due after each exercise of its mode, the hidden ones only where they are shown."""
PUBLIC["reports.yml"] = "".join(f"- date: '2026-05-0{n}'\n  meeting: Board\n  review: {tok(level, 'reviews', 'i')}\n"
                                for n, level in enumerate(("internal", "confidential"), 1))
"""Reports logged as the records of hidden reviews."""
PUBLIC["goals/draft-goal.yml"] = ("title: Draft zqidraftx\nvisibility: public\ndraft: true\nsupports: grow-online\n"
                                  "department: sales\ntarget: Target zqidraftx\n")
"""A draft marked public: a draft is never public, so its token is an internal one."""
for level in ("internal", "confidential"):  # what falls due for a public person, in their calendar feed
    PUBLIC[f"policies/feed-{level}.yml"] = (f"title: Feed zq{level[0]}feedx\nvisibility: {level}\ntype: policy\n"
                                            "status: active\nowner: sam\napprover: pat\nreview_date: '2026-07-01'\n")
PUBLIC = {name: text + (f"waivers: [{{rule: PB202, reason: Ask {C_NAME} or {I_NAME}, owner: {C['people']}, "
                       "expires: '2026-12-31'}]\n" if name.endswith(".yml") and "/" in name else "") for name, text in PUBLIC.items()}
"""Every public entity waives a finding on behalf of a hidden person, named by id and by name."""
DOCS_TAGS = "# Tags\n\n<!-- material/tags -->\n"
TOKENS = {level: tokens(level) + ACCOUNT_TOKENS[level] for level in ("internal", "confidential")}
TOKENS["internal"] += ["zqidraftx", "zqifeedx"]
TOKENS["confidential"].append("zqcfeedx")


def playbook(project, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "playbook", *args, "--as-of", AS_OF], cwd=project,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def build_edition(project, edition: str):
    site = project / f"site-{edition}"
    playbook(project, "build", "--edition", edition, "--site-dir", str(site))
    return site


def other_outputs(project, edition: str) -> dict[str, bytes]:
    """Every output other than the site, made for the edition: book, StratML, exports, due lists,
    and (internal) the check-in issue form."""
    out = project / f"out-{edition}"
    playbook(project, "report", "--edition", edition, "--out", str(out / "book.html"))
    playbook(project, "report", "--edition", edition, "--out", str(out / "book.pdf"))
    playbook(project, "export", "--format", "stratml", "--edition", edition, "--out", str(out / "stratml.xml"))
    playbook(project, "export", "--format", "json", "--edition", edition, "--out", str(out / "export.json"))
    playbook(project, "export", "--format", "csv", "--edition", edition, "--out", str(out / "csv"))
    outputs = {f"out/{path.relative_to(out).as_posix()}": path.read_bytes().lower()
               for path in sorted(out.rglob("*")) if path.is_file()}
    outputs["out/book.pdf.txt"] = "\n".join(page.extract_text() for page in PdfReader(out / "book.pdf").pages).lower().encode()
    for form in DUE_FORMATS:
        outputs[f"out/due.{form}"] = playbook(project, "due", "--edition", edition, "--format", form).lower().encode()
    cms = subprocess.run([sys.executable, "-m", "playbook", "cms"], cwd=project, capture_output=True, timeout=60, check=True)
    outputs["out/cms-config.yml"] = cms.stdout.lower()  # the editor's configuration names no entity of any edition
    if edition == "internal":  # the check-in form lists the KPIs the internal edition shows
        playbook(project, "checkin-form")
        outputs["out/checkin-form.yml"] = (project / ".github" / "ISSUE_TEMPLATE" / "checkin.yml").read_bytes().lower()
    return outputs


def output_bytes(site) -> dict[str, bytes]:
    """Every output file's bytes, gzip files decompressed whatever their name, lowercased for the scan."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        out[path.relative_to(site).as_posix()] = (gzip.decompress(data) if data[:2] == GZIP else data).lower()
    return out


def search_shards(outputs: dict[str, bytes]) -> bytes:
    """Every shard of the search index, decompressed, in one piece."""
    return b"\n".join(data for name, data in outputs.items() if name.startswith("pagefind/") and ".pf_" in name)


def found(outputs: dict[str, bytes], tokens) -> dict[str, list[str]]:
    """token -> the output files holding it."""
    hits = {t: [name for name, data in outputs.items() if t.encode() in data] for t in tokens}
    return {t: names for t, names in hits.items() if names}


LATER = ("goals/win-leads.yml", "kpis/qualified-leads.yml", "initiatives/launch.yml", "measurements/")
"""Public files the history's second commit adds: the "What's new" page and feed list them."""


def earlier(files: dict[str, str]) -> dict[str, str]:
    """The content a commit before: the LATER files not yet there, the public policy under review
    another day, and the hidden goals still public (their old titles must not reach an edition
    that hides them now)."""
    first = {name: text for name, text in files.items() if not name.startswith(LATER)}
    first["policies/open-policy.yml"] = files["policies/open-policy.yml"].replace("2027-01-01", "2026-12-01")
    for level in ("internal", "confidential"):
        name = f"goals/{tok(level, 'goals', 'i')}.md"
        first[name] = files[name].replace(f"visibility: {level}", "visibility: public")
    return first


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The canary project, with a git history of two commits in the "What's new" window."""
    files = {**PUBLIC, **hidden_entities("internal"), **hidden_entities("confidential")}
    folder = tmp_path_factory.mktemp("canary")
    project = write_project(init_repo(folder), earlier(files),
                            mkdocs_yml="site_url: https://playbook.example/\n" + MKDOCS_YML.format(options=""))
    (project / "docs" / "tags.md").write_text(DOCS_TAGS, encoding="utf-8")
    commit_all(project, "Start", date="2026-05-10T09:00:00+00:00")
    write_project(project, files, mkdocs_yml="site_url: https://playbook.example/\n" + MKDOCS_YML.format(options=""))
    commit_all(project, "Everything", date="2026-05-20T09:00:00+00:00")
    return project


@pytest.fixture(scope="module")
def editions(project):
    """edition -> (site folder, every output's bytes: the site's files and `out/...` for the others)."""
    return {edition: (build_edition(project, edition),
                      {**output_bytes(project / f"site-{edition}"), **other_outputs(project, edition)})
            for edition in EDITIONS}


def test_the_scan_covers_search_sitemap_tags_and_404(editions):
    for site, outputs in editions.values():
        assert {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html", "tags/index.html"} <= set(outputs)
        shards = [name for name in outputs if name.startswith("pagefind/") and ".pf_" in name]
        assert {"pf_meta", "pf_index", "pf_fragment"} <= {name.rsplit(".", 1)[1] for name in shards}
        assert all(outputs[name].startswith(b"pagefind_dcd") for name in shards)  # read decompressed
    _, public = editions["public"]
    assert b"public-tag" in public["tags/index.html"] and b"win leads" in search_shards(public)


def test_public_edition_holds_no_hidden_token(editions):
    _, outputs = editions["public"]
    assert found(outputs, TOKENS["confidential"] + TOKENS["internal"]) == {}


HIDES = {"public": TOKENS["confidential"] + TOKENS["internal"], "internal": TOKENS["confidential"], "confidential": []}


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_search_index_in_shards_holds_what_its_edition_shows_and_nothing_it_hides(editions, tmp_path, monkeypatch, edition):
    """A large site's index comes in shards; the edition's site indexed again in shards of a few
    pages: no shard holds a token the edition hides, and the shards hold the search's tokens."""
    site, outputs = editions[edition]
    sharded = tmp_path / "site"
    shutil.copytree(site, sharded)
    monkeypatch.setattr(site_search, "SHARD_PAGES", 4)
    index_site(sharded)
    again = output_bytes(sharded)
    assert len({name.split("/")[1] for name in again if name.startswith("pagefind/shard-")}) >= 3
    assert found(again, HIDES[edition]) == {}
    assert search_shards(again) != search_shards(outputs)
    for level in [level for level in ("internal", "confidential") if not set(TOKENS[level]) & set(HIDES[edition])]:
        assert tok(level, "goals", "t").encode() in search_shards(again)
    assert b"win leads" in search_shards(again)


def test_internal_edition_holds_no_confidential_token_but_every_internal_one(editions):
    _, outputs = editions["internal"]
    assert found(outputs, TOKENS["confidential"]) == {}
    assert set(found(outputs, TOKENS["internal"])) == set(TOKENS["internal"])


def test_confidential_edition_holds_every_token(editions):
    _, outputs = editions["confidential"]
    tokens = TOKENS["confidential"] + TOKENS["internal"]
    assert set(found(outputs, tokens)) == set(tokens)
    for where in ("i", "t", "f", "g"):  # the search index and the tags listing see them too
        assert tok("confidential", "goals", where).encode() in search_shards(outputs), where
    assert tok("confidential", "goals", "g").encode() in outputs["tags/index.html"]
    assert tok("confidential", "goals", "i").encode() in outputs["sitemap.xml"]


def test_held_back_measurements_show_the_definition_only(editions):
    shown, exact = fmt_value(HELD_BACK_VALUE).encode(), repr(HELD_BACK_VALUE).encode()
    for edition in ("public", "internal"):
        site, outputs = editions[edition]
        page = outputs["kpis/held-back/index.html"]
        assert b"held-back revenue" in page and b"9,000" in page  # the definition: title and target
        assert b"measurements not published" in page
        assert found(outputs, ["zqmnx"]) == {}
        assert not any(shown in data or exact in data for data in outputs.values()), edition
    page = editions["confidential"][1]["kpis/held-back/index.html"]
    assert shown in page and exact in page and b"zqmnx" in page


def test_references_to_hidden_entities_are_plain_text(editions):
    site, outputs = editions["public"]
    for page in ("tactics/webinars/index.html", "pages/welcome/index.html", "initiatives/launch/index.html"):
        html = outputs[page].decode()
        assert "a restricted item" in html, page
        hrefs = parse(site / page).hrefs()
        assert not [h for h in hrefs if "zq" in h], page
    welcome = outputs["pages/welcome/index.html"].decode()
    assert welcome.count("a restricted item") == 3 and 'href="../../goals/win-leads/"' in welcome
    restricted = re.findall(r"<span class=\"pb-restricted\">([^<]*)</span>", outputs["tactics/webinars/index.html"].decode())
    assert restricted and set(restricted) == {"a restricted item"}


def test_hidden_entities_have_no_page_and_no_sitemap_entry(editions):
    for edition, hidden in (("public", ("internal", "confidential")), ("internal", ("confidential",))):
        site, outputs = editions[edition]
        for level in hidden:
            assert not [name for name in outputs if f"zq{level[0]}" in name], (edition, level)
        assert outputs["sitemap.xml"].count(b"<loc>") == sum(name.endswith("index.html") and name != "404.html"
                                                             for name in outputs)


def test_token_counts_per_edition(editions, record_property):
    counts = {}
    for edition, (_, outputs) in editions.items():
        counts[edition] = {level: len(found(outputs, TOKENS[level])) for level in TOKENS}
        record_property(f"tokens_{edition}", counts[edition])
    total = {level: len(TOKENS[level]) for level in TOKENS}
    assert counts == {"public": {"internal": 0, "confidential": 0},
                      "internal": {"internal": total["internal"], "confidential": 0},
                      "confidential": total}


def test_contact_details_follow_their_own_visibility(editions):
    _, public = editions["public"]
    _, internal = editions["internal"]
    assert found(public, ["zqcontactx", "zqhandlex"]) == {}
    assert b"pat public" in public["people/pat/index.html"] and b"zqshownx@example.org" in public["people/sam/index.html"]
    assert set(found(internal, ["zqcontactx", "zqhandlex"])) == {"zqcontactx", "zqhandlex"}


def test_every_field_that_can_name_a_person_names_a_hidden_one():
    """The canary reaches every person field the schemas declare: a new one must join it."""
    hidden = {C["people"], I["people"], f"person:{C['people']}", C_NAME, I_NAME}
    named = set()
    for name, text in PUBLIC.items():
        folder = name.split("/")[0]
        kind = next((k for k, f in KINDS.items() if f == folder), None)
        data = read_yaml(text).value if kind else {}
        for field in (f for f in reference_fields() if f.kind == kind and "person" in f.targets):
            if any(value in hidden for _, value in values_at(data, field.path)):
                named.add((kind, field.path))
    wanted = {(f.kind, f.path) for f in reference_fields() if "person" in f.targets}
    assert wanted - named == set()


def test_whats_new_and_its_feed_are_scanned_in_every_edition(editions):
    for edition, (_, outputs) in editions.items():
        page, feed = outputs["whats-new/index.html"], outputs["whats-new.xml"]
        assert b"qualified leads" in page and b"win leads" in page and b"open policy</a> was updated" in page, edition
        assert b"qualified leads" in feed and b"<entry>" in feed, edition
    _, confidential = editions["confidential"]
    assert tok("confidential", "goals", "t").encode() in confidential["whats-new/index.html"]
    assert tok("confidential", "kpis", "f").encode() in confidential["whats-new.xml"]  # its commentary


def test_every_output_is_scanned(editions):
    for edition, (_, outputs) in editions.items():
        names = {n for n in outputs if n.startswith("out/")}
        assert {"out/book.html", "out/book.pdf.txt", "out/stratml.xml", "out/export.json", "out/csv/entities.csv",
                "out/due.text", "out/due.json", "out/due.markdown", "out/due.ics", "out/cms-config.yml"} <= names, edition
        assert b"win leads" in outputs["out/book.pdf.txt"] and b"grow online" in outputs["out/stratml.xml"]
        feeds = {n for n in outputs if n.startswith("calendars/")}
        assert feeds == (set() if edition == "public" else {"calendars/pat.ics", "calendars/sam.ics"}
                         | ({f"calendars/{I['people']}.ics"} if edition != "public" else set())
                         | ({f"calendars/{C['people']}.ics"} if edition == "confidential" else set())), edition


def test_the_calendar_feeds_hold_what_the_edition_shows(editions):
    assert b"zqifeedx" in editions["internal"][1]["calendars/sam.ics"]
    assert found(editions["internal"][1], ["zqcfeedx"]) == {}
    assert b"zqcfeedx" in editions["confidential"][1]["calendars/sam.ics"]


def test_operational_details_stay_internal(editions):
    _, public = editions["public"]
    _, internal = editions["internal"]
    assert b"@open" in public["channels/linkedin/index.html"]  # the public account is listed
    assert found(public, ["daily zqiopsx", "2026-01-10"]) == {}
    assert "accounts/index.html" not in public and "due/index.html" not in public
    assert found(internal, ["zqiopsx", "zqipostx", "zqiacctx"]).keys() == {"zqiopsx", "zqipostx", "zqiacctx"}
    assert b"2026-01-10" in internal["accounts/index.html"] or b"10 jan 2026" in internal["accounts/index.html"]


def test_no_due_date_is_worked_out_from_withheld_measurements(editions):
    for edition in ("public", "internal"):
        items = json.loads(editions[edition][1]["out/due.json"])
        assert "held-back" not in [i["id"] for i in items if i["what"] == "measurement"], edition
    items = json.loads(editions["confidential"][1]["out/due.json"])
    assert ("measurement", "held-back", "2026-06-01") in [(i["what"], i["id"], i["date"]) for i in items]


def test_official_accounts_page_and_file_list_the_shown_accounts_with_four_facts(editions):
    schema = json.loads((REPO / "playbook/content/schemas/official-accounts.schema.json").read_text())
    handles = {"public": ["@open"], "internal": ["@open", "@zqiacctx"], "confidential": ["@open", "@zqcacctx", "@zqiacctx"]}
    for edition, (site, outputs) in editions.items():
        data = json.loads((site / "official-accounts.json").read_text(encoding="utf-8"))
        Draft202012Validator(schema).validate(data)
        assert [a["handle"] for a in data["accounts"]] == handles[edition], edition
        owners = "Sales" if edition != "confidential" else f"Sales, departments {tok('confidential', 'departments', 't')}"
        assert data["accounts"][0] == {"platform": "LinkedIn", "handle": "@open", "url": OPEN_URL, "department": owners}
        page = parse(site / "official-accounts" / "index.html")
        assert [a for t, a in page.elements if t == "a" and a.get("rel") == "me"] == [{"href": OPEN_URL, "class": "pb-external", "rel": "me"}]
        assert "official-accounts.json" in outputs and "official-accounts/index.html" in outputs


def test_quiet_periods_reach_the_calendar_of_the_editions_that_show_them(editions):
    _, public = editions["public"]
    _, confidential = editions["confidential"]
    assert b"open quiet" in public["calendar/index.html"] and b"quiet-periods/open-quiet/" in public["calendar/index.html"]
    assert tok("confidential", "quiet-periods", "t").encode() in confidential["calendar/index.html"]


def test_a_per_event_kpi_falls_due_after_the_exercises_the_edition_shows(editions):
    """The canary would pass vacuously if nothing fell due: each edition lists the follow-ups of its own exercises."""
    for edition, levels in (("internal", ("internal",)), ("confidential", ("internal", "confidential"))):
        due = json.loads(editions[edition][1]["out/due.json"])
        after = {i["detail"] for i in due if i["id"] == "open-per-event"}
        assert {f"exercises {tok(level, 'exercises', 't')}" for level in levels} <= after, (edition, after)


def test_costs_stay_internal_unless_opened_to_the_public(editions):
    hidden = (b"7,319.43", b"7319.43", b"7.319,43")
    _, public = editions["public"]
    assert [name for name, data in public.items() if any(h in data for h in hidden)] == []
    assert "\u20ac2,468 a month".encode() in public["roadmap/index.html"]  # opened: the tactic's cost, its strategy's total
    assert "\u20ac2,468 a month".encode() in public["out/book.html"]
    for edition in ("internal", "confidential"):
        _, outputs = editions[edition]
        for name in ("roadmap/index.html", "initiatives/launch/index.html", "out/book.html", "out/book.pdf.txt"):
            assert b"7,319.43" in outputs[name], (edition, name)


def test_action_items_reach_every_edition_that_shows_their_initiative(editions):
    for edition, (_, outputs) in editions.items():
        for name in ("roadmap/index.html", "initiatives/launch/index.html", "out/book.html"):
            assert b"call the venue" in outputs[name] and b"book the room" in outputs[name], (edition, name)
        assert b"action item" in outputs["out/due.text"], edition
    page = editions["public"][1]["initiatives/launch/index.html"].decode()
    assert page.count("a restricted item") >= 3  # the owners of the three items are hidden people


def long_lists(level_of_hidden: dict[str, str]) -> dict[str, str]:
    """A public initiative that delivers more goals than an entity page names, hidden ones among
    them, and a public goal that more initiatives deliver, hidden ones among them: the entity pages
    cut both lists short and the kinds' index pages list them whole."""
    files = {"playbook.yml": "rules:\n  PB202: off\n  PB104: off\n",
             "strategies/grow.yml": "title: Grow\nvisibility: public\nstatement: Grow.\n"
                                    "horizon: {start: '2026-01-01', end: '2027-12-31'}\n",
             "departments/sales.yml": "title: Sales\nvisibility: public\nhead: Bo\nsupports: grow\nsocial_media: {role: Leads}\n"}
    goal = "supports: grow\ndepartment: sales\ndue: '2027-06-30'\n"
    names = [f"filler-{n:02d}" for n in range(SHOWN_ON_A_PAGE + 2)]
    for name in names:
        files[f"goals/{name}.yml"] = f"title: Goal {name}\nvisibility: public\n{goal}"
        files[f"initiatives/{name}.yml"] = (f"title: Initiative {name}\nvisibility: public\nphase: One\nstart: '2026-01-01'\n"
                                            "end: '2027-12-31'\ndelivers: filler-00\n")
    for token, level in level_of_hidden.items():
        files[f"goals/{token}g.yml"] = f"title: Goal {token}t\nvisibility: {level}\nsummary: {token}f\n{goal}"
        files[f"initiatives/{token}i.yml"] = (f"title: Initiative {token}t\nvisibility: {level}\nphase: {token}f\n"
                                              "start: '2026-01-01'\nend: '2027-12-31'\ndelivers: filler-00\n")
    delivers = [f"{token}g" for token in level_of_hidden] + names
    files["initiatives/wide.yml"] = (f"title: Wide\nvisibility: public\nphase: One\nstart: '2026-01-01'\n"
                                     f"end: '2027-12-31'\ndelivers: [{', '.join(delivers)}]\n")
    return files


def test_long_lists_cut_short_and_listed_whole_hold_no_hidden_token(tmp_path):
    hidden = {"zqclongx": "confidential", "zqilongx": "internal"}
    project = write_project(tmp_path, long_lists(hidden), mkdocs_yml=MKDOCS_YML.format(options=""))
    for edition, hidden_tokens in (("public", list(hidden)), ("internal", ["zqclongx"])):
        site = build_edition(project, edition)
        outputs = output_bytes(site)
        assert b'class="pb-more"' in outputs["initiatives/wide/index.html"]
        assert b'class="pb-more"' in outputs["goals/filler-00/index.html"]
        assert b'id="all-wide--delivers"' in outputs["initiatives/index.html"]
        assert b'id="all-filler-00--delivered-by"' in outputs["goals/index.html"]
        assert found(outputs, hidden_tokens) == {}, edition
    assert set(found(output_bytes(build_edition(project, "confidential")), list(hidden))) == set(hidden)
