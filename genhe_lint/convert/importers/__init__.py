"""One reader per file type: a file -> :class:`~genhe_lint.convert.table.Table` objects (or, for the extracted
text forms, a draft directly)."""
