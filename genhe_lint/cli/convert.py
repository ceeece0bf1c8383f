"""``genhe-lint import`` and ``genhe-lint export``, added to the main typer app by :func:`register`.

Exit codes as for ``check``: 0 done (warnings may have been printed), 1 an error-level import problem or a
catalog that cannot be exported, 2 usage (a missing file, an unknown format, an output that exists), raised as
:class:`genhe_lint.errors.UsageError`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.core

from genhe_lint.cli.messages import say
from genhe_lint.errors import UsageError


def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="要导入的文件：.docx .xlsx .html .md，或提取的文本 .txt / files to import"),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option("--output", "-o", help="输出目录（或单个 .yaml 文件）；不给则输出到标准输出"
                                             " / output folder or .yaml file"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite existing files")] = False,
    lang: Annotated[
        str, typer.Option("--lang", envvar="GENHE_LINT_LANG", help="提示语言 / message language (zh, en)"),
    ] = "zh",
) -> None:
    """从 Word、Excel、HTML、Markdown 或提取的文本导入目录 / import catalogs from tables."""
    from genhe_lint import writing
    from genhe_lint.convert.api import IMPORT_SUFFIXES, import_file
    from genhe_lint.convert.problems import render

    for path in files:
        if not path.is_file():
            raise UsageError(f"文件不存在 / no such file: {path}")
        if path.suffix.lower() not in IMPORT_SUFFIXES:
            raise UsageError(f"不支持的文件类型 / unsupported file type: {path} "
                             f"(支持 / supported: {', '.join(IMPORT_SUFFIXES)})")
    to_file = output is not None and output.suffix.lower() in (".yaml", ".yml")
    if to_file and len(files) > 1:
        raise UsageError("多个输入文件时 -o 须是目录 / with several inputs, -o must be a folder")
    targets: list[Path | None] = []
    for path in files:
        target = None if output is None else (output if to_file else output / f"{path.stem}.yaml")
        if target is not None:
            writing.check_target(target, overwrite=force)
        targets.append(target)
    failed = False
    written = 0
    for path, target in zip(files, targets, strict=True):
        result = import_file(path, str(path))
        if result.diagnostics:
            say(render(result.diagnostics, lang).rstrip("\n"))
        failed = failed or any(d.severity.value == "error" for d in result.diagnostics)
        if result.text is None:
            continue
        if target is None:
            if written:
                sys.stdout.write("---\n")
            sys.stdout.write(result.text)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            writing.write_text(target, result.text, overwrite=force)
            say(f"{path} -> {target}")
        written += 1
    raise typer.Exit(1 if failed else 0)


def export_command(
    catalog: Annotated[Path, typer.Argument(help="目录文件（YAML）/ catalog file")],
    output_format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--format", "-f", help="html、xlsx、docx 或 md；不给则按 -o 的扩展名 / format"),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="输出文件；html 和 md 可输出到标准输出 / output file"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")] = False,
) -> None:
    """把目录导出为公开的表格（HTML、Excel、Word、Markdown）/ export a catalog as the printed table."""
    from genhe_lint import writing
    from genhe_lint.convert.api import EXPORT_FORMATS, ExportError, export_catalog, read_catalog
    from genhe_lint.convert.problems import render

    fmt = output_format or (output.suffix.lstrip(".").lower() if output is not None else "")
    fmt = {"htm": "html", "markdown": "md"}.get(fmt, fmt)
    if fmt not in EXPORT_FORMATS:
        raise UsageError("请用 --format 指定格式 / choose a format with --format: "
                         f"{', '.join(EXPORT_FORMATS)}")
    if output is None and fmt in ("xlsx", "docx"):
        raise UsageError(f"{fmt} 是二进制文件，请用 -o 指定输出文件 / {fmt} needs -o FILE")
    if not catalog.is_file():
        raise UsageError(f"文件不存在 / no such file: {catalog}")
    if output is not None:
        writing.check_target(output, overwrite=force)
    parsed = read_catalog(catalog, str(catalog))
    if isinstance(parsed, list):  # the catalog cannot be read or printed: its findings, with positions
        lang = os.environ.get("GENHE_LINT_LANG", "zh")
        say(render(parsed, lang).rstrip("\n"))
        say(f"{catalog}: not exported; correct the errors above first" if lang == "en"
            else f"{catalog}：有上面的错误，未导出；请先改正再导出")
        raise typer.Exit(1)
    try:
        content = export_catalog(parsed, fmt)
    except ExportError as exc:
        say(f"{catalog}: {exc}")
        raise typer.Exit(1) from None
    if output is None:
        sys.stdout.write(content.decode("utf-8"))
    else:
        writing.write_bytes(output, content, overwrite=force)
        say(f"{catalog} -> {output}")


def register(app: typer.Typer, command_class: type[typer.core.TyperCommand]) -> None:
    """Add ``import`` and ``export`` to the main app, each built as ``command_class``."""
    app.command("import", cls=command_class)(import_command)
    app.command("export", cls=command_class)(export_command)
