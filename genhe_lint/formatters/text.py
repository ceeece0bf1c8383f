"""``--format text`` (default): grouped per file, coloured with rich, the offending line underlined."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape

from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.engine import Result

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_LABEL = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}


def _snippet(console: Console, d: Diagnostic, lines: list[str]) -> None:
    if not 1 <= d.span.line <= len(lines):
        return
    raw = lines[d.span.line - 1].rstrip("\r")
    number = str(d.span.line)
    console.print(f"    [dim]{number} │[/dim] {escape(raw)}", highlight=False)
    start = max(0, d.span.column - 1)
    end = d.span.end_column - 1 if d.span.end_line == d.span.line else len(raw)
    end = max(end, start + 1)
    pad = cell_len(raw[:start])
    width = max(1, cell_len(raw[start:end]))
    console.print(f"    [dim]{' ' * len(number)} │[/dim] {' ' * pad}[{_STYLE[d.severity]}]{'^' * width}[/]",
                  highlight=False)


def render(result: Result, lang: str, stream: TextIO, *, color: bool | None = None) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=color,
                      no_color=color is False, emoji=False)
    labels = _LABEL["en" if lang == "en" else "zh"]
    for path, group in groupby(result.diagnostics, key=lambda d: d.path):
        console.print(f"[bold underline]{escape(path)}[/]")
        lines = result.lines.get(path, [])
        for d in group:
            where = f"{path}:{d.span.line}:{d.span.column}"
            fix = ""
            if d.fixable:
                fix = " [green](可自动修正)[/]" if lang != "en" else " [green](fixable)[/]"
            console.print(
                f"  [dim]{escape(where)}[/dim] [{_STYLE[d.severity]}]{labels[d.severity]}[/] "
                f"[bold]{d.code}[/bold] {escape(d.message.get(lang))} [dim]\\[{d.name}][/dim]{fix}")
            _snippet(console, d, lines)
            if d.hint is not None:
                lead = "提示：" if lang != "en" else "hint: "
                console.print(f"    [dim]{lead}{escape(d.hint.get(lang))}[/dim]")
        console.print()
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    infos, fixable = result.count(Severity.INFO), sum(1 for d in result.diagnostics if d.fixable)
    files = len(result.files)
    with_findings = len({d.path for d in result.diagnostics})
    if lang == "en":
        if not result.diagnostics:
            console.print(f"[green]All good:[/] {files} file(s) checked, no problems found.")
        else:
            console.print(
                f"Found {len(result.diagnostics)} problem(s) in {with_findings} of {files} file(s): "
                f"[bold red]{errors} error(s)[/], [yellow]{warnings} warning(s)[/], {infos} info."
                + (f" [green]{fixable} fixable with --fix.[/]" if fixable else ""))
    else:
        if not result.diagnostics:
            console.print(f"[green]检查通过：[/]共检查 {files} 个文件，没有发现问题。")
        else:
            console.print(
                f"共检查 {files} 个文件，其中 {with_findings} 个有问题，共 {len(result.diagnostics)} 处："
                f"[bold red]错误 {errors}[/]，[yellow]警告 {warnings}[/]，提示 {infos}。"
                + (f"[green]其中 {fixable} 处可用 --fix 自动修正。[/]" if fixable else ""))
