"""Summarise test/conformance/results/*.xml (JUnit from run.sh) as a Markdown table and a failure list."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

results = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")
rows, failures = [], {}
totals = [0, 0, 0]
for path in sorted(glob.glob(os.path.join(results, "*.xml"))):
    name = os.path.basename(path)[:-4]
    passed = failed = skipped = 0
    for case in ET.parse(path).getroot().iter("testcase"):
        test = f"{case.get('classname', '').split('.')[-1]}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            failures.setdefault(test, []).append(name)
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    rows.append(f"| {name} | {passed} | {failed} | {skipped} |")
    totals = [totals[0] + passed, totals[1] + failed, totals[2] + skipped]

print("| run | passed | failed | skipped |\n| --- | --- | --- | --- |")
print("\n".join(rows))
print(f"| **total** | **{totals[0]}** | **{totals[1]}** | **{totals[2]}** |")
for test, runs in sorted(failures.items()):
    print(f"- {test}: {', '.join(runs)}")
