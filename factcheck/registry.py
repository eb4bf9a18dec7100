"""The claims registry: ``claims/<article-id>.yaml``, one claim per line.

Each claim line is a flow mapping written so that it is valid JSON as well as YAML: tools read it
fast with ``json``, people read and grep it as YAML, and ``grep -rn 33.4万 claims/`` prints a line
that explains itself. Human corrections (edited fields, ``note``, ``accept``) survive re-extraction;
after an article is edited every claim re-anchors to the same figure or is kept as orphaned.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz

from .about import about as about_of
from .about import parse as parse_about
from .errors import RegistryError
from .jsonio import dumps, loads, quote
from .models import APPROX, KINDS, Article, Claim, Value
from .workspace import Workspace, load_yaml

EDITABLE = ("value", "unit", "kind", "approx", "entity", "metric", "period", "about")
_FIELD_ORDER = ("id", "article", "start", "end", "line", "col", "text", "value", "unit", "kind", "approx",
                "entity", "metric", "period", "quote", "before", "after")


@dataclass(frozen=True)
class ClaimsFile:
    """A parsed claims file: its header, its claims (by position) and orphaned claims."""

    article: str
    file: str
    sha256: str
    published: str
    claims: tuple[Claim, ...]
    orphans: tuple[Claim, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()  # claim id → line in the YAML file

    def line_of(self, claim_id: str) -> int | None:
        return dict(self.lines).get(claim_id)


# ---------------------------------------------------------------- serialise

def machine_hash(claim: Claim, about_text: str | None = None) -> str:
    """Hash of the editable fields as the tool wrote them: a mismatch means a human edited the line.
    ``about_text``: the identity as rendered, when the caller has it already."""
    payload = "\x1f".join(_editable(claim, f) if f != "about" or about_text is None else about_text
                          for f in EDITABLE)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:8]


def _editable(claim: Claim, name: str) -> str:
    """An editable field as the registry writes it: ``about`` is the identity recorded, or derived."""
    if name == "about":
        return about_of(claim).render()
    return _scalar(getattr(claim, name))


def _scalar(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def claim_to_dict(claim: Claim, *, with_hash: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rendered = about_of(claim).render()
    for name in _FIELD_ORDER:
        out[name] = getattr(claim, name)
        if name == "period":
            out["about"] = rendered
    if claim.link:
        out["link"] = claim.link
    if claim.note:
        out["note"] = claim.note
    if claim.accept:
        out["accept"] = [_accept_to_dict(a) for a in claim.accept]
    if claim.edited:
        out["edited"] = list(claim.edited)
    if with_hash:
        out["h"] = machine_hash(claim, rendered)
    return out


def _accept_to_dict(item: tuple[str, str]) -> dict[str, str]:
    spec, reason = item
    rule, _, other = spec.partition(":")
    entry = {"rule": rule}
    if other:
        entry["with"] = other
    entry["reason"] = reason
    return entry


def render_file(cf: ClaimsFile) -> str:
    """The claims file's text: deterministic, one claim per line."""
    lines = [
        f"# factcheck claims for {cf.file}: one claim per line (JSON-compatible YAML).",
        "# Correct value/unit/kind/approx/entity/metric/period in place, or add \"note\" or",
        "# \"accept\": [{\"rule\": \"FC101\", \"reason\": \"…\"}]; `factcheck extract` keeps such edits.",
        f"article: {quote(cf.article)}",
        f"file: {quote(cf.file)}",
        f"sha256: {quote(cf.sha256)}",
        f"published: {quote(cf.published)}",
    ]
    claims = sorted(cf.claims, key=lambda c: (c.start, c.end, _id_number(c.id)))
    lines.append("claims:" if claims else "claims: []")
    for claim in claims:
        lines.append("- " + dumps(claim_to_dict(claim)))
    if cf.orphans:
        lines.append("# orphaned: claims whose figure is no longer in the article; fix or delete them.")
        lines.append("orphaned:")
        for claim in sorted(cf.orphans, key=lambda c: _id_number(c.id)):
            lines.append("- " + dumps(claim_to_dict(claim)))
    return "\n".join(lines) + "\n"


def _id_number(claim_id: str) -> int:
    m = re.search(r"(\d+)$", claim_id)
    return int(m.group(1)) if m else 0


# ---------------------------------------------------------------- parse

def parse_file(text: str, path: str, *, expected_article: str | None = None) -> ClaimsFile:
    """Parse and validate a claims file; problems raise RegistryError with file and line."""
    data = load_yaml(text, path)
    if not isinstance(data, dict):
        raise RegistryError("a claims file must be a mapping with 'article' and 'claims'", path=path, line=1)
    article = str(data.get("article") or "")
    if expected_article is not None and article != expected_article:
        raise RegistryError(f"article {article!r} does not match the file name {expected_article!r}",
                            path=path, line=_key_line(text, "article"))
    item_lines = _section_item_lines(text)
    claims_raw = data.get("claims") or []
    orphans_raw = data.get("orphaned") or []
    if not isinstance(claims_raw, list) or not isinstance(orphans_raw, list):
        raise RegistryError("'claims' and 'orphaned' must be lists", path=path, line=_key_line(text, "claims"))
    claims: list[Claim] = []
    orphans: list[Claim] = []
    seen: dict[str, int] = {}
    line_map: list[tuple[str, int]] = []
    for section, raw_items, sink in (("claims", claims_raw, claims), ("orphaned", orphans_raw, orphans)):
        lines = item_lines.get(section, [])
        for index, item in enumerate(raw_items):
            line = lines[index] if index < len(lines) else None
            claim = claim_from_dict(item, article, str(data.get("file") or ""), str(data.get("published") or ""),
                                    path, line)
            if claim.id in seen:
                raise RegistryError(f"duplicate claim id {claim.id!r} (first on line {seen[claim.id]})",
                                    path=path, line=line)
            seen[claim.id] = line or 0
            sink.append(claim)
            if line is not None:
                line_map.append((claim.id, line))
    return ClaimsFile(
        article=article, file=str(data.get("file") or ""), sha256=str(data.get("sha256") or ""),
        published=str(data.get("published") or ""), claims=tuple(claims), orphans=tuple(orphans),
        lines=tuple(line_map),
    )


def _key_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _section_item_lines(text: str) -> dict[str, list[int]]:
    section = ""
    out: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^([A-Za-z_]+):", line)
        if m:
            section = m.group(1)
            continue
        if line.startswith("- ") or line == "-":
            out.setdefault(section, []).append(number)
    return out


def claim_from_dict(item: Any, article: str, file: str, published: str, path: str, line: int | None) -> Claim:
    if not isinstance(item, dict):
        raise RegistryError("a claim must be a mapping", path=path, line=line)

    def need(name: str, types: tuple[type, ...]) -> Any:
        if name not in item:
            raise RegistryError(f"claim without {name!r}", path=path, line=line)
        value = item[name]
        if not isinstance(value, types) or isinstance(value, bool):
            raise RegistryError(f"claim field {name!r} has the wrong type ({type(value).__name__})",
                                path=path, line=line)
        return value

    claim_id = str(need("id", (str, int, Decimal)))
    start = _int(need("start", (int, Decimal)), "start", path, line)
    end = _int(need("end", (int, Decimal)), "end", path, line)
    if start < 0 or end < start:
        raise RegistryError(f"claim {claim_id}: bad span [{start}, {end})", path=path, line=line)
    kind = str(need("kind", (str,)))
    if kind not in KINDS:
        raise RegistryError(f"claim {claim_id}: unknown kind {kind!r} (one of {', '.join(KINDS)})",
                            path=path, line=line)
    approx = str(item.get("approx") or "exact")
    if approx not in APPROX:
        raise RegistryError(f"claim {claim_id}: unknown approx {approx!r} (one of {', '.join(APPROX)})",
                            path=path, line=line)
    raw_value = need("value", (str, int, Decimal))
    value: Value = Decimal(raw_value) if isinstance(raw_value, int) else raw_value
    accept = tuple(_parse_accept(item.get("accept"), claim_id, path, line))
    edited = item.get("edited") or []
    if not isinstance(edited, list) or any(e not in EDITABLE for e in edited):
        raise RegistryError(f"claim {claim_id}: 'edited' must list fields among {', '.join(EDITABLE)}",
                            path=path, line=line)
    recorded = str(item.get("about") or "")
    if recorded and parse_about(recorded) is None:
        raise RegistryError(f"claim {claim_id}: 'about' must read 'place · body · subject · measure · period "
                            "(span)', optionally after '?doubt: '", path=path, line=line)
    claim = Claim(
        id=claim_id, article=str(item.get("article") or article), file=file, start=start, end=end,
        text=str(need("text", (str, int, Decimal))), value=value, unit=str(item.get("unit") or ""), kind=kind,
        approx=approx, entity=str(item.get("entity") or ""), metric=str(item.get("metric") or ""),
        period=str(item.get("period") or ""), quote=str(item.get("quote") or ""),
        before=str(item.get("before") or ""), after=str(item.get("after") or ""),
        line=_int(item.get("line") or 0, "line", path, line), col=_int(item.get("col") or 0, "col", path, line),
        link=str(item["link"]) if item.get("link") else None,
        note=str(item["note"]) if item.get("note") else None, accept=accept, edited=tuple(edited),
        published=published, about=recorded,
    )
    stored_hash = item.get("h")
    if stored_hash is not None and str(stored_hash) != machine_hash(claim):
        claim = replace(claim, edited=tuple(sorted(set(claim.edited) | {"?"})))
    return claim


def _int(value: Any, name: str, path: str, line: int | None) -> int:
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise RegistryError(f"claim field {name!r} must be an integer", path=path, line=line)
        return int(value)
    if isinstance(value, int):
        return value
    raise RegistryError(f"claim field {name!r} must be an integer", path=path, line=line)


def _parse_accept(raw: Any, claim_id: str, path: str, line: int | None) -> Iterable[tuple[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raw = [raw]
    out = []
    for item in raw:
        if isinstance(item, str):
            out.append((item, ""))
            continue
        if not isinstance(item, dict) or "rule" not in item:
            raise RegistryError(f"claim {claim_id}: 'accept' entries need a 'rule' (and a 'reason')",
                                path=path, line=line)
        spec = str(item["rule"])
        if item.get("with"):
            spec += ":" + str(item["with"])
        out.append((spec, str(item.get("reason") or "")))
    return out


def fast_parse(text: str, path: str, expected_article: str | None = None) -> ClaimsFile:
    """Parse a file the tool wrote (claim lines are JSON) without YAML; falls back to YAML otherwise."""
    header: dict[str, str] = {}
    claims: list[Claim] = []
    orphans: list[Claim] = []
    sink = claims
    seen: dict[str, int] = {}
    line_map: list[tuple[str, int]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        if line.startswith("- {"):
            try:
                item = loads(line[2:])
            except ValueError:
                return parse_file(text, path, expected_article=expected_article)
            claim = claim_from_dict(item, header.get("article", ""), header.get("file", ""),
                                    header.get("published", ""), path, number)
            if claim.id in seen:
                raise RegistryError(f"duplicate claim id {claim.id!r} (first on line {seen[claim.id]})",
                                    path=path, line=number)
            seen[claim.id] = number
            sink.append(claim)
            line_map.append((claim.id, number))
            continue
        m = re.match(r'^(article|file|sha256|published): ("(?:[^"\\]|\\.)*")$', line)
        if m:
            try:
                header[m.group(1)] = str(loads(m.group(2)))
            except ValueError:
                return parse_file(text, path, expected_article=expected_article)
            continue
        if line in ("claims:", "claims: []"):
            sink = claims
            continue
        if line in ("orphaned:", "orphaned: []"):
            sink = orphans
            continue
        return parse_file(text, path, expected_article=expected_article)
    if "article" not in header:
        return parse_file(text, path, expected_article=expected_article)
    if expected_article is not None and header["article"] != expected_article:
        raise RegistryError(f"article {header['article']!r} does not match the file name {expected_article!r}",
                            path=path, line=_key_line(text, "article"))
    return ClaimsFile(article=header["article"], file=header.get("file", ""), sha256=header.get("sha256", ""),
                      published=header.get("published", ""), claims=tuple(claims), orphans=tuple(orphans),
                      lines=tuple(line_map))


def load_file(ws: Workspace, article_id: str) -> ClaimsFile | None:
    """The claims file of an article, or None when there is none yet."""
    path = ws.claims_path(article_id)
    if not path.exists():
        return None
    rel = ws.relative(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise RegistryError("claims file is not UTF-8", path=rel) from None
    except OSError as exc:
        raise RegistryError(f"cannot read claims file: {exc.strerror}", path=rel) from None
    return fast_parse(text, rel, expected_article=article_id)


def validate_spans(cf: ClaimsFile, article: Article, path: str) -> list[tuple[Claim, str]]:
    """Claims whose span is outside the article or whose text no longer matches it."""
    problems = []
    for claim in cf.claims:
        if claim.end > len(article.text):
            problems.append((claim, f"claim {claim.id}: span [{claim.start}, {claim.end}) lies outside the "
                                    f"article ({len(article.text)} characters)"))
        elif article.text[claim.start:claim.end] != claim.text:
            found = article.text[claim.start:claim.end]
            problems.append((claim, f"claim {claim.id}: quote {claim.text!r} no longer matches the article "
                                    f"at [{claim.start}, {claim.end}) ({found!r})"))
    return problems


# ---------------------------------------------------------------- merge on re-extraction

def merge(fresh: list[Claim], old: ClaimsFile | None, article: Article) -> tuple[list[Claim], list[Claim]]:
    """Carry ids and human edits from the old file onto the fresh claims; return (claims, orphans)."""
    if old is None:
        return fresh, []
    pool = list(old.claims) + list(old.orphans)
    same_text = old.sha256 == article.sha256
    assigned: dict[int, Claim] = {}
    used: set[int] = set()

    def take(match_fn: Any) -> None:
        for fi, fc in enumerate(fresh):
            if fi in assigned:
                continue
            candidates = [(score, oi) for oi, oc in enumerate(pool) if oi not in used
                          for score in [match_fn(fc, oc)] if score is not None]
            if not candidates:
                continue
            candidates.sort(key=lambda x: (-x[0], x[1]))
            if len(candidates) > 1 and candidates[0][0] == candidates[1][0] and match_fn is not _exact_span:
                continue  # ambiguous: never guess between two equally good anchors
            oi = candidates[0][1]
            assigned[fi] = pool[oi]
            used.add(oi)

    if same_text:
        take(_exact_span)
    take(_exact_context)
    take(_fuzzy_context)
    next_id = max([_id_number(c.id) for c in pool] + [0]) + 1
    id_map: dict[str, str] = {}
    out: list[Claim] = []
    new_claims = []
    for fi, fc in enumerate(fresh):
        prior = assigned.get(fi)
        if prior is None:
            new_claims.append(fi)
            continue
        id_map[fc.id] = prior.id
    for fi in new_claims:
        id_map[fresh[fi].id] = f"c{next_id}"
        next_id += 1
    for fi, fc in enumerate(fresh):
        merged = replace(fc, id=id_map[fc.id], link=id_map.get(fc.link) if fc.link else None)
        prior = assigned.get(fi)
        if prior is not None:
            merged = _carry_human(merged, prior)
        out.append(merged)
    orphans = [oc for oi, oc in enumerate(pool) if oi not in used and (not same_text or _has_human(oc))]
    return out, orphans


def _exact_span(fc: Claim, oc: Claim) -> float | None:
    return 3.0 if (fc.start, fc.end, fc.text) == (oc.start, oc.end, oc.text) else None


def _exact_context(fc: Claim, oc: Claim) -> float | None:
    if fc.text != oc.text or fc.before != oc.before or fc.after != oc.after:
        return None
    return 2.0 - min(abs(fc.start - oc.start), 10**6) / 10**7


def _fuzzy_context(fc: Claim, oc: Claim) -> float | None:
    if fc.text != oc.text:
        return None
    score = fuzz.ratio(fc.before + "\x00" + fc.after, oc.before + "\x00" + oc.after)
    quote_score = fuzz.ratio(fc.quote, oc.quote)
    best = max(score, quote_score)
    if best < 60:
        return None
    return best / 100.0 - min(abs(fc.start - oc.start), 10**6) / 10**7


def _has_human(claim: Claim) -> bool:
    return bool(claim.note or claim.accept or [e for e in claim.edited if e != "?"])


def _carry_human(fresh: Claim, prior: Claim) -> Claim:
    """Keep the fields a human corrected, plus notes and accepted findings."""
    edited = {e for e in prior.edited if e != "?"}
    if "?" in prior.edited:
        # the line was edited since the tool wrote it: every field that differs from the extractor's
        # value is a correction
        for name in EDITABLE:
            if _editable(prior, name) != _editable(fresh, name):
                edited.add(name)
    changes: dict[str, Any] = {name: getattr(prior, name) for name in edited}
    return replace(fresh, **changes, note=prior.note, accept=prior.accept, edited=tuple(sorted(edited)))
