"""Rule data is data: validated with exact positions, extendable and replaceable from another folder."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genhe_lint import ruledata
from tests.conftest import ROOT, lint, run_cli

RULES_DIR = ROOT / "lint_rules"


def test_default_data_loads_and_compiles(data: ruledata.RuleData) -> None:
    assert data.region.name == "根河市"
    assert "根河市政务服务与数据管理局" in data.departments
    assert data.department("根河市政务服务局") is not None  # old name resolves
    assert len(data.channels.canonical) == 13
    assert data.channels.resolve("广播电视台") == "广播电视"
    assert data.channels.resolve("社区/企事业单位/ 公示栏(电子屏)") == "社区/企事业单位/公示栏（电子屏）"
    assert data.deadline_ok("信息产生或变更之日起20个工作日内公开，保持长期公开")
    assert not data.deadline_ok("尽快公开")


def test_one_matcher_finds_longest_names(data: ruledata.RuleData) -> None:
    hits = data.scan("根河市民政局与民政局及根河市人民政府网")
    assert [h.text for h in hits] == ["根河市民政局", "民政局", "根河市人民政府网"]
    assert hits[2].tags[0].kind == "reference"


def _reference_pattern(words: list[str]) -> re.Pattern[str]:
    """Leftmost-longest search by a regular expression: an alternation of the words, longest first (at
    each position the first alternative that matches is taken, so the longest word that starts there)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


def _reference_hits(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def test_matcher_agrees_with_a_regex_on_the_real_catalogs(data: ruledata.RuleData) -> None:
    """Every text of the real catalogs: the automaton finds what the longest-first regex finds."""
    from genhe_lint.catalog import model
    from genhe_lint.load.loader import load_path

    pattern = _reference_pattern(list(data.literal_tags))
    found = 0
    for path in sorted((ROOT / "catalogs").glob("*.yaml")):
        document = load_path(path, str(path))
        catalog = model.build(document.path, document.source, document.root)
        assert catalog is not None
        for text, _ in catalog.text_list:
            got = [(h.start, h.end, h.text) for h in data.scan(text.value)]
            assert got == _reference_hits(pattern, text.value)
            assert all(h.tags == data.literal_tags[h.text] for h in data.scan(text.value))
            found += len(got)
    assert found > 50


def test_one_pass_over_a_catalog_finds_what_each_text_holds(data: ruledata.RuleData) -> None:
    """The matcher's pass over all of a catalog's texts at once, each match handed back to its text, finds
    in every text what a scan of that text alone finds, and a kind keeps the matches of its literals."""
    from genhe_lint.catalog import model
    from genhe_lint.load.loader import load_path
    from genhe_lint.rules.base import Context

    for path in sorted((ROOT / "catalogs").glob("*.yaml")):
        document = load_path(path, str(path))
        catalog = model.build(document.path, document.source, document.root)
        assert catalog is not None
        ctx = Context(document=document, data=data, catalog=catalog)
        alone = [(text, h.start, h.end, h.text)
                 for text, _ in catalog.text_list for h in data.scan(text.value)]
        handed_back = [(text, h.start, h.end, h.text) for text, _, h in ctx.text_hits()]
        assert handed_back == alone
        for text, _ in catalog.text_list:
            assert [(h.start, h.end, h.text) for h in ctx.hits(text)] == \
                [(h.start, h.end, h.text) for h in data.scan(text.value)]
        for kind in ("department", "reference", "higher", "substitution"):
            of_kind = [(text, h.start, h.text) for text, _, h in ctx.text_hits(kind)]
            assert of_kind == [(text, start, found) for text, start, _, found in alone
                               if any(t.kind == kind for t in data.literal_tags[found])]
            assert data.matcher is not None
            assert {data.matcher.literals[n] for n in ctx.literals_found(kind)} == {h[2] for h in of_kind}


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet="根河市民政局人府网a😀", min_size=1, max_size=5),
                      min_size=1, max_size=12),
       text=st.text(alphabet="根河市民政局人府网a😀 \n", max_size=60))
def test_matcher_is_leftmost_longest_and_not_overlapping(words: list[str], text: str) -> None:
    """On random words that overlap and nest (and characters beyond the BMP, where offsets count
    characters as ``str`` does), the automaton agrees with the longest-first regex."""
    tags = {w: (ruledata.Tag("higher", w),) for w in words}
    matcher = ruledata.Matcher(tags)
    got = [(h.start, h.end, h.text) for h in matcher.hits(text)]
    assert got == _reference_hits(_reference_pattern(list(tags)), text)
    assert all(text[start:end] == word for start, end, word in got)


def test_broken_rule_file_is_reported_with_path_and_line(tmp_path: Path) -> None:
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "channels.yaml").write_text("channels:\n  - id: x\n    nmae: 新渠道\n", encoding="utf-8")
    proc = run_cli("check", "catalogs/", "--rules-dir", str(extra))
    assert proc.returncode == 2
    assert f"{extra / 'channels.yaml'}:3:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_rule_file_with_bad_yaml_and_bad_regex(tmp_path: Path) -> None:
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "placeholders.yaml").write_text("placeholders:\n  - pattern: '[XX'\n", encoding="utf-8")
    proc = run_cli("check", "catalogs/", "--rules-dir", str(extra))
    assert proc.returncode == 2 and "placeholders.yaml:2:" in proc.stderr and "正则" in proc.stderr
    (extra / "placeholders.yaml").write_text("placeholders: [\n", encoding="utf-8")
    proc = run_cli("check", "catalogs/", "--rules-dir", str(extra))
    assert proc.returncode == 2 and "placeholders.yaml:" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_rules_dir_is_a_usage_error() -> None:
    proc = run_cli("check", "catalogs/", "--rules-dir", "no/such/folder")
    assert proc.returncode == 2 and "no/such/folder" in proc.stderr


def test_adding_a_phrase_and_a_department_needs_no_code(tmp_path: Path) -> None:
    """An editor adds a forbidden phrase and a department in YAML; the rules pick them up."""
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "higher_level.yaml").write_text("phrases:\n  - phrase: 全盟市\n    why: 测试\n",
                                             encoding="utf-8")
    (extra / "departments.yaml").write_text(
        "departments:\n  - name: 根河市档案馆\n    aliases: [档案馆]\n    units: [办公室]\n",
        encoding="utf-8")
    catalog = tmp_path / "c.yaml"
    catalog.write_text("department: 根河市档案馆\nsections:\n  - name: 工作\n    content: 全盟市档案工作\n",
                       encoding="utf-8")
    out = json.loads(run_cli("check", str(catalog), "--format", "json", "--rules-dir", str(extra)).stdout)
    codes = {(d["code"], d["line"], d["column"]) for d in out["diagnostics"]}
    assert ("GL105", 4, 14) in codes  # the new phrase
    assert not any(c == "GL104" for c, _, _ in codes)  # the new department is known


def test_another_region_uses_its_own_data(tmp_path: Path) -> None:
    """A made-up county replaces the region and registry; nothing of 根河 leaks into its results."""
    extra = tmp_path / "rules"
    shutil.copytree(RULES_DIR, extra)
    (extra / "region.yaml").write_text("replace: true\nname: 青山县\nlevel: 县\nparents: [绿水市]\n",
                                       encoding="utf-8")
    (extra / "departments.yaml").write_text(
        "replace: true\ndepartments:\n  - name: 青山县民政局\n    aliases: [民政局]\n    units: [办公室]\n"
        "  - name: 青山县财政局\n    units: [办公室]\nreferences: [青山县人民政府]\n", encoding="utf-8")
    catalog = tmp_path / "c.yaml"
    catalog.write_text(
        "department: 青山县民政局\nsections:\n  - serial: 1\n    name: 工作\n"
        "    content: 青水县民政局与青山县财政局；根河市民政局\n"
        "    deadline: 即时公开\n    publisher: 办公室\n    channels: [政府网站]\n"
        "    audience: [全社会]\n    unit: 办公室\n",
        encoding="utf-8")
    out = json.loads(run_cli("check", str(catalog), "--format", "json", "--rules-dir", str(extra)).stdout)
    found = {(d["code"], d.get("data", {}).get("found")) for d in out["diagnostics"]}
    assert ("GL101", "青水县") in found
    assert ("GL102", "青山县财政局") in found
    assert all("根河" not in d["message"] for d in out["diagnostics"])
    assert not any(d["code"] == "GL102" and "根河" in d["data"]["found"] for d in out["diagnostics"])


def test_region_channel_spelling_is_data(tmp_path: Path, data: ruledata.RuleData) -> None:
    text = "department: 根河市民政局\nsections:\n  - name: a\n    channels: [纸质媒体]\n"
    assert [d.code for d in lint(text, data, "GL203")] == ["GL203"]
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "region.yaml").write_text(
        (RULES_DIR / "region.yaml").read_text(encoding="utf-8")
        .replace("print-media: 纸质传媒", "print-media: 纸质媒体"),
        encoding="utf-8")
    other = ruledata.load((str(extra),))
    assert lint(text, other, "GL203") == []
    assert other.channels.resolve("纸质传媒") == "纸质媒体"


@pytest.mark.parametrize("filename", sorted(ruledata.FILE_NAMES))
def test_every_rule_file_is_documented_in_place(filename: str) -> None:
    text = (RULES_DIR / filename).read_text(encoding="utf-8")
    assert text.startswith("#"), "each rule-data file opens with a comment saying how to edit it"


def test_a_value_pydantic_reads_laxly_loads(tmp_path: Path, data: ruledata.RuleData) -> None:
    """The models' lax reading: "false" as a quoted string, 90.0 for an integer."""
    extra = tmp_path / "rules"
    extra.mkdir()
    template = (RULES_DIR / "template.yaml").read_text(encoding="utf-8")
    assert "\nmatch_score: 85\n" in template
    (extra / "template.yaml").write_text(template.replace("\nmatch_score: 85\n", "\nmatch_score: 90.0\n"),
                                         encoding="utf-8")
    (extra / "channels.yaml").write_text("replace: 'false'\nchannels: [{name: 新渠道}]\n", encoding="utf-8")
    loaded = ruledata.load((str(extra),))
    assert loaded.match_score == 90 and "新渠道" in loaded.channels.canonical
    assert loaded.channels.canonical[:-1] == data.channels.canonical


def _broken(tmp_path: Path, filename: str, text: str) -> ruledata.RuleDataError:
    extra = tmp_path / "rules"
    extra.mkdir(exist_ok=True)
    (extra / filename).write_text(text, encoding="utf-8")
    with pytest.raises(ruledata.RuleDataError) as caught:
        ruledata.load((str(extra),))
    return caught.value


@pytest.mark.parametrize(("filename", "text", "line", "column", "message"), [
    ("channels.yaml", "channels:\n  - id: x\n    nmae: 新渠道\n", 3, 5,
     "channels.0.nmae: 未知的键（另有 1 处问题）"),
    ("channels.yaml", "channels:\n  - id: x\n", 2, 5, "channels.0.name: 缺少必填的键"),
    ("template.yaml", "match_score: 40\n", 1, 14, "match_score: 值不正确"),
    ("deadlines.yaml", "deadlines:\n  - name: a\n    pattern: '{N}('\n", 3, 14, "不是有效的正则表达式"),
    ("region.yaml", "", 1, 1, "文件为空 / file is empty"),
    ("departments.yaml", "departments:\n  - name: 局\n", 2, 11, "departments.0.name: 值不正确"),
])
def test_broken_rule_data_is_explained_where_it_is(tmp_path: Path, filename: str, text: str, line: int,
                                                    column: int, message: str) -> None:
    error = _broken(tmp_path, filename, text)
    assert (error.path, error.line, error.column) == (str(tmp_path / "rules" / filename), line, column)
    assert message in error.message and " / " in error.message


def test_merging_extends_lists_and_replaces_entries_of_the_same_key(tmp_path: Path,
                                                                    data: ruledata.RuleData) -> None:
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "higher_level.yaml").write_text(
        "phrases:\n  - phrase: 全区\n    why: 另一说明\n  - phrase: 全盟市\n", encoding="utf-8")
    (extra / "region.yaml").write_text(
        "name: 根河市\nparents: [某地]\nchannel_names: {print-media: 纸质媒体}\n", encoding="utf-8")
    merged = ruledata.load((str(extra),))
    assert list(merged.higher_level) == [*data.higher_level, "全盟市"]
    assert merged.higher_level["全区"].why == "另一说明"
    assert merged.region.parents == (*data.region.parents, "某地")
    assert merged.region.channel_names == {**data.region.channel_names, "print-media": "纸质媒体"}


# -- JSON Schemas of the rule-data files ---------------------------------------------------------------------


def test_committed_rule_data_schemas_are_up_to_date() -> None:
    from genhe_lint.ruledata.models import json_schema_texts

    texts = json_schema_texts()
    assert sorted(texts) == sorted(p.relative_to(ROOT / "schema").as_posix()
                                   for p in (ROOT / "schema" / "lint_rules").glob("*.schema.json"))
    for relative, text in texts.items():
        committed = (ROOT / "schema" / relative).read_text(encoding="utf-8")
        assert committed == text, "run: genhe-lint schema --all"


@pytest.mark.parametrize("filename", sorted(ruledata.FILE_NAMES))
def test_bundled_rule_data_validates_against_its_schema(filename: str) -> None:
    import jsonschema
    import yaml

    from genhe_lint.ruledata.models import json_schema

    schema = json_schema(filename)
    jsonschema.validate(yaml.safe_load((RULES_DIR / filename).read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"unknown_key": 1}, schema)


def test_rule_data_schemas_speak_chinese_to_editors() -> None:
    from genhe_lint.ruledata.models import json_schema

    departments = json_schema("departments.yaml")
    entry = departments["$defs"]["DepartmentEntry"]["properties"]
    assert departments["title"] == "部门登记表" and entry["name"]["title"] == "规范全称"
    assert "机构改革" in entry["old_names"]["description"]
    for filename in ruledata.FILE_NAMES:
        schema = json_schema(filename)
        for props in [schema["properties"], *(d["properties"] for d in schema.get("$defs", {}).values())]:
            assert all(re.search("[\u4e00-\u9fff]", p["title"]) for p in props.values()), filename


def test_an_extending_file_need_not_repeat_what_the_defaults_have(tmp_path: Path,
                                                                    data: ruledata.RuleData) -> None:
    """A `--rules-dir` region.yaml that only adds words keeps the built-in name and level (no `name:` to
    repeat), and a key it does not write keeps the built-in value rather than the model's default."""
    (tmp_path / "region.yaml").write_text("near_miss_allowed: [根据市]\n", encoding="utf-8")
    extended = ruledata.load((str(tmp_path),))
    assert extended.region.name == data.region.name == "根河市"
    assert extended.region.level == data.region.level
    assert extended.region.parents == data.region.parents
    proc = run_cli("check", "catalogs/", "--rules-dir", str(tmp_path), "--no-cache", "--format", "json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["summary"]["errors"] > 0, proc.stderr
    (tmp_path / "region.yaml").write_text("near_miss_allowed: 5\n", encoding="utf-8")
    bad = run_cli("check", "catalogs/", "--rules-dir", str(tmp_path), "--no-cache")
    assert bad.returncode == 2 and "region.yaml:1:20" in bad.stderr
