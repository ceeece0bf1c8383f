"""Property tests (hypothesis): random valid catalogs, written in the many ways people write YAML,
survive load -> fix -> load with every value equal apart from the fixed ones (and BOM, line endings,
final newline and comments kept); lint is deterministic: same input, same output, whatever the order of
the files or the number of processes. Also the fuzz target (fuzz/fuzz_loader.py) for a bounded number
of inputs. Each test prints how many inputs it tried (``pytest -s`` shows the figures).

Values are drawn from phrases of the real catalogs, including the defects that rules fix (天河市,
广播电视台, 社会公众, 权力义务 ...), so that generated catalogs exercise ``--fix``; the text is rendered
with 2 or 4 spaces, flow or block lists, plain, quoted or ``|`` scalars, comments, LF or CRLF, with or
without a BOM and a final newline. ``GENHE_LINT_HYPOTHESIS_SCALE`` multiplies the number of examples.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genhe_lint import ruledata
from genhe_lint.lint import fix as fixing
from genhe_lint.lint import options, passes, pool, result
from genhe_lint.lint import runner as engine
from genhe_lint.load import loader
from genhe_lint.load.parse import to_python
from tests.conftest import ROOT

SCALE = max(1, int(os.environ.get("GENHE_LINT_HYPOTHESIS_SCALE", "1") or 1))


def _settings(examples: int) -> settings:
    return settings(max_examples=examples * SCALE, deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


NAMES = ["机关简介", "机构职能", "领导信息", "规范性文件", "政策解读", "人事信息", "财政预决算", "部门文件",
         "天河市民政局人事任免", "根河市民政局印发的文件", "依法备案登记的民政局规范性文件目录", "权力义务",
         "帐户信息", "登陆网站查询", "引号里可以有: 冒号", "#号开头的说明", "*星号开头", "- 减号开头",
         "含有 # 井号", "全角：冒号", "　全角空格开头", "Email：x@example.com", "name：不是键", "根河市",
         "天河市"]
CONTENTS = [*NAMES, "第一行\n第二行", "1. 国家有关领域的法律\n2. 天河市有关领域的规章\n", "本部门的主要职责"]
CHANNELS = ["政府网站", "政府公报", "广播电视", "广播电视台", "政务服务大厅", "政务服务中心", "其他",
            "纸质媒体", "公开查阅点", "政府门户网站"]
AUDIENCES = ["全社会", "特定群体", "社会公众", "特定对象"]
DEADLINES = ["信息产生或变更之日起20个工作日内公开", "即时公开", "保持常期公开", "与政策文件同步发布"]
UNITS = ["办公室", "财务室", "社会事务股"]
DEPARTMENTS = ["根河市民政局", "根河市政务服务与数据管理局", "根河市财政局", "天河市民政局"]


@dataclass(frozen=True)
class Layout:
    indent: int
    flow_lists: bool
    crlf: bool
    bom: bool
    final_newline: bool
    comments: bool


layouts = st.builds(Layout, indent=st.sampled_from([2, 4]), flow_lists=st.booleans(), crlf=st.booleans(),
                    bom=st.booleans(), final_newline=st.booleans(), comments=st.booleans())

styles = st.sampled_from(["plain", "plain", "single", "double", "literal"])


def _items(depth: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    leaf: dict[str, st.SearchStrategy[Any]] = {
        "name": st.sampled_from(NAMES),
        "content": st.sampled_from(CONTENTS),
        "deadline": st.sampled_from(DEADLINES),
        "publisher": st.sampled_from(["办公室", *DEPARTMENTS]),
        "channels": st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=3, unique=True),
        "audience": st.lists(st.sampled_from(AUDIENCES), min_size=1, max_size=2, unique=True),
        "unit": st.sampled_from(UNITS),
    }
    optional = dict(leaf)
    del optional["name"]
    if depth > 1:
        optional["items"] = st.deferred(lambda: _items(depth - 1))
    item = st.fixed_dictionaries({"name": leaf["name"]}, optional=optional)
    return st.lists(item, min_size=1, max_size=3)


@st.composite
def catalogs(draw: st.DrawFn) -> dict[str, Any]:
    sections = draw(_items(3))
    for i, section in enumerate(sections):
        section["serial"] = draw(st.sampled_from([i + 1, i + 1, i + 1, i, i + 2]))
    catalog: dict[str, Any] = {}
    if draw(st.booleans()):
        catalog["version"] = 1
    catalog["department"] = draw(st.sampled_from(DEPARTMENTS))
    if draw(st.booleans()):
        catalog["title"] = catalog["department"] + "主动公开目录"
    catalog["sections"] = sections
    return catalog


_KEY_ORDER = ["serial", "name", "content", "deadline", "publisher", "channels", "audience", "unit", "items"]


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip(" ") or "\n" in value:
        return False
    if value[0] in "-?:,[]{}#&*!|>'\"%@`" or ": " in value or " #" in value or value.endswith(":"):
        return False
    return not (flow and any(c in value for c in ",[]{}"))


def _quoted(value: str, style: str) -> str:
    if style == "double" or "\n" in value:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return "'" + value.replace("'", "''") + "'"


class _Writer:
    def __init__(self, draw: st.DrawFn, layout: Layout) -> None:
        self.draw, self.layout, self.lines = draw, layout, []
        self.count = 0

    def comment(self) -> str:
        if self.layout.comments and self.draw(st.integers(0, 3)) == 0:
            self.count += 1
            return f"  # 注释{self.count}"
        return ""

    def scalar(self, value: str, flow: bool = False) -> str:
        style = self.draw(styles)
        if style == "plain" and _plain_ok(value, flow):
            return value
        return _quoted(value, "double" if style == "literal" else style)

    def mapping(self, data: dict[str, Any], col: int, dash: bool) -> None:
        """A mapping whose first key sits at ``col``; with ``dash``, it is a list entry ("- " before it)."""
        first = True
        keys = [k for k in _KEY_ORDER if k in data] if "sections" not in data else list(data)
        for key in keys:
            lead = " " * (col - 2) + "- " if dash and first else " " * col
            first = False
            if self.layout.comments and self.draw(st.integers(0, 5)) == 0:
                self.count += 1
                self.lines.append(" " * col + f"# 整行注释{self.count}")
            value = data[key]
            if key in ("items", "sections"):
                self.lines.append(f"{lead}{key}:{self.comment()}")
                child = col + self.layout.indent
                for entry in value:
                    self.mapping(entry, child + 2, dash=True)
            elif isinstance(value, list):
                if self.layout.flow_lists:
                    inner = ", ".join(self.scalar(v, flow=True) for v in value)
                    self.lines.append(f"{lead}{key}: [{inner}]{self.comment()}")
                else:
                    self.lines.append(f"{lead}{key}:{self.comment()}")
                    for v in value:
                        self.lines.append(" " * (col + self.layout.indent)
                                          + f"- {self.scalar(v)}{self.comment()}")
            elif isinstance(value, int):
                self.lines.append(f"{lead}{key}: {value}{self.comment()}")
            elif key == "content" and self.draw(styles) == "literal" and value.strip() \
                    and not value.startswith(" "):
                self.lines.append(f"{lead}{key}: |{'' if value.endswith(chr(10)) else '-'}{self.comment()}")
                for text_line in value.rstrip("\n").split("\n"):
                    self.lines.append(" " * (col + self.layout.indent) + text_line if text_line else "")
            else:
                self.lines.append(f"{lead}{key}: {self.scalar(value)}{self.comment()}")


@st.composite
def rendered(draw: st.DrawFn) -> tuple[dict[str, Any], Layout, bytes]:
    """A catalog, its layout, and the file's bytes."""
    catalog = draw(catalogs())
    layout = draw(layouts)
    writer = _Writer(draw, layout)
    writer.lines.append("# yaml-language-server: $schema=../schema/catalog.schema.json")
    writer.mapping(catalog, 0, dash=False)
    newline = "\r\n" if layout.crlf else "\n"
    text = newline.join(writer.lines) + (newline if layout.final_newline else "")
    return catalog, layout, (b"\xef\xbb\xbf" if layout.bom else b"") + text.encode("utf-8")


# -- load -> fix -> load ----------------------------------------------------------------------------


def _leaves(value: object, path: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        out: dict[str, object] = {f"{path}/": "<map>"}
        for k, v in value.items():
            out.update(_leaves(v, f"{path}/{k}"))
        return out
    if isinstance(value, list):
        out = {f"{path}[]": len(value)}
        for i, v in enumerate(value):
            out.update(_leaves(v, f"{path}/{i}"))
        return out
    return {path: value}


def _comments(text: str) -> list[str]:
    return [line[line.index("# "):] for line in text.split("\n") if "# 注释" in line or "# 整行注释" in line]


def test_fix_round_trip_keeps_every_other_value(data: ruledata.RuleData) -> None:
    stats: Counter[str] = Counter()
    rules = options.Selection().rules()

    @_settings(250)
    @given(rendered(), st.booleans())
    def run(case: tuple[dict[str, Any], Layout, bytes], unsafe: bool) -> None:
        _catalog, layout, raw = case
        stats["catalogs"] += 1
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "c.yaml"
            path.write_bytes(raw)
            before_doc = loader.load_path(path, "c.yaml")
            assert before_doc.root is not None and not before_doc.problems, before_doc.problems
            diagnostics = passes.lint_document(before_doc, data, rules)
            wanted = [d for d in diagnostics if fixing.wanted(d, unsafe)]
            if not wanted:
                return
            stats["with fixes"] += 1
            text = before_doc.source.text
            plan = fixing.plan("c.yaml", text, wanted, unsafe)
            if plan.refused is not None or not plan.changed:
                stats["refused" if plan.refused else "unchanged"] += 1
                assert path.read_bytes() == raw
                return
            fixing.write_atomic(path, plan.fixed, expected=text)
            stats["fixed"] += 1
            stats["fixes applied"] += len(plan.applied)
            after_raw = path.read_bytes()
            assert after_raw.startswith(b"\xef\xbb\xbf") == layout.bom
            assert after_raw.count(b"\r\n") == raw.count(b"\r\n")
            assert after_raw.count(b"\n") == raw.count(b"\n")
            assert after_raw.endswith(b"\n") == raw.endswith(b"\n")
            after_doc = loader.load_path(path, "c.yaml")
            assert after_doc.root is not None and not after_doc.problems
            assert _comments(after_doc.source.text) == _comments(text)
            old = _leaves(to_python(before_doc.root))
            new = _leaves(to_python(after_doc.root))
            assert old.keys() == new.keys()
            pairs = [(str(d.data.get("found", "")), d.fix.replacement)
                     for d in plan.applied if d.fix is not None]
            for key, value in old.items():
                if new[key] == value:
                    continue
                # a fixed value: a string before and after, every difference inside a flagged text and its fix
                stats["values changed"] += 1
                assert isinstance(value, str) and isinstance(new[key], str), key
                changed = difflib.SequenceMatcher(None, value, new[key], autojunk=False).get_opcodes()
                for op, a1, a2, b1, b2 in changed:
                    if op != "equal":
                        assert any(value[a1:a2] in found and new[key][b1:b2] in repl
                                   for found, repl in pairs), (
                            key, value, new[key], pairs)
            # fixing again changes nothing that was fixed; a second plan is still verified
            again = fixing.plan("c.yaml", after_doc.source.text,
                                [d for d in passes.lint_document(after_doc, data, rules)
                                 if fixing.wanted(d, unsafe)],
                                unsafe)
            assert again.refused is None

    run()
    print(f"\nproperty fix round trip: {stats['catalogs']} catalogs tried, {stats['with fixes']} with fixes, "
          f"{stats['fixed']} fixed ({stats['fixes applied']} fixes, "
          f"{stats['values changed']} values changed), "
          f"{stats['refused']} refused, {stats['unchanged']} unchanged")
    assert stats["catalogs"] >= 250 * SCALE and stats["fixed"] > stats["catalogs"] // 4


# -- determinism ------------------------------------------------------------------------------------


def _serialise(result: result.Result) -> list[tuple[Any, ...]]:
    return [(d.path, d.code, d.span, d.severity, d.message, d.hint, d.fix) for d in result.diagnostics]


def test_lint_is_deterministic_in_any_file_order(data: ruledata.RuleData) -> None:
    tried = Counter[str]()

    @_settings(60)
    @given(st.lists(rendered(), min_size=2, max_size=5), st.randoms(use_true_random=False))
    def run(cases: list[tuple[dict[str, Any], Layout, bytes]], rnd: Any) -> None:
        tried["runs"] += 1
        tried["files"] += len(cases)
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for i, (_, _, raw) in enumerate(cases):
                path = Path(folder) / f"c{i}.yaml"
                path.write_bytes(raw)
                paths.append(str(path))
            first = engine.lint_paths([folder], data)
            shuffled = list(paths)
            rnd.shuffle(shuffled)
            second = engine.lint_paths(shuffled, data)
            third = engine.lint_paths(list(reversed(shuffled)), data)
            assert _serialise(first) == _serialise(second) == _serialise(third)
            assert first.files == second.files

    run()
    print(f"\nproperty determinism (file order): {tried['runs']} runs over {tried['files']} catalogs")


def test_lint_is_the_same_with_one_or_two_processes(data: ruledata.RuleData) -> None:
    tried = Counter[str]()

    @_settings(3)
    @given(st.lists(rendered(), min_size=2 * pool.MIN_FILES_PER_JOB, max_size=2 * pool.MIN_FILES_PER_JOB + 4))
    def run(cases: list[tuple[dict[str, Any], Layout, bytes]]) -> None:
        tried["runs"] += 1
        tried["files"] += len(cases)
        with tempfile.TemporaryDirectory() as folder:
            for i, (_, _, raw) in enumerate(cases):
                (Path(folder) / f"c{i:02}.yaml").write_bytes(raw)
            one = engine.lint_paths([folder], data, jobs=1)
            two = engine.lint_paths([folder], data, jobs=2)
            assert _serialise(one) == _serialise(two)
            assert [f.path for f in one.facts] == [f.path for f in two.facts]

    run()
    print(f"\nproperty determinism (--jobs 1/2): {tried['runs']} runs over {tried['files']} catalogs")


# -- the fuzz target, for a bounded number of inputs ----------------------------------------------------


def _fuzz_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_loader", ROOT / "fuzz" / "fuzz_loader.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_fuzz_loader_and_check_for_a_bounded_time() -> None:
    fuzz = _fuzz_module()
    started = time.perf_counter()
    tried = fuzz.run_hypothesis(max_examples=6000 * SCALE, seconds=15.0 * SCALE)
    elapsed = time.perf_counter() - started
    print(f"\nfuzz: {tried} inputs tried in {elapsed:.1f} s")
    assert tried >= 200


def test_fuzz_target_on_the_corpus_and_generated_catalogs() -> None:
    """Every corpus file (and every generated hostile one) passes the fuzz target's checks."""
    fuzz = _fuzz_module()
    make_spec = importlib.util.spec_from_file_location("bad_inputs_make",
                                                       ROOT / "tests" / "bad_inputs" / "make.py")
    assert make_spec is not None and make_spec.loader is not None
    make = importlib.util.module_from_spec(make_spec)
    sys.modules[make_spec.name] = make
    make_spec.loader.exec_module(make)
    count = 0
    for path in sorted((ROOT / "tests" / "bad_inputs").glob("*.yaml")):
        fuzz.check_one(path.read_bytes())
        count += 1
    for build in make.CASES.values():
        fuzz.check_one(build())
        count += 1
    assert count > 60
