"""Write a deterministic synthetic playbook of N entities, for benchmarks and scale tests.

`python -m benchmarks generate --entities N --out DIR` writes DIR/content/ (every kind
in the proportions of SHARES, Markdown bodies on some kinds, 12 to 36 monthly
measurements per KPI, a few free pages) and DIR/mkdocs.yml (the one `playbook init`
writes). The same N always gives the same files (fixed seed), every reference
resolves, and the result validates with no problem as of AS_OF.
"""
from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path

from playbook.content.model import KINDS, slugify

SEED = 20260601
AS_OF = "2026-06-01"
"""The generated data is current as of this date (latest measurement 2026-05-01)."""
HORIZON = ("2025-01-01", "2028-12-31")
SHARES = {"strategy": 2, "department": 5, "goal": 15, "tactic": 25, "kpi": 20, "audience": 6,
          "channel": 5, "policy": 8, "initiative": 8, "maturity": 4, "relationship": 2, "person": 3, "theme": 2,
          "role": 0, "holding": 0, "exercise": 0, "quiet": 0, "risk": 0, "review": 0}
"""Entities of each kind per 100 (tactics take up any remainder); a kind with no share has one."""
MARKDOWN_KINDS = {"strategy", "policy", "goal", "initiative"}
"""Kinds written as Markdown with a body (every other goal and initiative, every strategy and policy)."""

SKELETON_MKDOCS_YML = resources.files("playbook.scaffold") / "skeleton" / "mkdocs.yml"
"""The generated mkdocs.yml is the one `playbook init` writes (theme, plugins, Markdown extensions)."""

PRODUCTS = ["repair bookings", "rental kits", "pre-owned sales", "workshop clinic places", "gift cards",
            "loyalty sign-ups", "store visits", "newsletter sign-ups", "job applications", "event tickets",
            "trade-in offers", "care plans", "hire reservations", "click-and-collect orders"]
GOAL_FORMS = ["Reach {n} {p} a month", "Win {n} {p} from social", "Double {p} by {y}", "Sell {n} {p} a quarter",
              "Cut the cost per {p1} by {k}%", "Answer {k}% of questions about {p} within two hours"]
PLATFORMS = ["LinkedIn", "Instagram", "Facebook", "YouTube", "TikTok", "WhatsApp Business", "Pinterest",
             "Threads", "Mastodon", "Google Business Profile"]
DEPARTMENTS = ["Sales", "Customer Care", "Marketing", "People and Culture", "Finance", "Repair Workshop",
               "Retail Stores", "Buying", "Logistics", "Legal", "IT", "Product", "Events", "Hire Desk"]
AUDIENCES = ["Fell walkers", "Students", "Young families", "Trade buyers", "Local residents", "Job seekers",
             "Climbers", "Cyclists", "Retirees", "Campers", "Trail runners", "Scout leaders"]
CTAS = ["Book a repair online", "Reserve a kit", "Register for the clinic", "Apply on the jobs tab",
        "Join the waiting list", "Download the checklist", "Send us a message", "Leave a review",
        "Subscribe to the newsletter", "Shop the pre-owned range", "Trade in your old jacket"]
POLICY_TOPICS = ["Social media policy", "Response protocol", "Brand voice guidelines", "Crisis escalation",
                 "Employee advocacy", "Training plan", "Community moderation", "Influencer disclosure",
                 "Data and privacy on social", "Accessibility of posts", "Paid social approval", "Account security"]
PHASES = ["Foundation", "Growth", "Scale", "Renewal"]
PEOPLE = ["Ada Park", "Ben Ortiz", "Cara Singh", "Dev Patel", "Ema Novak", "Finn Walsh", "Gwen Hughes",
          "Hari Rao", "Iris Berg", "Jon Meyer", "Kemi Ade", "Lars Holm"]
SENTENCES = [
    "The team reviews the numbers every month and adjusts the plan where it lags.",
    "Customers tell us where they spend their time online, and we meet them there.",
    "Each post asks for one thing only, so the result can be measured.",
    "Store staff answer questions in the quiet hours between customers.",
    "We publish what worked and what did not in the monthly review.",
    "Budgets follow results: money moves to the tactics that deliver.",
    "Replies are friendly, short and signed with a first name.",
    "The plan names an owner for every step and a date for every milestone.",
    "Data comes from the shop system and the platforms' own analytics.",
    "New starters learn the routine in their first week.",
]


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def counts(n: int) -> dict[str, int]:
    if n < 30:
        raise ValueError("a synthetic playbook needs at least 30 entities")
    out = {kind: max(1, n * share // 100) for kind, share in SHARES.items()}
    out["tactic"] += n - sum(out.values())
    return out


def short_slug(title: str, limit: int = 48) -> str:
    """The title's slug, cut at a word boundary to at most `limit` characters."""
    slug = slugify(title)
    return slug if len(slug) <= limit else slug[:limit + 1].rsplit("-", 1)[0]


def month(start: str, months: int) -> str:
    """The first of the month `months` after the month of `start` (YYYY-MM-DD)."""
    year, mon = int(start[:4]), int(start[5:7]) - 1 + months
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}-01"


class Playbook:
    """Builds the files of one synthetic playbook; `files` maps content paths to text."""

    def __init__(self, n: int, seed: int = SEED):
        self.rng = random.Random(seed)
        self.count = counts(n)
        self.titles = {kind: [self.title(kind, i) for i in range(c)] for kind, c in self.count.items()}
        self.ids = {kind: [f"{short_slug(t)}-{i + 1}" for i, t in enumerate(titles)] for kind, titles in self.titles.items()}
        self.ids["role"] = ["team-lead"]  # a role's file is named for a role playbook.yml knows
        self.files: dict[str, str] = {}

    def pick(self, kind: str, k: int = 1) -> list[str]:
        ids = self.ids[kind]
        return self.rng.sample(ids, min(k, len(ids)))

    def paragraphs(self, refs: list[str]) -> str:
        """Two to four paragraphs of plain prose, citing the given kind:id references."""
        paras = [" ".join(self.rng.sample(SENTENCES, self.rng.randint(3, 5))) for _ in range(self.rng.randint(2, 4))]
        paras[-1] += " See " + " and ".join(f"[[{ref}]]" for ref in refs) + "."
        return "\n\n".join(paras) + "\n"

    def product(self, kind: str, i: int) -> str:
        """What the entity is about; a tactic and a KPI share the product of the goal they serve or measure."""
        goals, tactics = self.count["goal"], self.count["tactic"]
        index = {"goal": i, "tactic": i % goals, "kpi": i if i < goals else (i - goals) % tactics % goals}.get(kind)
        return PRODUCTS[index % len(PRODUCTS)] if index is not None else self.rng.choice(PRODUCTS)

    def title(self, kind: str, i: int) -> str:
        r = self.rng
        product = self.product(kind, i)
        return {
            "strategy": f"{r.choice(['Repair', 'Rent', 'Resell', 'Grow', 'Open'])} {r.choice(['locally', 'online', 'in the north', 'for families'])}",
            "department": DEPARTMENTS[i % len(DEPARTMENTS)] + (f" {i // len(DEPARTMENTS) + 1}" if i >= len(DEPARTMENTS) else ""),
            "goal": r.choice(GOAL_FORMS).format(n=r.randrange(50, 900, 10), p=product, p1=product.rstrip("s"),
                                                y=r.choice([2026, 2027, 2028]), k=r.choice([20, 30, 50, 80, 90])),
            "tactic": f"{r.choice(['Weekly', 'Monthly', 'Seasonal', 'Daily'])} {r.choice(['videos', 'stories', 'live sessions', 'posts', 'guides'])} on {product}",
            "kpi": f"{product.capitalize()} from {r.choice(PLATFORMS)}",
            "audience": AUDIENCES[i % len(AUDIENCES)] + (f" ({r.choice(['north', 'south', 'online'])})" if i >= len(AUDIENCES) else ""),
            "channel": f"{PLATFORMS[i % len(PLATFORMS)]} {r.choice(['main account', 'stores', 'careers', 'workshop'])}",
            "policy": POLICY_TOPICS[i % len(POLICY_TOPICS)],
            "initiative": f"{r.choice(['Launch', 'Pilot', 'Roll out', 'Review'])} {product}",
            "maturity": f"{['Culture', 'Leadership', 'Governance', 'Technology'][i % 4]} maturity",
            "relationship": f"{r.choice(['Mountain rescue', 'Climbing club', 'Repair cafe', 'Local guide'])} partnership",
            "theme": f"{r.choice(['Repair stories', 'Trail tips', 'Kit care', 'Meet the team'])} {i + 1}",
            "person": PEOPLE[i % len(PEOPLE)] + (f" {i // len(PEOPLE) + 1}" if i >= len(PEOPLE) else ""),
            "role": "Team lead",
            "holding": f"We are on it {i + 1}",
            "exercise": f"Incident drill {i + 1}",
            "quiet": f"Results embargo {i + 1}",
            "risk": f"Supplier delay {i + 1}",
            "review": f"Weekly analytics roundup {i + 1}",
        }[kind]

    def write(self, kind: str, i: int, fields: list[str], refs: list[str] | None = None) -> None:
        """One entity file: YAML, or Markdown with front matter and a body for some kinds."""
        folder, ident = KINDS[kind], self.ids[kind][i]
        front = "\n".join([f"title: {q(self.titles[kind][i])}", *fields]) + "\n"
        if kind in MARKDOWN_KINDS and (kind in ("strategy", "policy") or i % 2 == 0):
            self.files[f"{folder}/{ident}.md"] = f"---\n{front}---\n{self.paragraphs(refs or [])}"
        else:
            self.files[f"{folder}/{ident}.yml"] = front

    def strategies(self) -> None:
        for i in range(self.count["strategy"]):
            goals = [f"goal:{g}" for g in self.ids["goal"][i::self.count["strategy"]][:2]]
            self.write("strategy", i, [
                f"owner: {q(self.rng.choice(PEOPLE))}",
                f"statement: {q('Make social media pay its way: measurable results for every department by 2028.')}",
                f"horizon:\n  start: {q(HORIZON[0])}\n  end: {q(HORIZON[1])}",
                "building_blocks:\n" + "\n".join(f"  {b}: {q(self.rng.choice(SENTENCES))}" for b in
                                                  ("customers", "analysis", "value", "planning", "resources", "objectives")),
            ], goals)

    def departments(self) -> None:
        for i in range(self.count["department"]):
            social = (f"  none_because: {q('It speaks to no outside audience; its news goes out through other teams.')}"
                      if i % 5 == 4 else f"  role: {q(self.rng.choice(SENTENCES))}")
            people = self.rng.randint(4, 80)
            self.write("department", i, [
                f"head: {q(self.rng.choice(PEOPLE))}",
                f"supports: {self.ids['strategy'][i % self.count['strategy']]}",
                f"social_media:\n{social}",
                f"resources:\n  people: {people}\n  customer_facing: {self.rng.randint(0, people)}\n"
                f"  spare_capacity: {q('Quiet weekday mornings in the stores.')}",
            ])

    def goals(self) -> None:
        perspectives = ["financial", "customer", "internal-process", "learning-growth"]
        for i in range(self.count["goal"]):
            self.write("goal", i, [
                f"owner: {q(self.rng.choice(PEOPLE))}",
                f"department: {self.ids['department'][i % self.count['department']]}",
                f"supports: {self.ids['strategy'][i % self.count['strategy']]}",
                f"perspective: {self.rng.choice(perspectives)}",
                f"due: {q(self.rng.choice(['2026-12-31', '2027-06-30', '2027-12-31', '2028-06-30']))}",
                f"target: {q('The number in the title, counted by the KPI that measures this goal.')}",
            ], [f"department:{self.ids['department'][i % self.count['department']]}"])

    def tactics(self) -> None:
        goals = self.ids["goal"]
        for i in range(self.count["tactic"]):
            serves = [goals[i % len(goals)]] + (self.pick("goal") if i % 7 == 0 else [])
            self.write("tactic", i, [
                f"serves: [{', '.join(dict.fromkeys(serves))}]",
                f"channels: [{', '.join(self.pick('channel', self.rng.randint(1, 2)))}]",
                f"audiences: [{', '.join(self.pick('audience', self.rng.randint(1, 2)))}]",
                f"call_to_action: {q(self.rng.choice(CTAS))}",
                "workflow:\n" + "\n".join(f"  - {q(s)}" for s in self.rng.sample(SENTENCES, 3)),
                f"start: {q(month('2025-01-01', self.rng.randint(0, 20)))}",
            ])

    def kpis(self) -> None:
        goals, tactics = self.ids["goal"], self.ids["tactic"]
        for i in range(self.count["kpi"]):
            measures = f"goal:{goals[i]}" if i < len(goals) else f"tactic:{tactics[(i - len(goals)) % len(tactics)]}"
            first, base, target, direction = self.measurements(self.ids["kpi"][i])
            self.write("kpi", i, [
                f"owner: {q(self.rng.choice(PEOPLE))}", f"measures: {measures}",
                f"unit: {q(self.product('kpi', i))}",
                f"direction: {direction}",
                f"baseline:\n  value: {base}\n  date: {q(first)}",
                f"target:\n  value: {target}\n  date: {q('2027-12-31')}",
                f"source: {q(self.titles['kpi'][i].rsplit(' from ', 1)[1] + ' analytics, monthly export')}",
                f"attribution: {q('Counts only conversions whose first touch was a social post or message.')}",
                "cadence: monthly",
                f"commentary:\n  - date: {q('2026-05-01')}\n    why: {q(self.rng.choice(SENTENCES))}",
            ])

    def measurements(self, kpi: str) -> tuple[str, float, float, str]:
        """Write 12 to 36 monthly rows ending 2026-05-01; return (first date, baseline, target, direction)."""
        months = self.rng.randint(12, 36)
        first = month("2026-05-01", 1 - months)
        direction = "decrease" if self.rng.random() < 0.25 else "increase"
        base = float(self.rng.randint(20, 600))
        target = round(base * (self.rng.uniform(0.4, 0.8) if direction == "decrease" else self.rng.uniform(1.5, 3)), 1)
        rows = ["date,value,note"]
        for m in range(months):
            trend = base + (target - base) * m / 40
            note = "campaign month" if m % 9 == 8 else ""
            rows.append(f"{month(first, m)},{round(trend * self.rng.uniform(0.9, 1.1), 1)},{note}")
        self.files[f"measurements/{kpi}.csv"] = "\n".join(rows) + "\n"
        return first, base, target, direction

    def audiences(self) -> None:
        traits = ["Shop in person at weekends", "Compare prices online first", "Ask friends before buying",
                  "Follow outdoor creators", "Care about repair over replacement", "Book activities on their phone"]
        for i in range(self.count["audience"]):
            self.write("audience", i, [
                "visibility: public",
                "characteristics:\n" + "\n".join(f"  - {q(t)}" for t in self.rng.sample(traits, 3)),
                f"channels: [{', '.join(self.pick('channel', self.rng.randint(1, 3)))}]",
                f"size: {self.rng.randrange(1000, 90000, 500)}",
            ])

    def channels(self) -> None:
        for i in range(self.count["channel"]):
            handle = f"tarnside-{i + 1}"
            self.write("channel", i, [
                "visibility: public", f"owner: {q(self.rng.choice(PEOPLE))}",
                f"platform: {q(PLATFORMS[i % len(PLATFORMS)])}", f"handle: {q(handle)}",
                f"url: {q('https://social.example/' + handle)}",
            ])

    def policies(self) -> None:
        types = ["policy", "guideline", "procedure", "training"]
        for i in range(self.count["policy"]):
            retired = i % 6 == 5
            fields = [
                f"type: {types[i % 4]}", f"area: {['culture', 'leadership', 'governance', 'technology'][i % 4]}",
                f"status: {'retired' if retired else self.rng.choice(['active', 'active', 'draft'])}",
                f"owner: {q(self.rng.choice(PEOPLE))}", f"approver: {q('Leadership team')}",
                f"version: {q(f'{self.rng.randint(1, 4)}.{self.rng.randint(0, 9)}')}",
                f"departments: [{', '.join(self.pick('department', 2))}]",
                f"channels: [{', '.join(self.pick('channel', 2))}]",
                f"effective: {q(month('2025-01-01', self.rng.randint(0, 15)))}",
                f"review_date: {q(month('2027-01-01', self.rng.randint(0, 18)))}",
            ]
            if i and (i - 1) % 6 == 5:
                fields.append(f"supersedes: {self.ids['policy'][i - 1]}")
            self.write("policy", i, fields, [f"channel:{c}" for c in self.pick("channel")])

    def initiatives(self) -> None:
        last = self.count["initiative"] - 1
        for i in range(last + 1):
            start = HORIZON[0] if i == 0 else month("2025-01-01", self.rng.randint(0, 36))
            end = HORIZON[1] if i == last else min(month(start, self.rng.randint(4, 12)), HORIZON[1])
            stones = [month(start, m) for m in sorted(self.rng.sample(range(1, 4), 2))]
            fields = [
                f"owner: {q(self.rng.choice(PEOPLE))}", f"phase: {PHASES[min(i * 4 // (last + 1), 3)]}",
                f"start: {q(start)}", f"end: {q(end)}",
                "milestones:\n" + "\n".join(f"  - title: {q(t)}\n    date: {q(d)}\n    done: {str(d < AS_OF).lower()}"
                                            for t, d in zip(["Plan agreed", "First results reviewed"], stones)),
                f"delivers: [goal:{self.pick('goal')[0]}, tactic:{self.pick('tactic')[0]}]",
            ]
            if i:
                fields.append(f"depends_on: [{', '.join(self.rng.sample(self.ids['initiative'][:i], min(i, 2)))}]")
            if i == last:  # it runs to the horizon's end: the open action on every goal
                fields.append(f"addresses: [{', '.join(f'goal:{g}' for g in self.ids['goal'])}]")
            self.write("initiative", i, fields, [f"goal:{self.pick('goal')[0]}"])

    def maturity(self) -> None:
        stages = ["Ad hoc", "Managed", "Embedded", "Leading"]
        for i in range(self.count["maturity"]):
            current = self.rng.randint(1, 2)
            self.write("maturity", i, [
                f"dimension: {['culture', 'leadership', 'governance', 'technology'][i % 4]}",
                "stages:\n" + "\n".join(f"  - name: {q(s)}\n    criteria: {q(self.rng.choice(SENTENCES))}" for s in stages),
                f"current: {current}", f"target: {self.rng.randint(current + 1, 4)}",
                f"evidence: [policy:{self.pick('policy')[0]}, channel:{self.pick('channel')[0]}]",
            ])

    def relationships(self) -> None:
        for i in range(self.count["relationship"]):
            self.write("relationship", i, [
                "visibility: confidential", f"owner: {q(self.rng.choice(PEOPLE))}",
                f"who: {self.rng.choice(['partner', 'influencer', 'community'])}",
                f"value: {q('Shared audiences and honest feedback on our services.')}",
                f"serves: [{', '.join(self.pick('goal', 2))}]",
                f"channels: [{', '.join(self.pick('channel'))}]",
            ])

    def people(self) -> None:
        roles = ["team-lead", "content-lead", "account-manager", "incident-decision-maker"]
        for i in range(self.count["person"]):
            self.write("person", i, [
                f"position: {q(self.rng.choice(['Social media lead', 'Store manager', 'Content producer', 'Recruiter']))}",
                f"department: {self.pick('department')[0]}", f"roles: [{roles[i % len(roles)]}]",
                f"contact: {{email: {q(short_slug(self.titles['person'][i]) + '@example.org')}}}",
            ])

    def themes(self) -> None:
        for i in range(self.count["theme"]):
            start = self.rng.randint(1, 9)
            self.write("theme", i, [f"months: [{start}, {start + 1}, {start + 2}]", f"channels: [{', '.join(self.pick('channel'))}]",
                                    f"serves: [{', '.join(self.pick('goal'))}]"])

    def operations(self) -> None:
        """A role, a holding statement, an exercise, a quiet period that ended before AS_OF, a risk and a
        weekly review held on each of its Mondays up to AS_OF."""
        self.write("role", 0, ["responsibilities: [Runs the weekly plan]", f"holders: [{{person: {self.ids['person'][0]}}}]"])
        for i in range(self.count["holding"]):
            self.write("holding", i, [f"message: {q('We know, and we are working on it.')}", "modes: [incident]",
                                      f"channels: [{', '.join(self.pick('channel'))}]", "expires: '2027-06-01'"])
        for i in range(self.count["exercise"]):
            self.write("exercise", i, ["date: '2026-03-02'", "modes: [incident]", f"participants: [{self.ids['person'][0]}]"])
        for i in range(self.count["quiet"]):
            self.write("quiet", i, ["reason: embargo", "start: '2026-01-05'", "end: '2026-01-09'"])
        for i in range(self.count["risk"]):
            self.write("risk", i, ["likelihood: possible", "impact: moderate", f"owner: {self.ids['person'][0]}",
                                   f"threatens: [goal:{self.ids['goal'][0]}]", f"mitigation: [{self.ids['initiative'][-1]}]",
                                   "review_date: '2026-09-01'", "state: open"])
        for i in range(self.count["review"]):
            self.write("review", i, ["cadence: weekly", "starts: '2026-05-04'", f"owner: {self.ids['person'][0]}",
                                     f"participants: [{', '.join(self.ids['person'][:2])}]",
                                     f"inputs: [{', '.join(self.pick('kpi', 2) + self.pick('channel'))}]", "output: decision",
                                     "held: [{date: '2026-05-04'}, {date: '2026-05-11'}, {date: '2026-05-18'}, "
                                     "{date: '2026-05-25', note: Reach up on the week}]"])

    def pages(self) -> None:
        for name in ("onboarding", "how-we-work/alignment", "how-we-work/replying"):
            refs = [f"goal:{self.pick('goal')[0]}", f"policy:{self.pick('policy')[0]}"]
            title = name.rsplit("/", 1)[-1].replace("-", " ").capitalize()
            self.files[f"pages/{name}.md"] = f"---\ntitle: {q(title)}\n---\n# {title}\n\n{self.paragraphs(refs)}"

    def build(self) -> dict[str, str]:
        for step in (self.strategies, self.departments, self.goals, self.tactics, self.kpis, self.audiences,
                     self.channels, self.policies, self.initiatives, self.maturity, self.relationships, self.themes, self.people, self.operations, self.pages):
            step()
        return self.files


def mkdocs_yml(entities: int) -> str:
    """The skeleton's mkdocs.yml under the name of the synthetic playbook."""
    lines = SKELETON_MKDOCS_YML.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(f"site_name: Synthetic playbook ({entities} entities)\n" if line.startswith("site_name:") else line
                   for line in lines)


def generate(entities: int, out: Path, seed: int = SEED) -> Path:
    """Write the synthetic playbook into out/content and out/mkdocs.yml; return the content folder."""
    content = out / "content"
    for name, text in Playbook(entities, seed).build().items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(mkdocs_yml(entities), encoding="utf-8")
    return content
