#!/usr/bin/env bash
# Prints a table per module: line coverage (JaCoCo, unit + integration tests) and test counts
# (Surefire *Test + Failsafe *IT), then a closing "tests: N passed, N failed, N skipped" line.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python3 - <<'PY'
import csv, glob, os, re
import xml.etree.ElementTree as ET
modules = [m for m in re.findall(r"<module>([^<]+)</module>", open("pom.xml").read()) if os.path.isdir(f"{m}/src")]
rows, tot = [], dict(tests=0, failed=0, skipped=0, covered=0, missed=0)
for m in modules:
    covered = missed = 0
    csvf = f"{m}/target/site/jacoco/jacoco.csv"
    if os.path.exists(csvf):
        for r in csv.DictReader(open(csvf)):
            covered += int(r["LINE_COVERED"]); missed += int(r["LINE_MISSED"])
    tests = failed = skipped = 0
    for x in glob.glob(f"{m}/target/surefire-reports/TEST-*.xml") + glob.glob(f"{m}/target/failsafe-reports/TEST-*.xml"):
        try:
            s = ET.parse(x).getroot()
        except ET.ParseError:
            continue
        tests += int(s.get("tests", 0)); skipped += int(s.get("skipped", 0))
        failed += int(s.get("failures", 0)) + int(s.get("errors", 0))
    cov = f"{100.0*covered/(covered+missed):.1f}%" if covered + missed else "n/a"
    rows.append((m, cov, f"{covered}/{covered+missed}", tests, failed, skipped))
    for k, v in dict(tests=tests, failed=failed, skipped=skipped, covered=covered, missed=missed).items():
        tot[k] += v
print()
print(f"{'module':<20} {'line coverage':>13} {'lines':>12} {'tests':>6} {'failed':>6} {'skipped':>7}")
print("-" * 69)
for r in rows:
    print(f"{r[0]:<20} {r[1]:>13} {r[2]:>12} {r[3]:>6} {r[4]:>6} {r[5]:>7}")
print("-" * 69)
allcov = f"{100.0*tot['covered']/(tot['covered']+tot['missed']):.1f}%" if tot['covered'] + tot['missed'] else "n/a"
print(f"{'total':<20} {allcov:>13} {str(tot['covered'])+'/'+str(tot['covered']+tot['missed']):>12} {tot['tests']:>6} {tot['failed']:>6} {tot['skipped']:>7}")
print()
print(f"tests: {tot['tests']-tot['failed']-tot['skipped']} passed, {tot['failed']} failed, {tot['skipped']} skipped")
PY
