"""The real development corpus (tests/data/real/): every finding factcheck makes on it has been judged
by hand (reviewed.yaml), and every error is a real contradiction."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import ROOT, load_benchmark

CORPUS = ROOT / "tests" / "data" / "real"


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    accuracy = load_benchmark("accuracy")
    root = accuracy.build_workspace(tmp_path_factory.mktemp("real") / "ws")
    return list(accuracy.findings(root))


@pytest.fixture(scope="module")
def reviewed() -> dict[str, dict[str, Any]]:
    return load_benchmark("accuracy").load_reviewed()


def test_every_finding_on_the_real_pages_has_been_judged(findings: list[dict[str, Any]],
                                                           reviewed: dict[str, dict[str, Any]]) -> None:
    key = load_benchmark("accuracy").finding_key
    new = [f"{f['rule']} [{f['severity']}] {f['message']}  ({key(f)})" for f in findings if key(f) not in reviewed]
    assert not new, ("findings no one has judged; write them out with `python benchmarks/accuracy.py --unreviewed "
                     "FILE`, judge each and add it to tests/data/real/reviewed.yaml:\n" + "\n".join(new))


def test_every_error_on_the_real_pages_is_a_real_contradiction(findings: list[dict[str, Any]],
                                                                reviewed: dict[str, dict[str, Any]]) -> None:
    key = load_benchmark("accuracy").finding_key
    false = [f"{f['rule']} {f['message']}" for f in findings
             if f["severity"] == "error" and reviewed.get(key(f), {}).get("verdict") is not True]
    assert not false, "errors that are not real contradictions:\n" + "\n".join(false)


def test_the_corpus_is_real_pages_with_their_address_and_date() -> None:
    entries = [e for path in sorted(CORPUS.glob("manifest-*.yaml"))
               for e in yaml.safe_load(path.read_text(encoding="utf-8"))]
    assert len(entries) >= 150
    assert len({e.get("province") or e["place"] for e in entries}) >= 10
    for e in entries:
        assert (CORPUS / e["file"]).is_file(), e["file"]
        assert str(e["url"]).startswith("http"), e["id"]
        assert len(str(e["published"])) == 10, e["id"]


def test_annotated_contradictions_are_found(findings: list[dict[str, Any]]) -> None:
    """Recall on the contradictions a person found by reading the pages (not the tool's output): the ones
    between two pages are flagged (the one inside a page, a headline against its body, is not yet)."""
    accuracy = load_benchmark("accuracy")
    between_pages = [a for a in accuracy.load_annotations() if a.get("verdict") == "contradiction"
                     and len({s["page"] for s in a["statements"]}) > 1]
    assert between_pages
    missed = [a["fact"] for a in between_pages if not any(accuracy.covers(f, a) for f in findings)]
    assert not missed


def test_no_error_on_an_annotated_agreement_or_look_alike(findings: list[dict[str, Any]]) -> None:
    accuracy = load_benchmark("accuracy")
    errors = [f for f in findings if f["severity"] == "error"]
    wrong = [a["fact"] for a in accuracy.load_annotations() if a.get("verdict") in ("agree", "not-same-fact")
             and any(accuracy.covers(f, a) for f in errors)]
    assert not wrong


