"""One renderer per format: a :class:`~genhe_lint.convert.layout.Layout` -> bytes."""
