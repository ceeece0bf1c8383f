"""The loader's faster tag resolution gives exactly the tags of PyYAML's safe loader, and the tree check
finds the same problems whether or not the text could share nodes."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from genhe_lint.load import parse
from genhe_lint.load.limits import Limits

SCALARS = ["", "~", "null", "Null", "NULL", "yes", "No", "on", "OFF", "true", "False", "1", "-1", "+1",
           "0x1f", "0o17", "017", "1_000", "1.5", "-.5", "1e3", ".inf", "-.Inf", ".nan", "2024-01-01",
           "2024-01-01 10:00:00", "2024-1-1T10:00:00Z", "=", "<<", "根河市", "XX年", "12:30", "190:20:30",
           "0b101", "1.2.3", "- x"]


def _tags(node: yaml.Node) -> list[tuple[str, object]]:
    out = [(node.tag, node.value if isinstance(node, yaml.ScalarNode) else None)]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += _tags(key) + _tags(value)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            out += _tags(child)
    return out


def _compose(text: str, loader_cls: type) -> yaml.Node:
    composer = loader_cls(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


def test_same_tags_as_the_safe_loader() -> None:
    lines = []
    for i, value in enumerate(SCALARS):
        lines.append(f"k{i}: {value}" if value and not value.startswith("-") else f"k{i}: '{value}'")
        lines.append(f"q{i}: '{value}'")
    lines.append("list: [1, a, ~, '2', !!str 3, {x: yes}]")
    lines.append("block: |\n  1\n")
    text = "\n".join(lines) + "\n"
    assert _tags(_compose(text, parse._Loader)) == _tags(_compose(text, yaml.CSafeLoader))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.-+:_eExXoObB~nNyYtTfFa根 ", min_size=1, max_size=12))
def test_same_tag_for_any_plain_scalar(value: str) -> None:
    text = f"k: [{value!r}, x]\nv: {value.strip() or 'x'}\n".replace("'", "")
    try:
        expected = _tags(_compose(text, yaml.CSafeLoader))
    except yaml.YAMLError:
        return
    assert _tags(_compose(text, parse._Loader)) == expected


def _doc(draw: st.DrawFn, depth: int = 0) -> str:
    keys = st.sampled_from(["name", "名称", "items", "a", "serial", "内容：x", "'a'", "on", "'on'", "<<"])
    values = st.sampled_from(["x", "根河市：民政局", "'引号：内'", "1", "[a, b]", "|\n  块：文字"])
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        key = draw(keys)
        if depth < 7 and draw(st.booleans()):
            inner = _doc(draw, depth + 1)
            lines.append(f"{key}:\n" + "\n".join("  " + line for line in inner.split("\n")))
        else:
            value = draw(values)
            block = value.startswith("|")
            lines.append(f"{key}: {value}".replace("\n", "\n  ") if block else f"{key}: {value}")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_tree_check_is_the_same_where_nodes_may_be_shared(data: st.DataObject) -> None:
    """A text with an anchor character (here in a comment) is walked node by node through the stack,
    others with scalars looked at in place: the findings are the same."""
    text = data.draw(st.composite(_doc)()) + "\n"
    try:
        root = _compose(text, parse._Loader)
    except yaml.YAMLError:
        return
    limits = Limits(max_depth=data.draw(st.sampled_from([1, 2, 8])))
    marked = text + "# & << ：\n"
    shared = parse._check_tree(_compose(marked, parse._Loader), limits, marked)
    plain = parse._check_tree(root, limits, text)
    assert [(p.kind, p.line, p.column, p.message) for p in plain[0]] == \
        [(p.kind, p.line, p.column, p.message) for p in shared[0]]
    assert plain[1] == shared[1]
    assert plain[2] == shared[2]
    if not plain[0]:  # the data built by the walk is the safe loader's, keys named as text
        assert plain[2] == _keys_as_text(yaml.safe_load(text))


def _keys_as_text(data: object) -> object:
    if isinstance(data, dict):
        return {str(k): _keys_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_keys_as_text(v) for v in data]
    return data


def test_aliases_and_merge_keys_are_found() -> None:
    text = "a: &x [1]\nb: *x\nc: &y v\nd: *y\ne:\n  <<: {k: 1}\n  '<<': quoted\n"
    problems, _suspects, _data = parse._check_tree(_compose(text, parse._Loader), Limits(), text)
    assert [(p.kind, p.line) for p in problems] == [("alias", 0), ("alias", 2), ("merge", 5)]


def test_data_is_what_the_safe_loader_reads() -> None:
    """The data the format check validates is what YAML's safe loader reads, for every kind of plain scalar,
    written again and again (each value is constructed once and shared) and inside lists and mappings."""
    values = ["1", "010", "0x1f", "1_000", "+5", "-3", "1.5", ".inf", "-.Inf", "1e3", "yes", "No", "on",
              "true", "~", "null", "2024-05-01", "2024-05-01 10:20:30", "2024-05-01T10:20:30Z",
              "08", "text", "'010'"]
    body = "".join(f"k{i}: {v}\nl{i}: [{v}, {v}]\nm{i}: {{a: {v}}}\n" for i, v in enumerate(values))
    text = body + "again:\n" + "".join(f"  - {v}\n" for v in values)
    doc = parse.parse("values.yaml", text)
    assert doc.root is not None and not doc.problems
    for _ in range(2):  # the second time from the shared values
        assert parse.to_python(doc.root) == yaml.safe_load(text)
    data = parse.to_python(doc.root)
    assert isinstance(data, dict)
    assert [type(v).__name__ for v in data["again"][:4]] == ["int", "int", "int", "int"]
    assert data["k1"] == 8
    # a value the safe loader cannot construct stays the text written
    bad_date = parse.parse("d.yaml", "d: 2024-13-01\n").root
    assert bad_date is not None and parse.to_python(bad_date) == {"d": "2024-13-01"}


def test_the_document_keeps_the_data_of_its_tree() -> None:
    """The data the walk builds is kept on the document; where duplicate keys were dropped from the tree
    after the walk, the data is that of the tree as kept (the last of each key, in its place)."""
    doc = parse.parse("c.yaml", "a: 1\nb: [x, {c: ~}]\n")
    assert doc.data == {"a": 1, "b": ["x", {"c": None}]}
    doc = parse.parse("d.yaml", "a: 1\nb: 2\na: 3\n")
    assert [p.kind for p in doc.problems] == ["duplicate-key"]
    assert doc.root is not None and doc.data == parse.to_python(doc.root) == {"b": 2, "a": 3}
    assert list(doc.data) == ["b", "a"]  # type: ignore[call-overload]


def test_a_shared_node_is_walked_where_its_anchor_is() -> None:
    """Nesting is measured where a shared node is written (its anchor), not where an alias repeats it."""
    deep = "a:\n" + "".join("  " * i + "- \n" for i in range(1, 4)) + "  " * 4 + "- &x [[1]]\nb: *x\n"
    problems, _suspects, _data = parse._check_tree(_compose(deep, parse._Loader), Limits(max_depth=2), deep)
    assert [p.kind for p in problems] == ["limit"]
    shallow = "a: &x [[1]]\nb:\n" + "".join("  " * i + "- \n" for i in range(1, 4)) + "  " * 4 + "- *x\n"
    problems, _suspects, _data = parse._check_tree(_compose(shallow, parse._Loader), Limits(max_depth=2),
                                                   shallow)
    assert [p.kind for p in problems] == ["alias"]


def _marks(node: yaml.Node | None) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    stack = [node] if node is not None else []
    while stack:
        x = stack.pop()
        out.append((x.tag, x.start_mark.index, x.start_mark.line, x.start_mark.column, x.end_mark.index,
                    x.end_mark.line, x.end_mark.column, x.value if isinstance(x, yaml.ScalarNode) else None))
        if isinstance(x, yaml.MappingNode):
            stack += [n for pair in x.value for n in pair]
        elif isinstance(x, yaml.SequenceNode):
            stack += x.value
    return out


def test_the_bytes_read_parse_as_the_text() -> None:
    """The loader hands the parser the bytes as read: the document (positions, values, problems) is the one
    parsed from the decoded text, with or without a byte-order mark, CRLF line ends or a final newline."""
    from pathlib import Path

    from genhe_lint.load.loader import load_bytes

    bad = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in bad]
    texts += ["a: 根河\nb: [x, '引号', \"\\u00e9\"]\nc: |\n  块\n", "a: \x07\n", "a: [1\n", "k: v"]
    for text in texts:
        for variant in (text, text.replace("\n", "\r\n"), text.rstrip("\n")):
            expected = parse.parse("x.yaml", variant)
            for data in (variant.encode(), b"\xef\xbb\xbf" + variant.encode()):
                doc = load_bytes(data, "x.yaml")
                assert [(p.kind, p.line, p.column, p.message) for p in doc.problems] == \
                    [(p.kind, p.line, p.column, p.message) for p in expected.problems]
                assert _marks(doc.root) == _marks(expected.root)
                assert doc.data == expected.data
