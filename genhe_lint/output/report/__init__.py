"""``genhe-lint report``: the city-wide report, one self-contained HTML page for the 政务公开 office.

The page needs nothing but itself: inline CSS, inline SVG charts, no script, no external resource. It
shows per department the counts of findings, charts of findings by rule and by department, the coverage
of the standard catalog (lint_rules/template.yaml) as a table, and every finding linked to the line of
the catalog it concerns, in an embedded, numbered copy of the catalog with the offending text marked (the
lines away from any finding folded into ``<details>``, which open without script).
Everything that comes from catalogs, rule data or messages is escaped.

Modules: :mod:`.page` (the document, header, tables of departments and findings), :mod:`.charts`,
:mod:`.coverage` (the standard catalog's table), :mod:`.source` (listing and excerpts), :mod:`.files`
(what the page knows of each catalog), :mod:`.words` (wording in each language); ``report.css`` is the
stylesheet the page inlines.
"""

from __future__ import annotations

from genhe_lint.output.report.page import render

__all__ = ["render"]
