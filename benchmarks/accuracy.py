"""Precision and recall of factcheck's findings on the real development corpus (tests/data/real/).

The corpus is real pages found with the search tool, kept unedited with their address and publication
date (``manifest-*.yaml``). Two files hold what people judged by hand:

- ``reviewed.yaml``: every finding the tool has made on the corpus, keyed by rule and the spans of its
  claims, judged ``true`` (a real contradiction or a real problem worth a desk's time) or ``false`` (a
  false alarm), with a note;
- ``annotations-*.yaml``: facts that two or more pages state, with each page's printed figure and a
  verdict (``agree``, ``contradiction``, ``not-same-fact``), made by reading the pages, not the tool's
  output.

Precision per rule and severity is the share of reviewed-true findings among the reviewed ones; recall
(per rule, and in all) is the share of annotated contradictions that a finding covers: it cites a claim
printed as the figure of each side. ``--inject`` also measures recall on contradictions made from the
annotated agreements (one page's figure raised by a third). Findings not yet reviewed are listed (``--unreviewed FILE``
writes them out in the form of ``reviewed.yaml`` with ``verdict: null``, ready to be judged).

    python benchmarks/accuracy.py            # the table
    python benchmarks/accuracy.py --unreviewed /tmp/new.yaml
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "real"


def load_manifest(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in sorted(corpus.glob("manifest-*.yaml")):
        entries.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return entries


def build_workspace(target: Path, corpus: Path = CORPUS) -> Path:
    """A workspace holding every page of the corpus, with its publication date and place, as a desk
    would add them (``factcheck add PAGE --published DATE --place PLACE``)."""
    seeds = target / "seeds"
    seeds.mkdir(parents=True)
    (target / "claims").mkdir()
    rows = []
    for entry in load_manifest(corpus):
        shutil.copyfile(corpus / entry["file"], seeds / entry["file"])
        rows.append({"id": entry["id"], "file": f"seeds/{entry['file']}", "title": entry.get("title"),
                     "outlet": entry.get("outlet"), "published": str(entry["published"]),
                     "place": entry.get("place")})
    (seeds / "manifest.yaml").write_text(yaml.safe_dump({"articles": rows}, allow_unicode=True), encoding="utf-8")
    _run(["extract"], target)
    return target


def _run(args: list[str], root: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "factcheck", *args, "--root", str(root)], capture_output=True,
                          text=True, encoding="utf-8")
    if done.returncode not in (0, 1):
        raise SystemExit(f"factcheck {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def findings(root: Path) -> list[dict[str, Any]]:
    report = json.loads(_run(["check", "--format", "json", "--fail-on", "never"], root))
    return list(report["findings"])


def finding_key(finding: dict[str, Any]) -> str:
    """A finding's identity across runs: its rule and the spans of its claims (ids may be renumbered)."""
    spans = sorted(f"{c['id'].split('#')[0]}@{c['start']}-{c['end']}" for c in finding["claims"])
    return f"{finding['rule']} {' '.join(spans)}"


def load_reviewed(corpus: Path = CORPUS) -> dict[str, dict[str, Any]]:
    path = corpus / "reviewed.yaml"
    if not path.exists():
        return {}
    return {item["key"]: item for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []}


def load_annotations(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(corpus.glob("annotations-*.yaml")):
        out.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return out


def covers(finding: dict[str, Any], annotation: dict[str, Any]) -> bool:
    """Whether a finding cites, for each of two differing statements of an annotated contradiction, a
    claim of that page printed as that figure."""
    cited = {(c["id"].split("#")[0], c["text"]) for c in finding["claims"]}
    statements = annotation.get("statements") or []
    texts = {s["text"] for s in statements}
    hit = {s["text"] for s in statements if any(p == s["page"] and _same_figure(t, s["text"]) for p, t in cited)}
    return len(texts) > 1 and len(hit) >= 2


def _same_figure(printed: str, annotated: str) -> bool:
    return printed and (printed in annotated or annotated.startswith(printed))


def evaluate(found: list[dict[str, Any]], reviewed: dict[str, dict[str, Any]],
             annotations: list[dict[str, Any]]) -> dict[str, Any]:
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    unreviewed = []
    for f in found:
        item = reviewed.get(finding_key(f))
        verdict = "unreviewed" if item is None or item.get("verdict") is None else \
            ("true" if item["verdict"] else "false")
        table[(f["rule"], f["severity"])][verdict] += 1
        if verdict == "unreviewed":
            unreviewed.append(f)
    contradictions = [a for a in annotations if a.get("verdict") == "contradiction"]
    errors = [f for f in found if f["severity"] == "error"]
    recall_error = [a for a in contradictions if any(covers(f, a) for f in errors)]
    recall_any = [a for a in contradictions if any(covers(f, a) for f in found)]
    traps = [a for a in annotations if a.get("verdict") in ("agree", "not-same-fact")]
    trapped = [a for a in traps if any(covers(f, a) for f in errors)]
    recall_by: Counter[tuple[str, str]] = Counter()
    for a in contradictions:
        for key in {(f["rule"], f["severity"]) for f in found if covers(f, a)}:
            recall_by[key] += 1
    return {"table": table, "unreviewed": unreviewed, "contradictions": contradictions, "recall_by": recall_by,
            "recall_error": recall_error, "recall_any": recall_any, "traps": traps, "trapped": trapped}


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "—"


def render(result: dict[str, Any], articles: int) -> str:
    n = len(result["contradictions"])
    lines = [f"real corpus: {articles} pages", "",
             "| rule | severity | findings | true | false | unreviewed | precision | recall |",
             "|---|---|---|---|---|---|---|---|"]
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for (rule, severity), c in sorted(result["table"].items()):
        found = result["recall_by"].get((rule, severity), 0)
        lines.append(f"| {rule} | {severity} | {sum(c.values())} | {c['true']} | {c['false']} | {c['unreviewed']} | "
                     f"{_pct(c['true'], c['true'] + c['false'])} | {found}/{n} |")
        totals[severity].update(c)
    for severity, c in sorted(totals.items()):
        found = len(result["recall_error"]) if severity == "error" else None
        lines.append(f"| all | {severity} | {sum(c.values())} | {c['true']} | {c['false']} | {c['unreviewed']} | "
                     f"{_pct(c['true'], c['true'] + c['false'])} | {'' if found is None else f'{found}/{n}'} |")
    lines += ["", f"annotated contradictions: {n}; found as an error: {len(result['recall_error'])} "
                  f"({_pct(len(result['recall_error']), n)}); found by any finding: {len(result['recall_any'])} "
                  f"({_pct(len(result['recall_any']), n)})",
              f"annotated agreements and look-alikes: {len(result['traps'])}; flagged as an error: "
              f"{len(result['trapped'])}"]
    missed = [a for a in result["contradictions"] if a not in result["recall_any"]]
    for a in missed:
        lines.append(f"  missed: {a.get('cluster')}: {a.get('fact')}")
    for a in result["trapped"]:
        lines.append(f"  error on a {a.get('verdict')}: {a.get('cluster')}: {a.get('fact')}")
    return "\n".join(lines)


def registry_lines(root: Path) -> dict[str, dict[str, Any]]:
    """Every claim of the workspace's registry by uid (its quote and identity, for reviewing)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((root / "claims").glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("- {"):
                item = json.loads(line[2:])
                out[f"{item['article']}#{item['id']}"] = item
    return out


def unreviewed_yaml(found: list[dict[str, Any]], claims: dict[str, dict[str, Any]] | None = None) -> str:
    items = []
    claims = claims or {}
    for f in found:
        def show(c: dict[str, Any]) -> str:
            line = claims.get(c["id"], {})
            return f"{c['id']} {c['text']} [{line.get('about', '')}]: {line.get('quote', '')}"

        items.append({"key": finding_key(f), "rule": f["rule"], "severity": f["severity"], "message": f["message"],
                      "reasoning": f["reasoning"],
                      "claims": [show(c) for c in f["claims"]],
                      "verdict": None, "note": ""})
    return yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=200)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def injections(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    """Contradictions made by hand's rule from the annotated agreements: in the second page of each
    agreement between two pages, the first number of the statement is raised by a third (its printed
    precision kept), so the two pages now disagree. One injection per page."""
    out: list[dict[str, Any]] = []
    used: set[str] = set()
    for a in load_annotations(corpus):
        statements = a.get("statements") or []
        if a.get("verdict") != "agree" or len({s["page"] for s in statements}) < 2:
            continue
        first, second = statements[0], next(s for s in statements if s["page"] != statements[0]["page"])
        page = second["page"]
        if page in used or first["page"] in used:
            continue
        m = next((n for n in _NUMBER.finditer(second["text"])
                  if second["text"][n.end():n.end() + 1] not in ("年", "月", "日", "号")
                  and second["text"][max(0, n.start() - 1):n.start()] != "第"), None)
        if m is None or Decimal(m.group(0)) == 0:
            continue
        digits = m.group(0)
        places = len(digits.partition(".")[2])
        new = format((Decimal(digits) * Decimal("1.3")).quantize(Decimal(1).scaleb(-places)), "f")
        out.append({"page": page, "other": first["page"], "text": second["text"],
                    "changed": second["text"][:m.start()] + new + second["text"][m.end():],
                    "fact": a.get("fact")})
        used.update((page, first["page"]))
    return out


def injected_recall(corpus: Path = CORPUS) -> tuple[int, int, int]:
    """How many injected contradictions a finding covers: (as an error, by any finding, injected)."""
    cases = injections(corpus)
    with tempfile.TemporaryDirectory() as tmp:
        changed_corpus = Path(tmp) / "corpus"
        shutil.copytree(corpus, changed_corpus)
        kept = []
        manifest = {e["id"]: e for e in load_manifest(corpus)}
        for case in cases:
            path = changed_corpus / manifest[case["page"]]["file"]
            text = path.read_text(encoding="utf-8")
            if text.count(case["text"]) != 1:
                continue
            path.write_text(text.replace(case["text"], case["changed"]), encoding="utf-8")
            case["start"] = text.find(case["text"])
            case["end"] = case["start"] + len(case["changed"])
            kept.append(case)
        root = build_workspace(Path(tmp) / "ws", changed_corpus)
        found = findings(root)
    error = sum(1 for c in kept if any(_covers_injection(f, c) for f in found if f["severity"] == "error"))
    anyf = sum(1 for c in kept if any(_covers_injection(f, c) for f in found))
    return error, anyf, len(kept)


def _covers_injection(finding: dict[str, Any], case: dict[str, Any]) -> bool:
    pages = {c["id"].split("#")[0] for c in finding["claims"]}
    inside = any(c["id"].split("#")[0] == case["page"] and case["start"] <= c["start"] < case["end"]
                 for c in finding["claims"])
    return inside and len(pages) > 1


def run(corpus: Path = CORPUS) -> tuple[list[dict[str, Any]], dict[str, Any], int, dict[str, dict[str, Any]]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = build_workspace(Path(tmp) / "ws", corpus)
        found = findings(root)
        claims = registry_lines(root)
        articles = len(load_manifest(corpus))
    return found, evaluate(found, load_reviewed(corpus), load_annotations(corpus)), articles, claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unreviewed", type=Path, help="write the findings not yet reviewed to this file")
    parser.add_argument("--inject", action="store_true", help="also measure recall on injected contradictions")
    parser.add_argument("--all", type=Path, help="write every finding, in the form of reviewed.yaml, to this file")
    args = parser.parse_args()
    found, result, articles, claims = run()
    print(render(result, articles))
    if args.inject:
        error, anyf, total = injected_recall()
        print(f"injected contradictions (an agreement's figure raised by a third in one page): {total}; "
              f"found as an error: {error} ({_pct(error, total)}); by any finding: {anyf} ({_pct(anyf, total)})")
    if args.unreviewed:
        args.unreviewed.write_text(unreviewed_yaml(result["unreviewed"], claims), encoding="utf-8")
    if args.all:
        args.all.write_text(unreviewed_yaml(found, claims), encoding="utf-8")


if __name__ == "__main__":
    main()
