"""``genhe-lint import`` and ``genhe-lint export``, added to the main typer app by :func:`register`.

Exit codes as for ``check``: 0 done (warnings may have been printed), 1 an error-level import problem or a
catalog that cannot be exported, 2 usage (a missing file, an unknown format, an output that exists).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer


def _usage(message: str) -> NoReturn:
    typer.echo(f"genhe-lint: {message}", err=True)
    raise typer.Exit(2)


def import_command(
    files: Annotated[list[Path], typer.Argument(help="要导入的文件：.docx .xlsx .html .md，或提取的文本 .txt / files to import")],
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option("--output", "-o", help="输出目录（或单个 .yaml 文件）；不给则输出到标准输出 / output folder or .yaml file"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite existing files")] = False,
    lang: Annotated[
        str, typer.Option("--lang", envvar="GENHE_LINT_LANG", help="提示语言 / message language (zh, en)"),
    ] = "zh",
) -> None:
    """从 Word、Excel、HTML、Markdown 或提取的文本导入目录 / import catalogs from tables."""
    from genhe_lint.convert.api import IMPORT_SUFFIXES, import_file
    from genhe_lint.convert.problems import render

    for path in files:
        if not path.is_file():
            _usage(f"文件不存在 / no such file: {path}")
        if path.suffix.lower() not in IMPORT_SUFFIXES:
            _usage(f"不支持的文件类型 / unsupported file type: {path} (支持 / supported: {', '.join(IMPORT_SUFFIXES)})")
    to_file = output is not None and output.suffix.lower() in (".yaml", ".yml")
    if to_file and len(files) > 1:
        _usage("多个输入文件时 -o 须是目录 / with several inputs, -o must be a folder")
    targets: list[Path | None] = []
    for path in files:
        target = None if output is None else (output if to_file else output / f"{path.stem}.yaml")
        if target is not None and target.exists() and not force:
            _usage(f"文件已存在（用 --force 覆盖）/ exists (use --force): {target}")
        targets.append(target)
    failed = False
    written = 0
    for path, target in zip(files, targets, strict=True):
        result = import_file(path, str(path))
        if result.diagnostics:
            sys.stderr.write(render(result.diagnostics, lang))
        failed = failed or any(d.severity.value == "error" for d in result.diagnostics)
        if result.text is None:
            continue
        if target is None:
            if written:
                sys.stdout.write("---\n")
            sys.stdout.write(result.text)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(result.text, encoding="utf-8")
            typer.echo(f"{path} -> {target}", err=True)
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
) -> None:
    """把目录导出为公开的表格（HTML、Excel、Word、Markdown）/ export a catalog as the printed table."""
    from genhe_lint.convert.api import EXPORT_FORMATS, ExportError, export_catalog, read_catalog
    from genhe_lint.convert.problems import render

    fmt = output_format or (output.suffix.lstrip(".").lower() if output is not None else "")
    fmt = {"htm": "html", "markdown": "md"}.get(fmt, fmt)
    if fmt not in EXPORT_FORMATS:
        _usage(f"请用 --format 指定格式 / choose a format with --format: {', '.join(EXPORT_FORMATS)}")
    if output is None and fmt in ("xlsx", "docx"):
        _usage(f"{fmt} 是二进制文件，请用 -o 指定输出文件 / {fmt} needs -o FILE")
    if not catalog.is_file():
        _usage(f"文件不存在 / no such file: {catalog}")
    parsed = read_catalog(catalog, str(catalog))
    if isinstance(parsed, list):  # the catalog cannot be read or printed: its findings, with positions
        sys.stderr.write(render(parsed, os.environ.get("GENHE_LINT_LANG", "zh")))
        raise typer.Exit(1)
    try:
        content = export_catalog(parsed, fmt)
    except ExportError as exc:
        typer.echo(f"{catalog}: {exc}", err=True)
        raise typer.Exit(1) from None
    if output is None:
        sys.stdout.write(content.decode("utf-8"))
    else:
        output.write_bytes(content)
        typer.echo(f"{catalog} -> {output}", err=True)


def register(app: typer.Typer) -> None:
    """Add ``import`` and ``export`` to the main app."""
    app.command("import")(import_command)
    app.command("export")(export_command)
