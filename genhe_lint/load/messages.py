"""YAML syntax errors explained in Chinese and English, with a hint, at the place the writer should look.

libyaml's wording is mapped to a Chinese explanation and an English hint (both languages of each hint are
listed once, in ``_HINTS_ZH``); an error not listed keeps libyaml's English text after a Chinese lead.
"""

from __future__ import annotations

import re

import yaml

from genhe_lint.diagnostic import Msg
from genhe_lint.load.document import Problem
from genhe_lint.load.source import Source

# libyaml's wording -> Chinese (and a hint). Anything not listed keeps the English text after a Chinese lead.
_YAML_PROBLEMS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"mapping values are not allowed"),
     "此处不允许出现“键: 值”", "check the indentation and quote values containing ': '"),
    (re.compile(r"could not find expected ':'"), "缺少冒号“:”", "each key needs a ':' after it"),
    (re.compile(r"did not find expected key"),
     "缩进不一致或缺少键", "align keys of one mapping at the same indentation"),
    (re.compile(r"tab character that violates? indentation"),
     "缩进里有制表符 Tab", "indent with spaces, not tabs"),
    (re.compile(r"found character that cannot start any token"),
     "出现不能开始一个值的字符（常见原因：制表符 Tab）", "indent with spaces, not tabs"),
    (re.compile(r"found unexpected end of stream"),
     "文件在引号或括号闭合之前结束", "close the quote or bracket"),
    (re.compile(r"did not find expected ',' or '\]'"), "方括号列表未闭合", "close the list with ']'"),
    (re.compile(r"did not find expected ',' or '\}'"), "花括号映射未闭合", "close the mapping with '}'"),
    (re.compile(r"did not find expected '-' indicator"),
     "列表项缩进不一致", "align the '-' of one list at the same indentation"),
    (re.compile(r"expected a single document"),
     "文件中有多个 YAML 文档（---），目录文件只能有一个", "keep one document per catalog file"),
    (re.compile(r"did not find expected <document start>"),
     "文档结束标记（...）之后还有内容", "keep one document per catalog file"),
    (re.compile(r"found undefined alias"),
     "引用了未定义的锚点", "catalogs should not use anchors or aliases"),
    (re.compile(r"found duplicate anchor"), "锚点重复定义", "catalogs should not use anchors or aliases"),
    (re.compile(r"block sequence entries are not allowed"),
     "此处不能开始列表（“- ”不能跟在“键: ”的同一行）",
     "start the list on a new line, or quote a value that begins with '- '"),
    (re.compile(r"mapping keys are not allowed"),
     "此处不能出现“? ”（复杂键）", "quote a value that begins with '?'"),
    (re.compile(r"found unknown escape character"),
     "双引号里的反斜杠“\\”是转义符", "use single quotes, or write a backslash as \\\\"),
    (re.compile(r"expected <block end>"), "缩进不一致", "align keys of one mapping at the same indentation"),
    (re.compile(r"did not find expected node content"),
     "缺少值", "write a value after the ':' or '-', or quote it"),
    (re.compile(r"found incompatible YAML document|found unknown directive"),
     "不支持的 YAML 指令（% 开头的行）", "remove the line beginning with '%', or quote it"),
]

# Where a value starts with a YAML indicator, the scanner says something obscure; say what it means.
_INDICATOR_CONTEXTS: list[tuple[str, str, str]] = [
    ("while scanning an alias", "值以“*”开头，会被当作别名", "quote a value that begins with '*'"),
    ("while scanning an anchor", "值以“&”开头，会被当作锚点", "quote a value that begins with '&'"),
    ("while scanning a tag", "值以“!”开头，会被当作类型标签", "quote a value that begins with '!'"),
    ("while scanning a block scalar",
     "“|”或“>”之后（多行文字的标记）同一行不能再写内容",
     "write the text on the following lines, or quote a value that begins with '|' or '>'"),
]

_HINTS_ZH = {
    "check the indentation and quote values containing ': '": "检查缩进；值里含有“: ”时请给整个值加引号",
    "each key needs a ':' after it": "每个键后面都要有英文冒号“:”",
    "align keys of one mapping at the same indentation": "同一层的键要对齐到相同的缩进",
    "indent with spaces, not tabs": "请用空格缩进，不要用制表符 Tab",
    "close the quote or bracket": "请补上缺少的引号或括号",
    "close the list with ']'": "请用“]”结束列表",
    "close the mapping with '}'": "请用“}”结束映射",
    "align the '-' of one list at the same indentation": "同一列表的“-”要对齐",
    "keep one document per catalog file": "每个目录文件只保留一个文档",
    "catalogs should not use anchors or aliases": "目录文件不要使用锚点（&）和别名（*）",
    "start the list on a new line, or quote a value that begins with '- '":
        "把列表写在下一行；值以“- ”开头时请给整个值加引号",
    "quote a value that begins with '?'": "值以“?”开头时请给整个值加引号",
    "use single quotes, or write a backslash as \\\\": "改用单引号，或把反斜杠写成“\\\\”",
    "write a value after the ':' or '-', or quote it": "在“:”或“-”后写上值，或给值加引号",
    "remove the line beginning with '%', or quote it": "删除以“%”开头的行，或给它加引号",
    "quote a value that begins with '*'": "值以“*”开头时请给整个值加引号",
    "quote a value that begins with '&'": "值以“&”开头时请给整个值加引号",
    "quote a value that begins with '!'": "值以“!”开头时请给整个值加引号",
    "write the text on the following lines, or quote a value that begins with '|' or '>'":
        "把文字写在下面几行，或给以“|”“>”开头的值加引号",
    "quote a value that begins with '@' or '`'": "值以“@”或“`”开头时请给整个值加引号",
    "check this line and the one before: indentation, colons, quotes and brackets":
        "检查这一行和上一行的缩进、冒号、引号和括号",
}


def _hint(en: str) -> Msg:
    return Msg(zh=_HINTS_ZH.get(en, en), en=en)


def explain_yaml_error(exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, text)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    en = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    zh = f"YAML 语法错误：{problem}"
    hint: Msg | None = None
    for lead, zh_text, en_hint in _INDICATOR_CONTEXTS:
        if context.startswith(lead) and context_mark is not None:
            zh, hint = f"YAML 语法错误：{zh_text}", _hint(en_hint)
            line, column = context_mark.line, context_mark.column
            break
    else:
        for pattern, zh_text, en_hint in _YAML_PROBLEMS:
            if pattern.search(problem) or (context and pattern.search(context)):
                zh, hint = f"YAML 语法错误：{zh_text}", _hint(en_hint)
                break
    if problem.startswith("found character that cannot start any token"):
        found = _char_at(text, line, column)
        if found in ("@", "`"):
            zh = f"YAML 语法错误：值不能以“{found}”开头"
            hint = _hint("quote a value that begins with '@' or '`'")
        elif found == "\t":
            zh, hint = "YAML 语法错误：缩进里有制表符 Tab", _hint("indent with spaces, not tabs")
    # An unclosed quote or bracket is reported where the parser gave up (often the end of the file),
    # and the message says where it was opened. A key without its colon is reported at the key.
    opened = context_mark is not None and problem_mark is not None and context_mark.line < problem_mark.line
    if (context_mark is not None and problem_mark is not None and "while scanning a simple key" in context
            and not opened and problem_mark.column - context_mark.column >= 1024):
        zh = "YAML 语法错误：键太长（YAML 的键最多 1024 个字符），或缺少冒号“:”"
        en = "YAML syntax error: key too long (YAML keys have at most 1024 characters), or a missing ':'"
        hint = Msg(zh="缩短这个键，或检查冒号", en="shorten the key, or check the colon")
        line, column = context_mark.line, context_mark.column
    elif opened and "while scanning a simple key" in context:
        assert context_mark is not None and problem_mark is not None
        zh += f"（在第 {problem_mark.line + 1} 行发现）"
        en += f" (noticed at line {problem_mark.line + 1})"
        line, column = context_mark.line, context_mark.column
    elif opened and ("while scanning a quoted scalar" in context or "while parsing a flow" in context):
        assert context_mark is not None
        at_zh = f"第 {context_mark.line + 1} 行第 {context_mark.column + 1} 列"
        at_en = f"line {context_mark.line + 1}, column {context_mark.column + 1}"
        opener = _char_at(text, context_mark.line, context_mark.column)
        if "while scanning a quoted scalar" in context:
            zh = f"YAML 语法错误：{at_zh}的引号 {opener} 没有闭合"
            en = f"YAML syntax error: the quote {opener} at {at_en} is not closed"
            hint = Msg(zh=f"在{at_zh}开始的值末尾补上 {opener}",
                       en=f"close the value that starts at {at_en} with {opener}")
        else:
            zh += f"（“{opener}”在{at_zh}）"
            en += f" (the '{opener}' at {at_en})"
    if hint is None:
        hint = _hint("check this line and the one before: indentation, colons, quotes and brackets")
    return Problem("syntax", Msg(zh=zh, en=en), line, column, hint)


def _char_at(text: str, line: int, column: int) -> str:
    starts = Source(text).line_starts
    if line >= len(starts):
        return ""
    i = starts[line] + column
    return text[i] if i < len(text) else ""


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> Problem:
    """A character libyaml does not accept (control characters). Its position is a UTF-8 byte offset."""
    index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
    line, column = Source(text).line_col(min(index, len(text)))
    code = exc.character if isinstance(exc.character, int) else 0
    return Problem(
        "syntax",
        Msg(zh=f"文件中有不允许的控制字符 U+{code:04X}", en=f"control character U+{code:04X} is not allowed"),
        line, column,
        Msg(zh="删除这个字符（常见于从网页或 Word 复制的文字）",
            en="remove the character (it often comes with text copied from web pages or Word)"))

