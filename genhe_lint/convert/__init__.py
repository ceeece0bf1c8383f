"""Getting catalogs in and out: import tables (Word, Excel, HTML, Markdown, extracted text) into the YAML
format, and export a catalog as the printed table (HTML, Excel, Word, Markdown).

Data flow: a file -> :mod:`table` (a grid of cells with merged cells) -> :mod:`build` (the tree of nodes,
attributes on the node a merged cell covers) -> :mod:`draft` -> :mod:`yamlwriter` (YAML with a comment on
each node naming its source row). Export runs the other way: catalog -> :mod:`layout` (the same grid model)
-> one renderer per format. Import problems are :class:`~genhe_lint.diagnostic.Diagnostic` with ``GL9xx``
codes (see :mod:`problems`); they are produced here, not by the rule registry.

Entry points: :func:`genhe_lint.convert.api.import_file`, :func:`genhe_lint.convert.api.export_catalog`, and
:func:`genhe_lint.cli.convert.register` (nothing heavy is imported here, so the CLI starts fast).
"""
