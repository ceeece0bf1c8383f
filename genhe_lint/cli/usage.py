"""Command-line mistakes in the user's language: click's parse errors (an unknown command or option, a
missing argument, a bad value) rendered as one message that names the wrong word and the nearest right one,
and click's fixed help labels (``Usage:``, ``Options``, ``[required]`` …) shown in Chinese with the English
beside them.

The language of an error is English when ``--lang en`` (or ``--lang=en``) is anywhere on the command line or
``GENHE_LINT_LANG=en``; Chinese otherwise. Help is always bilingual, as the commands' own help texts are.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from typer import core as typer_core
from typer._click import exceptions as click_errors  # typer's own copy of click (typer is pinned)
from typer._click import types as click_types
from typer._click.core import Context, Parameter
from typer._click.formatting import HelpFormatter
from typer.core import TyperOption as Option

# typer's fixed help strings, looked up through its gettext ``_``: help is bilingual.
HELP_LABELS = {
    "Options": "选项 / Options",
    "Arguments": "参数 / Arguments",
    "Commands": "命令 / Commands",
    "required": "必填 / required",
    "default: {default}": "默认 / default: {default}",
    "env var: {var}": "环境变量 / env var: {var}",
    "Aborted!": "已中止 / Aborted!",
}
USAGE_PREFIX = "用法 / Usage: "
HELP_OPTION_TEXT = "显示本帮助并退出 / show this message and exit"


def _label(message: str) -> str:
    return HELP_LABELS.get(message, message)


def install_help_labels() -> None:
    """Have typer look its fixed help labels up in :data:`HELP_LABELS` (the gettext function it calls by
    the name ``_``); every other string is returned unchanged."""
    typer_core._ = _label  # type: ignore[attr-defined]


class BilingualHelp:
    """For a typer command or group: the usage line and the ``--help`` option in Chinese and English."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """As the base class; a parse error raised without its context (an option given a value it does not
        take, an option missing its value) gets the command's, so that the message shows its usage."""
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except click_errors.UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise
        return rest

    def get_help_option(self, ctx: Context) -> Option | None:
        option: Option | None = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class NoSuchCommand(click_errors.UsageError):
    """A command name that is not one of the app's, with the nearest ones."""

    def __init__(self, name: str, possibilities: list[str], ctx: Context | None = None) -> None:
        super().__init__(f"No such command '{name}'.", ctx)
        self.command_name = name
        self.possibilities = possibilities


def english(args: Sequence[str] | None) -> bool:
    """Whether the command line (or ``GENHE_LINT_LANG``) asks for English messages."""
    words = list(args or ())
    for index, word in enumerate(words):
        if word == "--lang=en" or (word == "--lang" and words[index + 1:index + 2] == ["en"]):
            return True
    return os.environ.get("GENHE_LINT_LANG", "").strip().lower() == "en"


def render(error: click_errors.ClickException, en: bool) -> str:
    """The message for a click error: what is wrong, naming the word; the nearest right word; how to get
    help."""
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx is not None else "genhe-lint"
    lines = [f"{command}: {_what(error, en)}"]
    if ctx is not None:
        lines.append(ctx.command.get_usage(ctx).strip())
    lines.append(f"Run '{command} --help' for every option." if en
                 else f"运行 {command} --help 查看全部命令和选项")
    return "\n".join(lines)


def _names(param: Parameter | None) -> str:
    if param is None:
        return ""
    if isinstance(param, Option):
        return " / ".join(param.opts)
    return (param.name or "").upper()


def _what(error: click_errors.ClickException, en: bool) -> str:
    if isinstance(error, NoSuchCommand):
        return _unknown(en, "command", "命令", error.command_name, error.possibilities)
    if isinstance(error, click_errors.NoSuchOption):
        return _unknown(en, "option", "选项", error.option_name, error.possibilities)
    if isinstance(error, click_errors.MissingParameter):
        return _missing(error, en)
    if isinstance(error, click_errors.BadParameter):
        return _bad_value(error, en)
    if isinstance(error, click_errors.BadOptionUsage):
        name = error.option_name
        if "does not take a value" in error.message:
            return (f"option {name} takes no value: write {name} alone." if en
                    else f"选项 {name} 不带值，请只写 {name}。")
        if "requires" in error.message:
            return (f"option {name} needs a value after it." if en
                    else f"选项 {name} 后面要跟一个值。")
    if en:
        return error.format_message()
    return f"命令行有误 / usage error: {error.format_message()}"


def _unknown(en: bool, kind: str, kind_zh: str, word: str, near: Sequence[str] | None) -> str:
    shown = ", ".join(near or ())
    if word.startswith("--lang"):  # given before the command: it belongs after it
        return ("--lang goes after the command, e.g. genhe-lint check --lang en FILE" if en
                else "--lang 要写在命令之后，例如 genhe-lint check --lang en 文件")
    if en:
        return f"no such {kind} '{word}'" + (f"; did you mean {shown}?" if shown else ".")
    return f"没有“{word}”这个{kind_zh}" + (f"，是不是要用 {shown}？" if shown else "。")


def _missing(error: click_errors.MissingParameter, en: bool) -> str:
    param = error.param
    names = _names(param)
    helptext = getattr(param, "help", None) or ""
    if isinstance(param, Option):
        return (f"option {names} is required ({helptext})." if en
                else f"缺少选项 {names}（{helptext}），请在命令中给出。")
    several = getattr(param, "nargs", 1) == -1
    if en:
        return f"missing argument {names} ({helptext}): give {'at least one' if several else 'one'}."
    return f"缺少参数 {names}（{helptext}），请{'至少' if several else ''}给出一个。"


def _bad_value(error: click_errors.BadParameter, en: bool) -> str:
    param = error.param
    names = _names(param) or str(error.param_hint or "")
    choices = getattr(getattr(param, "type", None), "choices", None)
    allowed = ""
    if choices:
        values = [getattr(c, "value", c) for c in choices]
        allowed = (f" Choose from: {', '.join(map(str, values))}." if en
                   else f"可选：{'、'.join(map(str, values))}。")
    kind = getattr(param, "type", None)
    if not allowed and isinstance(kind, click_types.IntParamType):
        least = getattr(kind, "min", None)
        allowed = (f" Give a whole number{'' if least is None else f' of at least {least}'}." if en
                   else f"请给一个{'' if least is None else f'不小于 {least} 的'}整数。")
    if en:
        return f"invalid value for {names}: {error.message}{allowed}"
    return f"{names} 的值无效（{error.message}）。{allowed}"
