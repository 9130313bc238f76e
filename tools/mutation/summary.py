#!/usr/bin/env python3
"""Per-module and per-class figures from PIT's mutations.xml (the mutation profile writes it to
MODULE/target/pit-reports/mutations.xml). Usage: tools/mutation/summary.py MODULE/target/pit-reports/mutations.xml [LATER.xml ...] [--classes] [--survivors] [--row]

PIT's open-source releases have no incremental analysis any more (withHistory needs a commercial plugin), so a re-run
after new tests is narrowed with -DtargetClasses instead: give the full run's file first and the narrowed runs' files
after it (copies, since each run overwrites mutations.xml); a class's mutants in a later file replace its mutants in
the earlier ones.

Killed counts what PIT counts as detected (killed, timed out, memory error, run error); test strength is killed over
the mutants that some test reaches (all minus no-coverage), as PIT's own summary line prints it."""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def figures(rows):
    total = len(rows)
    killed = sum(1 for r in rows if r["status"] in DETECTED)
    nocov = sum(1 for r in rows if r["status"] == "NO_COVERAGE")
    covered = total - nocov
    return total, killed, nocov, (100.0 * killed / total if total else 0), (100.0 * killed / covered if covered else 0)


def main(argv):
    by_class = {}
    for path in [a for a in argv[1:] if not a.startswith("--")]:
        found = defaultdict(list)
        for m in ET.parse(path).getroot():
            found[m.findtext("mutatedClass").split("$")[0]].append({
                "status": m.get("status"),
                "class": m.findtext("mutatedClass").split("$")[0],
                "line": m.findtext("lineNumber"),
                "mutator": m.findtext("mutator").rsplit(".", 1)[-1],
                "description": m.findtext("description"),
            })
        by_class.update(found)
    rows = [r for rs in by_class.values() for r in rs]
    t, k, n, kp, s = figures(rows)
    if "--row" in argv:
        # a Markdown table row: | mutants | killed | no coverage | test strength |
        print(f"| {t:,} | {k:,} ({kp:.0f}%) | {n:,} | {s:.0f}% |")
        return
    print(f"mutants {t}  killed {k} ({kp:.0f}%)  no coverage {n}  test strength {s:.0f}%")
    if "--classes" in argv:
        by = defaultdict(list)
        for r in rows:
            by[r["class"]].append(r)
        for c, rs in sorted(by.items(), key=lambda e: figures(e[1])[4]):
            t, k, n, kp, s = figures(rs)
            print(f"  {c.rsplit('.', 1)[-1]:32} {t:5} killed {k:5} ({kp:3.0f}%) nocov {n:4} strength {s:3.0f}%")
    if "--survivors" in argv:
        for r in rows:
            if r["status"] in ("SURVIVED", "NO_COVERAGE"):
                print(f"  {r['status'][:8]:8} {r['class'].rsplit('.', 1)[-1]}:{r['line']} {r['mutator']}: {r['description']}")


if __name__ == "__main__":
    main(sys.argv)
