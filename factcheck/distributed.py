"""Running checks and extraction on a Dask cluster (``check --scheduler``; needs ``factcheck[dask]``).

Work is split the way the in-process engine splits it: extraction maps over articles; checking
maps `check_block` over the blocks that `plan_tasks` built (the shuffle by blocking key), sent to
the workers in contiguous chunks; the reduce (dedupe, severities, sort, suppressions, baseline)
runs here, on results concatenated in task order, so the report equals the one of `build_report`.
Workers need the same version of factcheck installed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .checks import select_checks
from .engine import Mapped, chunked, focused_settings, plan_tasks, reduce_results, run_tasks
from .errors import FactcheckError
from .extract import extract_claims
from .models import Article, Claim, Report
from .report import CheckRequest, settings_from
from .report import finish_report as report_from_outcome
from .workspace import Workspace

CHUNKS_PER_WORKER = 4


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise FactcheckError("--scheduler needs the dask extra: pip install 'factcheck[dask]'") from None
    return distributed


@contextmanager
def connect(scheduler: str) -> Iterator[Any]:
    """A client of ``tcp://host:port``, or of a 2-worker local cluster for "local" or ""."""
    distributed = _distributed()
    if scheduler in ("", "local"):
        import logging

        with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None,
                                      silence_logs=logging.CRITICAL) as cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(scheduler, timeout="30s")
    except OSError as exc:
        raise FactcheckError(f"--scheduler {scheduler}: cannot connect: {exc}") from None
    with client:
        yield client


def _workers(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def _extract_chunk(articles: list[Article]) -> list[list[Claim]]:
    return [extract_claims(a) for a in articles]


def _map_chunks(client: Any, func: Any, chunks: list[list[Any]], **kwargs: Any) -> list[Any]:
    """``func(chunk, **kwargs)`` for every chunk on the cluster, results in chunk order."""
    if not chunks:
        return []
    data = client.scatter(chunks, hash=False)
    futures = client.map(func, data, pure=False, **kwargs)
    return list(client.gather(futures))


def check_on_dask(claims: Sequence[Claim], request: CheckRequest, client: Any) -> tuple[Mapped, int]:
    """The results of every block, in the order of the in-process run, and the block count."""
    settings = settings_from(request)
    codes = tuple(c.code for c in select_checks(settings.select, settings.ignore))
    focus = set(request.focus) if request.focus is not None else None
    tasks = plan_tasks(claims, settings, focus)
    settings = focused_settings(settings, focus)
    chunks = chunked(tasks, _workers(client) * CHUNKS_PER_WORKER, weight=lambda t: len(t[2]) ** 2 + 1)
    out = Mapped()
    for mapped in _map_chunks(client, run_tasks, chunks, codes=codes, settings=settings):
        out.extend(mapped)
    return out, len(tasks)


def finish_report(ws: Workspace, claims: list[Claim], request: CheckRequest, articles: int,
                  mapped: Mapped, groups: int) -> Report:
    """The reduce step of `run_checks` + `build_report`, from the results of every block."""
    outcome = reduce_results(mapped, settings_from(request), request.focus, groups)
    return report_from_outcome(ws, claims, request, articles, outcome)


def run_report_on_dask(ws: Workspace, claims: list[Claim], request: CheckRequest, articles: int,
                       scheduler: str) -> Report:
    """`build_report`, with the blocks checked on the Dask cluster at ``scheduler``."""
    with connect(scheduler) as client:
        mapped, groups = check_on_dask(claims, request, client)
    return finish_report(ws, claims, request, articles, mapped, groups)


def extract_on_dask(articles: list[Article], client: Any) -> list[list[Claim]]:
    """`extract_claims` of every article on the cluster, in the order of ``articles``."""
    chunks = chunked(articles, _workers(client) * CHUNKS_PER_WORKER, weight=lambda a: len(a.text) + 1)
    out: list[list[Claim]] = []
    for part in _map_chunks(client, _extract_chunk, chunks):
        out.extend(part)
    return out


__all__ = ["run_report_on_dask", "extract_on_dask", "check_on_dask", "finish_report", "connect"]
