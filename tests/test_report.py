"""The city-wide HTML report (``genhe-lint report``): what the page says, and that a real browser renders it.

The page is read back with the standard library's HTML parser into a small tree, so the tests check the
structure (the coverage table's rows and columns, the chart's bars, every finding's link to an anchor that
exists, the <mark> around the offending text), not strings that happen to be somewhere in the file. The
last tests run headless Chromium on it: it must be installed (CI installs it in ``.ci/run``); a missing
browser fails the test rather than skipping it, since "it reads well in a browser" is part of the feature.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from genhe_lint import ruledata
from genhe_lint.output.report.source import CONTEXT
from tests.conftest import ROOT, run_cli

MZ = "catalogs/genhe-minzhengju.yaml"
ZW = "catalogs/genhe-zhengwu-shuju.yaml"
CATALOG_FILES = sorted(f"catalogs/{p.name}" for p in (ROOT / "catalogs").glob("*.yaml"))

# -- a small DOM over html.parser -------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        def ok(n: Node) -> bool:
            if tag is not None and n.tag != tag:
                return False
            for key, want in attrs.items():
                have = n.attrs.get(key.rstrip("_").replace("_", "-"))
                if have is None:
                    return False
                if (want not in have.split()) if key == "class_" else (have != want):
                    return False
            return True

        return [n for n in self.iter() if ok(n)]

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    return builder.root


# -- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "r.html"
    proc = run_cli("report", "catalogs/", "-o", str(out), "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert out.is_file()
    return out


@pytest.fixture(scope="module")
def html_text(report_file: Path) -> str:
    return report_file.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def dom(html_text: str) -> Node:
    return parse(html_text)


@pytest.fixture(scope="module")
def findings() -> list[dict[str, Any]]:
    proc = run_cli("check", "catalogs/", "--format", "json", "--no-cache")
    assert proc.returncode == 1, proc.stderr
    diagnostics: list[dict[str, Any]] = json.loads(proc.stdout)["diagnostics"]
    assert diagnostics
    return diagnostics


def standard_leaves() -> list[str]:
    """The required items as the coverage table's columns: each item, and each section without items."""
    standard = ruledata.load().standard
    with_items = {s.section for s in standard if s.section}
    return [s.label for s in standard if s.section or s.name not in with_items]


def ids(dom: Node) -> set[str]:
    found = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    assert len(found) == len(set(found)), "duplicate ids"
    return set(found)


def file_section(dom: Node, path: str) -> Node:
    return dom.find("section", class_="file", data_path=path)


# -- the page --------------------------------------------------------------------------------------


def test_self_contained_and_chinese_by_default(html_text: str, dom: Node) -> None:
    assert html_text.startswith("<!DOCTYPE html>")
    assert dom.find("html").attrs["lang"] == "zh-CN"
    assert "根河市" in dom.find("title").text
    for node in dom.iter():
        assert node.tag not in ("link", "img", "iframe", "object", "embed"), node.tag
        assert "src" not in node.attrs
        href = node.attrs.get("href", "#")
        assert href.startswith("#"), href  # only links within the page
    assert not dom.find_all("script")
    assert "url(" not in html_text and "@import" not in html_text
    css = dom.find("style").text
    assert "@media print" in css and "Noto Sans CJK SC" in css
    assert re.search(r"\d{4}-\d{2}-\d{2}", dom.find("header").text)  # the date


def test_department_rows_count_the_findings(dom: Node, findings: list[dict[str, Any]]) -> None:
    table = dom.find("table", id="departments-table")
    rows = table.find("tbody").find_all("tr")
    assert [r.attrs["data-path"] for r in rows] == CATALOG_FILES
    for row in rows:
        path = row.attrs["data-path"]
        counts = Counter(d["severity"] for d in findings if d["path"] == path)
        cells = [c.text.strip() for c in row.find_all("td")]
        assert cells[0] == path
        assert cells[1:5] == [str(counts[s]) for s in ("error", "warning", "info")] + [str(counts.total())]
    names = {r.attrs["data-path"]: r.find("th").text for r in rows}
    assert names == {MZ: "根河市民政局", ZW: "根河市政务服务与数据管理局"}
    header = dom.find("header").text
    for severity in ("error", "warning", "info"):
        n = sum(1 for d in findings if d["severity"] == severity)
        assert str(n) in dom.find("li", class_=f"card-{severity}").text
    assert "错误" in header and "警告" in header


def test_coverage_table_has_a_row_per_catalog_and_a_column_per_item(dom: Node) -> None:
    table = dom.find("table", id="coverage-table")
    leaves = standard_leaves()
    assert len(leaves) >= 10
    columns = header_columns(table)
    assert columns[0] == "部门" and columns[-1] == "标准事项"
    assert columns[1:-1] == leaves
    rows = table.find("tbody").find_all("tr")
    assert [r.attrs["data-path"] for r in rows] == CATALOG_FILES
    for row in rows:
        cells = row.find_all("td", class_="cov")
        assert [c.attrs["data-item"] for c in cells] == leaves
        for cell in cells:  # a mark and words for each cell, not colour alone
            status = cell.attrs["data-status"]
            assert status in ("present", "misplaced", "missing", "unknown")
            mark = {"present": "✓", "misplaced": "⚠", "missing": "✗", "unknown": "—"}[status]
            assert mark in cell.text
            assert cell.find("span", class_="vh").text.strip()
            assert cell.attrs["title"].startswith(cell.attrs["data-item"])
    legend = dom.find("ul", class_="cov-legend").text
    for word in ("已有", "位置不对", "缺失"):
        assert word in legend


def header_columns(table: Node) -> list[str]:
    """What stands at the foot of each column of a table's (possibly two-row) header, laid out as a
    browser does: a cell spanning two rows takes its column in both, one spanning columns takes several."""
    grid: dict[tuple[int, int], Node] = {}
    for r, row in enumerate(table.find("thead").find_all("tr")):
        c = 0
        for th in row.find_all("th"):
            while (r, c) in grid:
                c += 1
            for dr in range(int(th.attrs.get("rowspan", "1"))):
                for dc in range(int(th.attrs.get("colspan", "1"))):
                    grid[(r + dr, c + dc)] = th
            c += int(th.attrs.get("colspan", "1"))
    last = max(r for r, _ in grid)
    feet = [grid[(last, c)] for c in range(max(c for _, c in grid) + 1)]
    return [th.attrs.get("data-item", th.text.strip()) for th in feet]


def cell(dom: Node, path: str, item: str) -> Node:
    row = dom.find("table", id="coverage-table").find("tr", data_path=path)
    return row.find("td", data_item=item)


def test_coverage_marks_missing_misplaced_and_present(dom: Node) -> None:
    missing = cell(dom, ZW, "履职依据 > 法律法规规章")
    assert missing.attrs["data-status"] == "missing" and "✗" in missing.text and "缺失" in missing.text
    # the 政务服务与数据管理局 catalog prints the 机关简介 rows under a section without a name (GL501): its
    # rows are there, so they count as present, and no finding says the section is missing
    for item in ("机关简介 > 机构领导", "机关简介 > 机关简介", "机关简介 > 下属机构"):
        assert cell(dom, ZW, item).attrs["data-status"] == "present"
    rows = dom.find_all("tr", data_code="GL601", data_path=ZW)
    assert [tr.text for tr in rows if "机关简介" in tr.text] == []
    misplaced = cell(dom, MZ, "政府信息公开工作 > 政府信息公开指南")
    assert misplaced.attrs["data-status"] == "misplaced"
    assert "⚠" in misplaced.text and "位置不对" in misplaced.text
    assert cell(dom, MZ, "财政信息 > 部门预决算").attrs["data-status"] == "present"
    assert cell(dom, ZW, "政府信息公开工作 > 政府信息公开指南").attrs["data-status"] == "present"
    assert cell(dom, MZ, "履职依据 > 法律法规规章").attrs["data-status"] == "present"
    # ⚠ and ✗ lead to the finding that says so
    for node, code in ((missing, "GL601"), (misplaced, "GL602")):
        target = node.find("a").attrs["href"][1:]
        assert dom.find("tr", id=target).attrs["data-code"] == code


def test_charts_have_a_bar_per_rule_and_per_department(dom: Node, findings: list[dict[str, Any]]) -> None:
    svg = dom.find("svg", id="chart-rules")
    assert svg.attrs["role"] == "img" and svg.find("title").text
    bars = svg.find_all("g", class_="bar")
    per_rule = Counter(d["code"] for d in findings)
    assert {b.attrs["data-key"] for b in bars} == set(per_rule)
    assert len(bars) == len(per_rule)
    names = {d["code"]: d["name"] for d in findings}
    for bar in bars:
        code = bar.attrs["data-key"]
        segments = bar.find_all("rect", class_="seg")
        assert segments and all(float(s.attrs["width"]) > 0 for s in segments)
        by_severity = Counter(d["severity"] for d in findings if d["code"] == code)
        assert {s.attrs["data-severity"]: int(s.attrs["data-count"]) for s in segments} == dict(by_severity)
        label = bar.text
        assert code in label and names[code] in label and str(per_rule[code]) in label
    # each chart is as tall as its bars: a row of at most 40 px per bar, many bars in two columns
    assert int(svg.attrs["height"]) <= 40 * -(-len(bars) // 2) + 20 < 40 * len(bars)
    dep_svg = dom.find("svg", id="chart-departments")
    departments = dep_svg.find_all("g", class_="bar")
    assert int(dep_svg.attrs["height"]) <= 40 * len(departments) + 20
    assert sorted(b.attrs["data-key"] for b in departments) == CATALOG_FILES
    for bar in departments:
        total = sum(1 for d in findings if d["path"] == bar.attrs["data-key"])
        assert int(bar.attrs["data-total"]) == total and str(total) in bar.text


def test_every_finding_is_listed_with_a_link_to_its_line(dom: Node, findings: list[dict[str, Any]]) -> None:
    anchors = ids(dom)
    rows = [r for r in dom.find_all("tr") if r.attrs.get("id", "").startswith("d") and "data-code" in r.attrs]
    assert len(rows) == len(findings)
    sources = {p: (ROOT / p).read_text(encoding="utf-8").split("\n") for p in CATALOG_FILES}
    unmatched = list(rows)
    for d in findings:
        match = [r for r in unmatched
                 if (r.attrs["data-code"], r.attrs["data-path"], r.attrs["data-line"], r.attrs["data-column"])
                 == (d["code"], d["path"], str(d["line"]), str(d["column"])) and d["message"] in r.text]
        assert match, f"not listed: {d}"
        row = match[0]
        unmatched.remove(row)
        assert d["name"] in row.text and (d["hint"] or "") in row.text
        assert file_section(dom, d["path"]) in row.ancestors()
        target = row.find("td", class_="where").find("a").attrs["href"]
        assert target.startswith("#") and target[1:] in anchors
        line = dom.find(id=target[1:])
        assert line.attrs["id"] == f"{file_section(dom, d['path']).attrs['id']}-L{d['line']}"
        assert line.find("span", class_="src").text == sources[d["path"]][d["line"] - 1]
        # and back: the listing's line has a tag linking to the finding
        assert any(a.attrs["href"] == "#" + row.attrs["id"] for a in line.find_all("a", class_="tag"))
        assert not any(a.tag == "details" for a in line.ancestors())  # never folded away
    assert not unmatched


def test_listing_has_an_anchor_per_line(dom: Node) -> None:
    for path in CATALOG_FILES:
        section = file_section(dom, path)
        prefix = section.attrs["id"]
        lines = section.find("div", class_="listing").find_all("div", class_="ln")
        source = (ROOT / path).read_text(encoding="utf-8").rstrip("\n").split("\n")
        assert [ln.attrs["id"] for ln in lines] == [f"{prefix}-L{i}" for i in range(1, len(source) + 1)]
        assert [ln.find("span", class_="src").text for ln in lines] == source


def test_listing_folds_the_lines_far_from_findings(dom: Node, findings: list[dict[str, Any]]) -> None:
    for path in CATALOG_FILES:
        listing = file_section(dom, path).find("div", class_="listing")
        total = len(listing.find_all("div", class_="ln"))
        hit = {line for d in findings if d["path"] == path
               for line in range(d["line"], max(d["line"], d["end_line"]) + 1)}
        folds = listing.find_all("details", class_="fold")
        assert folds
        folded = 0
        for fold in folds:
            first, last = int(fold.attrs["data-first"]), int(fold.attrs["data-last"])
            lines = fold.find_all("div", class_="ln")
            assert [ln.attrs["id"].rsplit("-L", 1)[1] for ln in lines] == [
                str(n) for n in range(first, last + 1)]
            assert fold.find("summary").text.startswith(f"第 {first}–{last} 行（{last - first + 1} 行）")
            # folded lines are more than the context away from every finding
            assert all(abs(n - h) > CONTEXT for n in range(first, last + 1) for h in hit)
            folded += last - first + 1
        assert folded > total // 3  # the folding is what keeps the page short
        for h in hit:  # the lines around a finding are shown
            for n in range(max(1, h - CONTEXT), min(total, h + CONTEXT) + 1):
                line = listing.find("div", id=f"{file_section(dom, path).attrs['id']}-L{n}")
                assert not any(a.tag == "details" for a in line.ancestors()), (path, n)


def test_one_finding_shows_its_surroundings_and_a_clean_catalog_is_folded_whole(tmp_path: Path) -> None:
    conf = tmp_path / "conf.yaml"
    conf.write_text("select: [GL101]\n", encoding="utf-8")
    out = tmp_path / "r.html"
    proc = run_cli("report", "catalogs/", "-o", str(out), "--no-cache", "--config", str(conf))
    assert proc.returncode == 0, proc.stderr
    page = parse(out.read_text(encoding="utf-8"))
    for path in CATALOG_FILES:
        source = (ROOT / path).read_text(encoding="utf-8").rstrip("\n").split("\n")
        listing = file_section(page, path).find("div", class_="listing")
        assert len(listing.find_all("div", class_="ln")) == len(source)  # every line is still there
        folds = [(int(f.attrs["data-first"]), int(f.attrs["data-last"]))
                 for f in listing.find_all("details", class_="fold")]
        rows = page.find_all("tr", data_code="GL101", data_path=path)
        if path == MZ:
            assert len(rows) == 1
            hit = int(rows[0].attrs["data-line"])
            assert folds == [(1, hit - CONTEXT - 1), (hit + CONTEXT + 1, len(source))]
        else:
            assert not rows and folds == [(1, len(source))]
    # the coverage table stands on the catalogs' standard items, whatever rules the settings select
    assert cell(page, MZ, "财政信息 > 部门预决算").attrs["data-status"] == "present"
    assert cell(page, ZW, "政府信息公开工作 > 政府信息公开指南").attrs["data-status"] == "present"


def test_offending_text_is_marked(dom: Node) -> None:
    row = dom.find("tr", data_code="GL101", data_path=MZ)
    marks = [m for m in dom.find_all("mark") if row.attrs["id"] in m.attrs.get("data-d", "").split()]
    assert marks and {m.text for m in marks} == {"天河市"}
    in_listing = [m for m in marks if any(a.attrs.get("class") == "listing" for a in m.ancestors())]
    assert len(in_listing) == 1
    line = next(a for a in in_listing[0].ancestors() if "ln" in a.classes())
    assert line.attrs["id"] == f"{file_section(dom, MZ).attrs['id']}-L{row.attrs['data-line']}"
    assert "GL101" in in_listing[0].attrs["title"]
    # the copied 督查督办 passage: the other bureau's name is marked, and the finding names its source line
    copied = dom.find("tr", data_code="GL703", data_path=ZW)
    marked = {m.text for m in dom.find_all("mark") if copied.attrs["id"] in m.attrs["data-d"].split()}
    assert marked == {"根河市民政局"}
    source = copied.find("div", class_="xref").find("a").attrs["href"][1:]
    assert source.startswith(file_section(dom, MZ).attrs["id"] + "-L")


def test_everything_is_escaped_and_an_unreadable_file_is_unknown(tmp_path: Path) -> None:
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "version: 1\ndepartment: 根河市民政局\ntitle: <b>标题</b>\nsections:\n"
        "  - serial: 1\n    name: 履职依据<script>alert(1)</script>\n    content: 天河市 & “XX”\n"
        "    deadline: 即时公开\n    publisher: 办公室\n    channels: [政府网站]\n    audience: [全社会]\n"
        "    unit: 办公室\n", encoding="utf-8")
    (folder / "b.yaml").write_text("version: 1\nsections: [\n", encoding="utf-8")
    out = tmp_path / "r.html"
    proc = run_cli("report", str(folder), "-o", str(out), "--no-cache")
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>标题" not in text
    assert "履职依据&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;b&gt;标题&lt;/b&gt;" in text
    page = parse(text)
    rows = page.find("table", id="coverage-table").find("tbody").find_all("tr")
    assert len(rows) == 2
    broken = next(r for r in rows if r.attrs["data-path"].endswith("b.yaml"))
    assert {c.attrs["data-status"] for c in broken.find_all("td", class_="cov")} == {"unknown"}
    fine = next(r for r in rows if r.attrs["data-path"].endswith("a.yaml"))
    assert fine.find("td", data_item="履职依据 > 法律法规规章").attrs["data-status"] == "missing"
    marks = [m.text for m in page.find_all("mark")]
    assert "天河市" in marks


def test_english(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    proc = run_cli("report", "catalogs/", "-o", str(out), "--lang", "en", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    page = parse(out.read_text(encoding="utf-8"))
    assert page.find("html").attrs["lang"] == "en"
    headings = [h.text for h in page.find_all("h2")]
    assert "Findings" in headings and "Coverage of the standard catalog" in headings
    assert "missing" in cell(page, ZW, "履职依据 > 法律法规规章").text
    assert "looks like a misspelling of '根河市'" in page.find("tr", data_code="GL101").text
    assert "errors" in page.find("li", class_="card-error").text


# -- in a real browser -----------------------------------------------------------------------------

WIDTH, HEIGHT = 1400, 1800


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    assert browser, ("headless Chromium is needed for this test "
                     "(Debian: apt-get install chromium fonts-noto-cjk)")
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=20)


def png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the (filtered) scanlines of a non-interlaced 8-bit PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    assert len(raw) == stride * height
    return width, height, [raw[i * stride:(i + 1) * stride] for i in range(height)]


def test_chromium_renders_the_report(report_file: Path, tmp_path: Path) -> None:
    url = report_file.resolve().as_uri()
    dump = chromium(tmp_path / "profile-dom", "--dump-dom", url)
    assert dump.returncode == 0, dump.stderr[-2000:]
    assert ":CONSOLE" not in dump.stderr, dump.stderr  # no script error or console message
    rendered = parse(dump.stdout)
    table = rendered.find("table", id="coverage-table")
    assert len(table.find("tbody").find_all("tr")) == len(CATALOG_FILES)
    assert rendered.find("svg", id="chart-rules").find_all("g", class_="bar")
    assert rendered.find("svg", id="chart-departments")

    shot = tmp_path / "r.png"
    proc = chromium(tmp_path / "profile-png", f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}", url)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert ":CONSOLE" not in proc.stderr, proc.stderr
    assert shot.is_file()
    data = shot.read_bytes()
    width, height, rows = png_rows(data)
    assert (width, height) == (WIDTH, HEIGHT)
    # not blank: a page of text, tables and charts is large and has many different scanlines
    assert len(data) > 30_000
    assert len(set(rows)) > HEIGHT // 4


def test_a_link_into_a_fold_opens_it_in_chromium(report_file: Path, dom: Node, tmp_path: Path) -> None:
    fold = file_section(dom, MZ).find("details", class_="fold")
    target = fold.find_all("div", class_="ln")[-1].attrs["id"]
    assert "open" not in fold.attrs
    dump = chromium(tmp_path / "profile", "--dump-dom", f"{report_file.resolve().as_uri()}#{target}")
    assert dump.returncode == 0, dump.stderr[-2000:]
    opened = parse(dump.stdout).find(id=target).parent
    assert opened is not None and opened.tag == "details" and "open" in opened.attrs


def test_coverage_cell_section_missing_item_absent_or_present() -> None:
    """An item that is nowhere takes its missing section's ✗; one whose rows exist is present."""
    from genhe_lint import ruledata
    from genhe_lint.diagnostic import Diagnostic, Msg, Severity, Span
    from genhe_lint.output.report.coverage import MISSING, PRESENT, coverage_cell
    from genhe_lint.rules.facts import CatalogFacts, StandardFact, StandardFacts

    data = ruledata.load()
    leader = next(s for s in data.standard if s.label == "机关简介 > 机构领导")
    section_gone = Diagnostic("GL601", "missing-standard-item", Severity.WARNING, "c.yaml", Span(2, 1, 2, 9),
                              Msg("缺少", "missing"), data={"item": "机关简介"})
    absent = coverage_cell(leader, CatalogFacts("c.yaml", "根河市民政局", None), [(1, section_gone)])
    assert absent.status == MISSING
    fact = StandardFact("机关简介 > 机构领导", "机构领导", Span(9, 11, 9, 15), None, None)
    facts = CatalogFacts("c.yaml", "根河市民政局", None, StandardFacts([fact]))
    present = coverage_cell(leader, facts, [(1, section_gone)])
    assert present.status == PRESENT
