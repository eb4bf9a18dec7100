"""``--format junit``: JUnit XML for CI dashboards — one test case per shown finding.

New error and warning findings fail; baselined and suppressed ones are skipped; info findings pass
with their text in ``<system-out>``. No findings gives a single passing case named ``factcheck``.
Built with ElementTree (which escapes markup); characters XML 1.0 forbids are removed first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from ..models import Finding, Report
from .context import RenderContext, line_and_column, shown
from .sarif import describe

# Not allowed anywhere in an XML 1.0 document: C0 controls but tab, LF and CR; lone surrogates;
# the noncharacters U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that can go in XML 1.0 content or an attribute: illegal characters removed."""
    return _ILLEGAL.sub("", text)


def _body(finding: Finding, ctx: RenderContext) -> str:
    lines = [finding.message]
    if finding.reasoning:
        lines.append(finding.reasoning)
    if finding.help:
        lines.append(f"help: {finding.help}")
    lines.append("claims:")
    for claim in finding.claims:
        line, col = line_and_column(claim, ctx)
        lines.append(f"  {claim.file}:{line}:{col} {describe(claim)}")
    lines.append(f"fingerprint: {finding.fingerprint}")
    # CR would not survive parsing (XML normalises line ends), so write LF.
    return xml_text("\n".join(lines).replace("\r\n", "\n").replace("\r", "\n")) + "\n"


def _case(suite: ET.Element, finding: Finding, ctx: RenderContext) -> str:
    """Add the test case for one finding; return its outcome: failure, skipped or passed."""
    where = ""
    if finding.claims:
        line, col = line_and_column(finding.claims[0], ctx)
        where = f"{finding.claims[0].file}:{line}:{col} "
    case = ET.SubElement(suite, "testcase", {
        "classname": xml_text(f"{finding.rule}.{finding.name}"),
        "name": xml_text(f"{where}{finding.fingerprint}"),
        "time": "0",
    })
    if finding.status != "new":
        ET.SubElement(case, "skipped", {"message": xml_text(f"{finding.status}: {finding.message}")})
        return "skipped"
    if finding.severity in ("error", "warning"):
        failure = ET.SubElement(case, "failure", {"type": finding.severity, "message": xml_text(finding.message)})
        failure.text = _body(finding, ctx)
        return "failure"
    out = ET.SubElement(case, "system-out")
    out.text = _body(finding, ctx)
    return "passed"


def render(report: Report, out: TextIO, ctx: RenderContext) -> None:
    findings = shown(report, ctx)
    root = ET.Element("testsuites", {"name": "factcheck"})
    suite = ET.SubElement(root, "testsuite", {"name": "factcheck"})
    outcomes = [_case(suite, f, ctx) for f in findings]
    if not findings:
        ET.SubElement(suite, "testcase", {"classname": "factcheck", "name": "factcheck", "time": "0"})
    counts = {"tests": str(max(len(outcomes), 1)), "failures": str(outcomes.count("failure")),
              "errors": "0", "skipped": str(outcomes.count("skipped")), "time": "0"}
    for element in (root, suite):
        for key, value in counts.items():
            if not (element is root and key == "skipped"):
                element.set(key, value)
    ET.indent(root, space="  ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")
