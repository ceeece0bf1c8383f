"""Import and export problems: diagnostics with ``GL9xx`` codes, positioned in the *source* file (line =
row or line; for export, the catalog's line).

They are not rules of the registry (nothing to select or suppress): they describe what the importer could
not understand, or what the exporter cannot print. Every text the importer could not place still reaches
the YAML, as a comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from genhe_lint.diagnostic import Diagnostic, Msg, Severity, Span


@dataclass(frozen=True, slots=True)
class Kind:
    code: str
    name: str
    severity: Severity
    summary: Msg


NO_TABLE = Kind("GL901", "import-no-table", Severity.ERROR,
                Msg("没有找到目录表格（需要含“公开内容”等表头的表格）",
                    "no catalog table found (a table with headers such as 公开内容)"))
UNREADABLE_FILE = Kind("GL902", "import-unreadable-file", Severity.ERROR,
                       Msg("文件无法读取", "the file cannot be read"))
UNKNOWN_COLUMN = Kind("GL903", "import-unknown-column", Severity.WARNING,
                      Msg("无法识别的列，其内容作为注释保留", "unknown column; its text is kept as comments"))
UNREADABLE_CELL = Kind("GL904", "import-unreadable-cell", Severity.WARNING,
                       Msg("无法理解的单元格，内容作为注释保留",
                           "a cell that cannot be understood; its text is kept as a comment"))
NO_DEPARTMENT = Kind("GL905", "import-no-department", Severity.ERROR,
                     Msg("无法确定公开主体（部门）", "the department cannot be determined"))
JUDGEMENT = Kind("GL906", "import-judgement", Severity.INFO,
                 Msg("提取文本有歧义，按表格的明显结构处理",
                     "ambiguous extracted text; read as the table evidently was"))
UNPLACED_TEXT = Kind("GL907", "import-unplaced-text", Severity.WARNING,
                     Msg("无法归属到任何事项的文本，作为注释保留",
                         "text that belongs to no item; kept as a comment"))
HEADER_MISMATCH = Kind("GL908", "import-header-mismatch", Severity.WARNING,
                       Msg("续表的表头与首表不同",
                           "a continuation table's header differs from the first table's"))

LIMIT = Kind("GL909", "import-limit", Severity.ERROR,
             Msg("文件超过导入的上限（大小、解压后大小、单元格数或表格面积），未导入",
                 "the file is beyond an import limit (size, inflated size, cells or table area); "
                 "not imported"))
SPAN_CUT = Kind("GL910", "import-span-cut", Severity.WARNING,
                Msg("合并单元格超出表格的边缘，按表格的边缘截断",
                    "a merged cell reaches past the table's edge; cut at the edge"))

UNPRINTABLE = Kind("GL911", "export-unprintable-character", Severity.ERROR,
                   Msg("目录中有表格无法显示的控制字符，未导出",
                       "the catalog holds a control character no table can show; not exported"))


@dataclass
class Problems:
    """Collects the diagnostics of one import."""

    path: str
    items: list[Diagnostic] = field(default_factory=list)

    def add(self, kind: Kind, line: int, column: int, zh: str, en: str) -> None:
        span = Span(max(line, 1), max(column, 1), max(line, 1), max(column, 1) + 1)
        self.items.append(Diagnostic(
            code=kind.code, name=kind.name, severity=kind.severity, path=self.path, span=span,
            message=Msg(zh, en), hint=kind.summary))

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)


def render(diagnostics: list[Diagnostic], lang: str) -> str:
    """One line per problem, like ``check``'s text output: ``path:line:col 级别 CODE message [name]``, and
    under it the hint, when there is one."""
    out = []
    for d in sorted(diagnostics, key=lambda d: d.sort_key()):
        where = f"{d.path}:{d.span.line}:{d.span.column}"
        out.append(f"{where} {d.severity.label(lang)} {d.code} {d.message.get(lang)} [{d.name}]")
        if d.hint is not None:
            out.append(("  hint: " if lang == "en" else "  提示：") + d.hint.get(lang))
    return "\n".join(out) + ("\n" if out else "")
