"""Text extracted from a catalog table: the two forms seen in practice.

- *Tab form* (a Word/HTML table copied as text): one line per row, cells separated by tabs, checkboxes as
  ``<input type="checkbox" checked>`` or glyphs; a merged cell prints once and leaves its column out of the
  other rows, so columns shift.
- *PDF form* (``pdftotext`` of a table): cells broken over lines and pages, ■ checked and £ unchecked boxes,
  several cells on one line separated by spaces, no column positions at all.

Both are read into printed rows (:class:`~genhe_lint.convert.importers.seedtree.Row`), then into the tree by
:mod:`genhe_lint.convert.importers.seedtree`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from genhe_lint.convert import glyphs
from genhe_lint.convert.build import department_from
from genhe_lint.convert.draft import Draft
from genhe_lint.convert.importers.seedtree import Assembler, Parsed, Row, place_attributes
from genhe_lint.convert.problems import NO_DEPARTMENT, NO_TABLE, UNPLACED_TEXT, Problems
from genhe_lint.convert.vocab import Vocab, load

HEADER_WORDS = {"序号", "公开事项", "公开内容", "公开内容（要素）", "公开时限", "公开主体", "公开渠道和载体",
                "公开对象", "责任科室", "一级事项", "二级事项", "三级事项", "全社会", "特定", "对象", "群体",
                "特定对象", "特定群体"}


_NEW_LIST = re.compile(r"^1(?:[.、．]|[^\d\s.、．年月日个])")


_LIST_START = re.compile(r"^\d{1,2}(?:[.、．]|(?=[^\d\s.、．年月日个]))")


def _content_like(text: str) -> bool:
    body = text.strip()
    return bool(_LIST_START.match(body)) or body.startswith("（") or any(p in body for p in "，。；、：,;") \
        or len(body) > 20


def _split_list(text: str) -> list[str]:
    """``1. 甲 2. 乙`` (a cell's paragraphs run together) -> lines."""
    parts = re.split(r"\s+(?=\d{1,2}[.、．])", text.strip())
    return [p.strip() for p in parts if p.strip()]


def _audiences(header: list[str]) -> list[str]:
    words = " ".join(header).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w == "特定" and i + 1 < len(words) and words[i + 1] in ("对象", "群体"):
            out.append(w + words[i + 1])
            i += 2
            continue
        if w in ("全社会", "特定对象", "特定群体"):
            out.append(w)
        i += 1
    return out or ["全社会", "特定群体"]


def _tab_fields(line: str, vocab: Vocab) -> list[tuple[str, str]]:
    """A row's fields, each classified: serial, text, deadline, dept (公开主体 or 责任科室), boxes, mark,
    empty."""
    raw = line.split("\t")
    m = re.match(r"^(\d{1,3})\s+(\S.*)$", raw[0].strip())
    if m:
        raw = [m.group(1), m.group(2), *raw[1:]]
    out: list[tuple[str, str]] = []
    for i, text in enumerate(raw):
        body = text.strip()
        if not body:
            out.append(("empty", ""))
            continue
        if i == 0 and re.fullmatch(r"\d{1,3}", body):
            out.append(("serial", body))
            continue
        out.extend(_classify(body, vocab))
    return out


def _classify(body: str, vocab: Vocab) -> list[tuple[str, str]]:
    if body[0] in "√✓" and (len(body) == 1 or body[1].isspace()):
        rest = body[1:].strip()
        return [("mark", body[0]), *(_classify(rest, vocab) if rest else [])]
    if glyphs.has_boxes(body) and glyphs.parse_boxes(body).boxes and not glyphs.parse_boxes(body).stray:
        return [("boxes", body)]
    if vocab.is_deadline(body):
        return [("deadline", body)]
    if vocab.is_unit(body) or vocab.is_department(body):
        return [("dept", body)]
    head, _, tail = body.rpartition(" ")
    if head and (vocab.is_unit(tail) or vocab.is_department(tail)) and vocab.is_deadline(head):
        return [("deadline", head.strip()), ("dept", tail)]
    return [("text", body)]


def parse_tab(lines: list[str], vocab: Vocab) -> Parsed:
    title: str | None = None
    header: list[str] = []
    rows: list[Row] = []
    leftovers: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        body = line.strip()
        if title is None and "\t" not in line:
            title = body.lstrip("#").strip()
            continue
        words = [w for w in re.split(r"[\t ]+", body) if w]
        if words and all(w in HEADER_WORDS for w in words):
            header.append(body)
            continue
        fields = _tab_fields(line, vocab)
        row = Row(number)
        kinds = [k for k, _ in fields]
        texts = [i for i, k in enumerate(kinds) if k == "text"]
        first_attr = next((i for i, k in enumerate(kinds) if k in ("deadline", "dept", "boxes", "mark")),
                          len(kinds))
        texts = [i for i in texts if i < first_attr]
        stray = [fields[i][1] for i, k in enumerate(kinds) if k == "text" and i >= first_attr]
        if kinds and kinds[0] == "serial":
            row.serial = int(fields[0][1])
        if texts:
            *name_idx, content_idx = texts
            content_text = fields[content_idx][1]
            row.content = _split_list(content_text)
            if name_idx:
                level = name_idx[0] - 1
                if row.serial is None and level == 0 and len(name_idx) == 1:
                    level = 1  # one name and no 序号: never a 一级事项 (rule 1)
                for n, i in enumerate(name_idx):
                    row.names.append((level + n, fields[i][1]))
            else:
                row.content_level = max(1, content_idx - 1)
        depts = [i for i, k in enumerate(kinds) if k == "dept"]
        for i, k in enumerate(kinds):
            value = fields[i][1]
            if k == "deadline":
                row.deadline = value
            elif k == "boxes":
                row.boxes = glyphs.parse_boxes(value)
            elif k == "mark":
                row.marks.append(value)
            elif k == "dept":
                later = any(kk in ("dept", "boxes", "mark") for kk in kinds[i + 1 :])
                if later or (len(depts) == 1 and any(kk in ("boxes",) for kk in kinds[i + 1 :])):
                    row.publisher = value
                else:
                    row.unit = value
        row.stray = stray
        if row.empty:
            leftovers.append((number, body))
            continue
        rows.append(row)
    return Parsed(title, header, _audiences(header), rows, leftovers)


@dataclass
class Tok:
    kind: str  # serial, text, deadline, dept, box, mark
    value: str
    line: int
    parts: list[str] = field(default_factory=list)
    had_deadline: bool = False
    after_serial: bool = False  # printed on the 序号's line: a whole name, not a fragment


def _pdf_tokens(lines: list[str], vocab: Vocab) -> tuple[str | None, list[str], list[Tok]]:
    title: str | None = None
    header: list[str] = []
    toks: list[Tok] = []
    in_header = False
    header_done = False
    pending_label: Tok | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        body = line.strip()
        if not body:
            continue
        if title is None:
            title = body
            continue
        if not header_done:
            words = body.split()
            if all(w in HEADER_WORDS for w in words):
                in_header = True
                header.append(body)
                continue
            if in_header:
                header_done = True
        if body[0] in glyphs.GLYPHS and body[0] not in "√✓":
            mark = None
            m = re.match(r"^(.*?)\s+([√✓])$", body)
            if m:
                body, mark = m.group(1), m.group(2)
            tok = Tok("box", body, number)
            toks.append(tok)
            pending_label = tok if body.rstrip().endswith("/") else None
            if mark:
                toks.append(Tok("mark", mark, number))
            continue
        if pending_label is not None and body[0] not in glyphs.GLYPHS and not vocab.is_deadline(body):
            pending_label.value += body  # a box label broken over lines
            pending_label = None
            continue
        pending_label = None
        if body in ("√", "✓"):
            toks.append(Tok("mark", body, number))
            continue
        parts = body.split()
        tail: list[Tok] = []
        had_deadline = False
        if len(parts) > 1 and vocab.is_department(parts[-1]):
            tail.insert(0, Tok("dept", parts.pop(), number))
        if parts and vocab.is_deadline(parts[-1]):
            tail.insert(0, Tok("deadline", parts.pop(), number))
            had_deadline = True
        if len(parts) == 1 and vocab.is_department(parts[0]):
            tail.insert(0, Tok("dept", parts.pop(), number))
        after_serial = False
        if parts:
            m = re.match(r"^(\d{1,2})$", parts[0])
            if m:
                toks.append(Tok("serial", m.group(1), number))
                parts = parts[1:]
                after_serial = True
        if parts:
            # keep the line's own spacing for content (``成立 ”文件``)
            start = line.find(parts[0])
            end = line.rfind(parts[-1]) + len(parts[-1])
            text = line[start:end]
            toks.append(Tok("text", text, number, parts, had_deadline, after_serial))
        toks.extend(tail)
    return title, header, toks


def _unit_prefix(text: str, vocab: Vocab) -> bool:
    return any(u.startswith(text) for u in vocab.units)


def parse_pdf(lines: list[str], vocab: Vocab) -> Parsed:
    title, header, toks = _pdf_tokens(lines, vocab)
    rows: list[Row] = []
    row: Row | None = None
    phase = "start"  # start (a new row may begin), content, attrs
    prev_content = ""
    i = 0

    def next_text(j: int) -> Tok | None:
        return toks[j] if j < len(toks) and toks[j].kind == "text" else None

    def new_row(line: int) -> Row:
        nonlocal row, phase
        row = Row(line)
        rows.append(row)
        phase = "names"
        return row

    while i < len(toks):
        tok = toks[i]
        if tok.kind == "serial":
            new_row(tok.line).serial = int(tok.value)
            i += 1
            continue
        if tok.kind == "box":
            if row is not None:
                cell = glyphs.parse_boxes(tok.value)
                if row.boxes is None:
                    row.boxes = cell
                else:
                    row.boxes.boxes += cell.boxes
                phase = "attrs"
            i += 1
            continue
        if tok.kind == "mark":
            if row is not None:
                row.marks.append(tok.value)
                phase = "attrs"
            i += 1
            continue
        if tok.kind == "deadline":
            if row is not None:
                row.deadline = tok.value
                phase = "attrs"
            i += 1
            continue
        if tok.kind == "dept":
            if row is not None:
                if row.publisher is None and row.unit is None and row.boxes is None and not row.marks:
                    row.publisher = tok.value
                else:
                    row.unit = tok.value
                phase = "attrs"
            i += 1
            continue
        # text: a unit broken over lines?
        if row is not None and phase in ("attrs", "content") and len(tok.parts) == 1 and len(tok.value) <= 4 \
                and _unit_prefix(tok.value, vocab):
            joined, j = tok.value, i + 1
            while not vocab.is_unit(joined) and j < len(toks) and toks[j].kind == "text" \
                    and len(toks[j].parts) == 1 and _unit_prefix(joined + toks[j].value, vocab):
                joined += toks[j].value
                j += 1
            if vocab.is_unit(joined):
                row.unit = joined
                phase = "attrs"
                i = j
                continue
        text = tok.value
        first = tok.parts[0] if tok.parts else text
        name_content = len(tok.parts) > 1 and not _content_like(first)
        following = next_text(i + 1)
        starts_row = False
        if row is None or phase in ("start", "attrs") or (phase == "content" and (name_content or (
                not _content_like(text) and following is not None and _content_like(following.value)
                and (re.search(r"[。；;）)]$", prev_content) or _NEW_LIST.match(following.value.strip()))))):
            starts_row = True
        if starts_row and phase != "names":
            new_row(tok.line)
        assert row is not None
        if phase == "names":
            level = (len(row.names) if row.serial is not None else len(row.names) + 1)
            if tok.after_serial and len(tok.parts) == 1:
                row.names.append((level, text))
                i += 1
                continue
            if len(tok.parts) == 1 and len(text) <= 4 and not _content_like(text) and following is not None \
                    and not tok.had_deadline:
                # a narrow column's label broken over lines: join while the column is full (4 characters)
                joined, j = text, i + 1
                while len(toks[j - 1].value) == 4 and j < len(toks) and toks[j].kind == "text" \
                        and len(toks[j].parts) == 1 and len(toks[j].value) <= 4 \
                        and not _unit_prefix(toks[j].value, vocab):
                    joined += toks[j].value
                    j += 1
                row.names.append((level, joined))
                i = j
                continue
            if name_content:
                row.names.append((level, first))
                row.content.append(text[text.find(tok.parts[1]):].strip())
                phase = "content"
                prev_content = row.content[-1]
                i += 1
                continue
            if not tok.had_deadline and not _content_like(text) and following is not None \
                    and _content_like(following.value):
                row.names.append((level, text))
                i += 1
                continue
            phase = "content"
        # content
        line_text = text.strip()
        if row.content and not _LIST_START.match(line_text):
            row.content[-1] += line_text
        else:
            row.content.append(line_text)
        prev_content = row.content[-1]
        phase = "content"
        if tok.had_deadline:
            phase = "attrs"
        i += 1
    # names: levels of rows without a 序号 (rule: after a 三级 row, a one-name row is a 三级 sibling unless
    # it prints its own 责任科室 or 公开主体, which starts a new 二级 cell)
    last_depth = 0
    for r in rows:
        if r.serial is not None:
            last_depth = len(r.names) - 1
            continue
        if len(r.names) == 1 and last_depth >= 2 and r.unit is None and r.publisher is None:
            r.names = [(2, r.names[0][1])]
        if r.names:
            last_depth = r.names[-1][0]
        if not r.names:
            r.content_level = last_depth + 1
    return Parsed(title, header, _audiences(header), rows, [])




def read(data: bytes, name: str, problems: Problems) -> Draft | None:
    text = data.decode("utf-8-sig", errors="replace")
    lines = text.replace("\r\n", "\n").split("\n")
    vocab = load()
    if any("\t" in line for line in lines):
        parsed = parse_tab([glyphs.inputs_to_glyphs(line) for line in lines], vocab)
    else:
        parsed = parse_pdf(lines, vocab)
    if not parsed.rows or not parsed.header:
        problems.add(NO_TABLE, 1, 1, "没有找到目录表格的表头（序号、公开事项……）",
                     "no catalog table header found (序号, 公开事项 …)")
        return None
    secs = Assembler(parsed, name, problems).run()
    place_attributes(secs, parsed.audiences, problems)
    department = department_from(parsed.title, vocab)
    if department is None:
        problems.add(NO_DEPARTMENT, 1, 1, "无法从标题确定公开主体（部门）",
                     "the department cannot be read from the title")
        department = ""
    draft = Draft(department=department, title=parsed.title, sections=[s.node for s in secs], source=name)
    draft.notes.append("表头（印刷）：" + " / ".join(parsed.header))
    for line, text in parsed.leftovers:
        draft.notes.append(f"第{line}行只印了“{' '.join(text.split())}”，不构成事项")
        problems.add(UNPLACED_TEXT, line, 1,
                     f"第{line}行只有“{' '.join(text.split())}”，不构成事项，作为注释保留",
                     f"line {line} holds only {text.strip()!r}; kept as a comment")
    return draft
