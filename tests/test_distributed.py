"""Checks and extraction on a Dask cluster give exactly what the in-process engine gives."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import write_synthetic_workspace

distributed = pytest.importorskip("distributed")

from factcheck.config import load_config  # noqa: E402
from factcheck.distributed import (  # noqa: E402
    check_on_dask,
    extract_on_dask,
    finish_report,
    run_report_on_dask,
)
from factcheck.errors import FactcheckError  # noqa: E402
from factcheck.extract import extract_claims  # noqa: E402
from factcheck.index import load_claims  # noqa: E402
from factcheck.models import Claim, Report  # noqa: E402
from factcheck.report import CheckRequest, build_report  # noqa: E402
from factcheck.workspace import Workspace, load_manifest, read_article  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def seeds_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("seeds-ws")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "claims", root / "claims")
    return Workspace(root)


@pytest.fixture(scope="module")
def synthetic_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = write_synthetic_workspace(tmp_path_factory.mktemp("synthetic-ws"), 60, 7, 6, 8)
    return Workspace(root)


def _key(report: Report) -> list[tuple[str, str, str, str]]:
    return [(f.rule, f.fingerprint, f.severity, f.status) for f in report.findings]


def _dask_report(ws: Workspace, claims: list[Claim], request: CheckRequest, client: Any) -> Report:
    mapped, groups = check_on_dask(claims, request, client)
    return finish_report(ws, claims, request, len(load_manifest(ws)), mapped, groups)


def _compare(ws: Workspace, client: Any, request: CheckRequest | None = None) -> Report:
    """The same report in one process, in a pool of 2 and on Dask, with the agreements listed or only
    counted (the default: listed, they are the same as counted)."""
    claims = load_claims(ws)
    request = request or CheckRequest(config=load_config(ROOT))
    articles = len(load_manifest(ws))
    reports = []
    for listed in (False, True):
        asked = replace(request, agreements=listed)
        serial = build_report(ws, claims, replace(asked, jobs=1), articles)
        pooled = build_report(ws, claims, replace(asked, jobs=2), articles)
        on_dask = _dask_report(ws, claims, asked, client)
        assert _key(on_dask) == _key(serial) == _key(pooled)
        assert on_dask.findings == serial.findings == pooled.findings  # messages, reasoning and claims too
        assert on_dask.agreements == serial.agreements == pooled.agreements
        assert (on_dask.groups, on_dask.claims, on_dask.stale_suppressions, on_dask.consistent) == (
            serial.groups, serial.claims, serial.stale_suppressions, serial.consistent)
        assert len(serial.agreements) == (serial.consistent if listed else 0)
        reports.append(on_dask)
    counted, listed_report = reports
    assert counted.findings == listed_report.findings and counted.consistent == listed_report.consistent
    return listed_report


def test_seeds_findings_equal_in_process_and_pool(seeds_ws: Workspace, client: Any) -> None:
    report = _compare(seeds_ws, client)
    assert report.findings


def test_synthetic_findings_equal_in_process_and_pool(synthetic_ws: Workspace, client: Any) -> None:
    report = _compare(synthetic_ws, client)
    assert any(f.rule == "FC101" for f in report.findings) and report.consistent


def test_focus_and_selection_equal(synthetic_ws: Workspace, client: Any) -> None:
    claims = load_claims(synthetic_ws)
    first = sorted({c.article for c in claims})[:3]
    focus = frozenset(c.uid for c in claims if c.article in first)
    _compare(synthetic_ws, client, CheckRequest(config=load_config(ROOT), focus=focus))
    _compare(synthetic_ws, client, CheckRequest(config=load_config(ROOT), select=("FC1",)))


def test_scheduler_address(seeds_ws: Workspace, client: Any) -> None:
    claims = load_claims(seeds_ws)
    request = CheckRequest(config=load_config(ROOT))
    report = run_report_on_dask(seeds_ws, claims, request, 5, client.scheduler.address)
    assert _key(report) == _key(build_report(seeds_ws, claims, CheckRequest(config=load_config(ROOT), jobs=1), 5))


def test_extraction_equal(synthetic_ws: Workspace, seeds_ws: Workspace, client: Any) -> None:
    articles = [read_article(ws, e)[0] for ws in (seeds_ws, synthetic_ws) for e in load_manifest(ws)]
    assert extract_on_dask(articles, client) == [extract_claims(a) for a in articles]
    assert extract_on_dask([], client) == []


def test_missing_dask_is_an_input_error(seeds_ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(FactcheckError, match=r"pip install 'factcheck\[dask\]'"):
        run_report_on_dask(seeds_ws, [], CheckRequest(config=load_config(ROOT)), 0, "local")


def _registry(root: Path) -> dict[str, bytes]:
    files = sorted((root / "claims").glob("*.yaml")) + [root / "seeds" / "manifest.yaml"]
    return {p.name: p.read_bytes() for p in files}


def test_extract_workspace_on_dask_writes_what_one_process_writes(synthetic_ws: Workspace, client: Any,
                                                                  tmp_path: Path) -> None:
    """`factcheck extract --scheduler ADDR`: the registry rebuilt on the cluster is the one rebuilt here."""
    from factcheck.core import extract_workspace

    copies = []
    for name in ("here", "dask"):
        root = tmp_path / name
        shutil.copytree(synthetic_ws.root, root)
        for path in (root / "claims").glob("*.yaml"):
            path.unlink()
        copies.append(Workspace(root))
    here = extract_workspace(copies[0], jobs=1)
    on_dask = extract_workspace(copies[1], scheduler=client.scheduler.address)
    assert on_dask == here and len(here) == 60
    assert _registry(copies[1].root) == _registry(copies[0].root) == _registry(synthetic_ws.root)
