"""``genhe-lint import`` and ``genhe-lint export`` as users run them: through the tool's typer app (its usage
errors turned into exit code 2 by the app's error handler), and through the installed tool (``run_cli``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from genhe_lint.catalog.schema import Catalog
from genhe_lint.cli import app as cli
from tests.conftest import CATALOGS, run_cli
from tests.test_convert_import import build_docx, build_xlsx

MZ = CATALOGS / "genhe-minzhengju.yaml"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return cli.app


def invoke(app: typer.Typer, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_to_a_folder_then_check_it(app: typer.Typer, tmp_path: Path) -> None:
    source = tmp_path / "民政局.docx"
    source.write_bytes(build_docx())
    code, out, err = invoke(app, "import", str(source), "-o", str(tmp_path / "catalogs"))
    assert code == 0, err
    target = tmp_path / "catalogs" / "民政局.yaml"
    assert out == "" and f"-> {target}" in err
    catalog = Catalog.model_validate(yaml.safe_load(target.read_text(encoding="utf-8")))
    assert catalog.department == "根河市民政局"
    # an existing file is not overwritten without --force
    code, _, err = invoke(app, "import", str(source), "-o", str(tmp_path / "catalogs"))
    assert code == 2 and "--force" in err
    assert invoke(app, "import", str(source), "-o", str(tmp_path / "catalogs"), "--force")[0] == 0


def test_import_several_files_to_stdout(app: typer.Typer, tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(build_docx())
    (tmp_path / "b.xlsx").write_bytes(build_xlsx())
    code, out, err = invoke(app, "import", str(tmp_path / "a.docx"), str(tmp_path / "b.xlsx"), "--lang", "en")
    assert code == 0
    docs = list(yaml.safe_load_all(out))
    assert [d["department"] for d in docs] == ["根河市民政局", "根河市政务服务与数据管理局"]
    assert "GL903" in err and "unknown column" in err  # the xlsx has a 备注 column


def test_import_problems(app: typer.Typer, tmp_path: Path) -> None:
    assert invoke(app, "import", str(tmp_path / "missing.docx"))[0] == 2
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    assert invoke(app, "import", str(tmp_path / "x.pdf"))[0] == 2
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    code, out, err = invoke(app, "import", str(tmp_path / "broken.xlsx"))
    assert code == 1 and out == "" and "GL902" in err and "broken.xlsx:1:1 错误" in err
    (tmp_path / "a.docx").write_bytes(build_docx())
    code, _, err = invoke(app, "import", str(tmp_path / "a.docx"), str(tmp_path / "a.docx"), "-o",
                          str(tmp_path / "one.yaml"))
    assert code == 2


@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx", "md"])
def test_export_each_format_and_import_it_back(app: typer.Typer, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    code, _, err = invoke(app, "export", str(MZ), "-o", str(target))  # format from the extension
    assert code == 0, err
    code, out, _ = invoke(app, "import", str(target))
    assert code == 0
    original = Catalog.model_validate(yaml.safe_load(MZ.read_text(encoding="utf-8")))
    assert Catalog.model_validate(yaml.safe_load(out)).model_dump() == original.model_dump()


def test_export_problems(app: typer.Typer, tmp_path: Path) -> None:
    code, out, _ = invoke(app, "export", str(MZ), "--format", "md")
    assert code == 0 and out.startswith("# 根河市民政局主动公开目录")
    assert invoke(app, "export", str(MZ), "--format", "xlsx")[0] == 2  # binary: needs -o
    assert invoke(app, "export", str(MZ), "--format", "pdf")[0] == 2
    assert invoke(app, "export", str(MZ))[0] == 2  # no format at all
    assert invoke(app, "export", str(tmp_path / "none.yaml"), "-f", "md")[0] == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("department: 根河市民政局\nsections: nope\n", encoding="utf-8")
    code, _, err = invoke(app, "export", str(bad), "-f", "md")
    assert code == 1 and "bad.yaml" in err


# Through the installed tool.


def test_cli_import_and_export_commands_are_registered(tmp_path: Path) -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0 and "import" in proc.stdout and "export" in proc.stdout
    out = tmp_path / "mz.html"
    proc = run_cli("export", str(MZ), "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("import", str(out), "-o", str(tmp_path / "back.yaml"))
    assert proc.returncode == 0, proc.stderr
    back = Catalog.model_validate(yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8")))
    original = Catalog.model_validate(yaml.safe_load(MZ.read_text(encoding="utf-8")))
    assert back.model_dump() == original.model_dump()


def test_cli_import_of_a_seed_then_check_finds_the_real_defects(tmp_path: Path) -> None:
    seed = Path(__file__).parent / "examples" / "convert" / "genhe-minzhengju.txt"
    proc = run_cli("import", str(seed), "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "GL906" in proc.stderr  # the judgements are reported, as info
    proc = run_cli("check", str(tmp_path / "genhe-minzhengju.yaml"), "--select", "GL101")
    assert proc.returncode == 1 and "天河市" in proc.stdout
