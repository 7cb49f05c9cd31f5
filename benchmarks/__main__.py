"""Command line of the benchmarks: `generate` writes a synthetic playbook, `compare` times the
playbook's build against hand-written pages (what `make bench` runs), `validate` times the checker,
`readme` writes the README's benchmark table from a saved `compare` run."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import first_result, hostile, imports, readme, run, validate
from .generate import SEED, generate


def main(argv: list[str] | None = None) -> int:
    top = argparse.ArgumentParser(prog="python -m benchmarks")
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("generate", help="write a deterministic synthetic playbook")
    p.add_argument("--entities", type=int, required=True, metavar="N")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--seed", type=int, default=SEED)
    p = sub.add_parser("compare", help="time validate, the build and hand-written pages side by side")
    p.add_argument("--entities", type=int, nargs="+", default=list(run.SIZES), metavar="N")
    p.add_argument("--repeat", type=int, default=3, help="runs per case; the median is reported")
    p.add_argument("--incremental", type=int, default=run.INCREMENTAL_AT, metavar="N",
                   help="size at which to time rebuilds under playbook serve (0: skip)")
    p.add_argument("--edits", type=int, default=run.EDITS, help="edits timed under playbook serve, in turn a KPI, a goal and a measurement")
    p.add_argument("--keep", type=Path, metavar="DIR", help="write the projects here and keep them")
    p.add_argument("--large", action="store_true", help=f"add the {run.LARGE:,}-entity point (slow)")
    p.add_argument("--save", type=Path, metavar="FILE", help="keep the figures as JSON for `readme`")
    p = sub.add_parser("readme", help="write the README's benchmark table from a run saved with --save")
    p.add_argument("figures", type=Path)
    p.add_argument("--readme", type=Path, default=Path("README.md"))
    p = sub.add_parser("validate", help="time `playbook validate` on generated playbooks")
    p.add_argument("--entities", type=int, nargs="+", default=list(validate.SIZES), metavar="N")
    p.add_argument("--repeat", type=int, default=3, help="runs per size; the median is reported")
    p.add_argument("--profile", action="store_true", help="also print where an in-process check spends its time")
    p.add_argument("--no-bytecode-cache", dest="bytecode_cache", action="store_false",
                   help="compile every module in every run, as PYTHONDONTWRITEBYTECODE has it (default: compile once)")
    p = sub.add_parser("first-result", help="time the first search result on a built site, in Chromium")
    p.add_argument("site", type=Path, help="a built playbook site (its site/ folder)")
    p.add_argument("--rounds", type=int, default=3, help="times each query is typed cold and warm")
    sub.add_parser("hostile", help="free pages at scale and hostile inputs, now beside before")
    sub.add_parser("imports", help="hostile exports: time and peak memory of playbook import")
    args = top.parse_args(argv)
    if args.command == "generate":
        content = generate(args.entities, args.out, args.seed)
        print(f"wrote {sum(1 for p in content.rglob('*') if p.is_file())} files to {content}")
        return 0
    if args.command == "first-result":
        return first_result.main(args.site, args.rounds)
    if args.command == "hostile":
        return hostile.run()
    if args.command == "imports":
        return imports.run()
    if args.command == "compare":
        sizes = [*args.entities, run.LARGE] if args.large and run.LARGE not in args.entities else args.entities
        return run.run(sizes, args.repeat, args.incremental, args.edits, args.keep, args.save)
    if args.command == "readme":
        readme.write(args.figures, args.readme)
        return 0
    return validate.run(args.entities, args.repeat, args.profile, args.bytecode_cache)


if __name__ == "__main__":
    sys.exit(main())
