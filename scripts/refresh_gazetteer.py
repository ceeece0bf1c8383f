"""Write ``lint_rules/gazetteer.yaml``: China's administrative divisions (GB/T 2260), names only, by level.

The source is the table ``cpca/resources/adcodes.csv`` shipped by the PyPI package ``cpca`` (MIT licence):
12-digit division codes with their names. A code ``PP0000000000`` is a province-level division,
``PPCC00000000`` a prefecture-level one, ``PPCCDD000000`` a county-level one; lower levels are not kept.
The package is needed only here, when the data is refreshed (``pip install cpca``; its own dependencies are
not needed, the table is read as a file): the tool reads the generated file.

Usage: python scripts/refresh_gazetteer.py [--csv PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib.metadata
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ("provinces", "cities", "counties")
# County-level cities created after the package's table was made (it still has 漠河县): added by hand, the
# former names stay (a former name is a real place too, never a typo of this region's name).
LATER = {"counties": ("平泉市", "滦州市", "京山市", "漠河市", "邹平市", "龙港市")}


def _package_csv() -> tuple[Path, str]:
    """The table inside the installed ``cpca`` and the package's version (the package is not imported:
    importing it needs pandas)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cpca is not installed: pip install cpca (or give --csv)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "resources" / "adcodes.csv", importlib.metadata.version("cpca")


def _level(code: str) -> str | None:
    if len(code) != 12 or not code.isdigit() or code[6:] != "000000":
        return None
    if code[2:6] == "0000":
        return "provinces"
    if code[4:6] == "00":
        return "cities"
    return "counties"


def read(path: Path) -> dict[str, list[str]]:
    """Division names by level, each name once (the same county name recurs across provinces), sorted."""
    names: dict[str, set[str]] = {level: set() for level in LEVELS}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            level = _level(row["adcode"].strip())
            name = row["name"].strip()
            if level is not None and name:
                names[level].add(name)
    for level, added in LATER.items():
        names[level].update(added)
    return {level: sorted(found) for level, found in names.items()}


def render(names: dict[str, list[str]], source: str) -> str:
    today = datetime.date.today().isoformat()
    lines = [
        "# 全国行政区划名称（GB/T 2260，省、地、县三级），用于判断一个地名是否真实存在。",
        "# Real place names of China (GB/T 2260, province, prefecture and county levels): a real place name",
        "# is never a near-miss typo of this region's name. Generated, do not edit by hand:",
        "#   python scripts/refresh_gazetteer.py",
        f"# Source: {source} (MIT licence); generated {today}.",
        "# Added by hand (created after the source's table): " + "、".join(LATER["counties"]) + ".",
        f"source: {source!r}",
        f"generated: '{today}'",
    ]
    for level in LEVELS:
        lines.append(f"{level}: [{', '.join(names[level])}]")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, help="adcodes.csv (default: the installed cpca's)")
    parser.add_argument("--out", type=Path, default=ROOT / "lint_rules" / "gazetteer.yaml")
    args = parser.parse_args()
    if args.csv is not None:
        path, source = args.csv, f"{args.csv.name}"
    else:
        path, version = _package_csv()
        source = f"PyPI cpca {version}, cpca/resources/adcodes.csv"
    names = read(path)
    args.out.write_text(render(names, source), encoding="utf-8")
    counts = ", ".join(f"{len(names[level])} {level}" for level in LEVELS)
    print(f"{args.out}: {counts}")


if __name__ == "__main__":
    main()
