"""What cross-catalog rules need to know of one catalog: small, picklable, cacheable.

The per-file pass extracts these facts while the parse tree is at hand; the process pool and the cache
ship facts, never trees. Cross-catalog rules then index them by key (department, standard item,
normalized passage), so nothing is compared pairwise across all catalogs.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from genhe_lint.catalog.model import Text, TextList
from genhe_lint.diagnostic import Span
from genhe_lint.ruledata.compiled import MEMO_MAX_CHARS
from genhe_lint.rules.base import Context
from genhe_lint.rules.names import foreign_mentions
from genhe_lint.rules.standard import matches as template_matches

_NUMBERING = re.compile(r"^\s*[（(]?[0-9０-９一二三四五六七八九十]+[)）.、．]?\s*")
_DEPARTMENT_MARK = "〈部门〉"


class StandardFact(NamedTuple):
    item: str  # the standard item's label (财政信息 > 部门预决算)
    label: str  # the catalog's own name for it
    span: Span
    deadline: str | None
    channels: tuple[str, ...] | None  # canonical names, sorted


class StandardFacts:
    """A catalog's standard facts, packed: what is kept of every catalog until the cross-catalog pass.

    The values of an item (its standard label, the catalog's name for it, the deadline and channel set) are
    one shared tuple, the same object in every catalog that writes them alike (see ``_shared_row``), so what
    each catalog adds is a reference per item and its positions: four numbers per standard item, stored as
    32-bit integers in one array rather than as a named tuple of Python ints (a sixth of the memory).
    Reads as a sequence of :class:`StandardFact`; :meth:`value` reads one field without building one."""

    __slots__ = ("_refs", "_spans")
    _FIELDS = ("item", "label", "deadline", "channels")

    def __init__(self, facts: Iterable[StandardFact] = ()) -> None:
        refs: list[tuple[object, ...]] = []
        spans = array("I")
        for fact in facts:
            refs.append(_shared_row((fact.item, fact.label, fact.deadline, fact.channels)))
            spans.extend(fact.span)
        self._refs = tuple(refs)
        self._spans = spans

    def __len__(self) -> int:
        return len(self._refs)

    def __getitem__(self, index: int) -> StandardFact:
        if not 0 <= index < len(self):
            raise IndexError(index)
        item, label, deadline, channels = self._refs[index]
        at = index << 2
        return StandardFact(item, label, Span(*self._spans[at : at + 4]), deadline, channels)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[StandardFact]:
        return (self[i] for i in range(len(self)))

    def value(self, index: int, field: str) -> Any:
        """One field (``item``, ``label``, ``deadline`` or ``channels``) of the fact at ``index``."""
        return self._refs[index][self._FIELDS.index(field)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StandardFacts) and self._refs == other._refs and self._spans == other._spans

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"StandardFacts({list(self)!r})"

    def packed(self) -> tuple[list[object], bytes]:
        """The shared values and the positions, as the cache stores them."""
        return [value for row in self._refs for value in row], self._spans.tobytes()

    @classmethod
    def unpack(cls, stored: Any) -> StandardFacts:
        """The inverse of :meth:`packed`, checking what it is given: a cache file is untrusted data."""
        refs, spans = stored
        if (not isinstance(refs, list) or not isinstance(spans, bytes) or len(refs) % 4
                or len(spans) != len(refs) * array("I").itemsize):
            raise ValueError("not packed standard facts")
        out: list[tuple[object, ...]] = []
        for i in range(0, len(refs), 4):
            item, label, deadline, channels = refs[i : i + 4]
            texts_ok = isinstance(item, str) and isinstance(label, str)
            deadline_ok = deadline is None or isinstance(deadline, str)
            channels_ok = channels is None or (isinstance(channels, list)
                                               and all(isinstance(c, str) for c in channels))
            if not (texts_ok and deadline_ok and channels_ok):
                raise ValueError("not packed standard facts")
            out.append(_shared_row((sys.intern(item), sys.intern(label),
                                    None if deadline is None else sys.intern(deadline),
                                    None if channels is None else _shared_tuple(tuple(channels)))))
        positions = array("I")
        positions.frombytes(spans)
        return cls._of(tuple(out), positions)

    @classmethod
    def _of(cls, refs: tuple[tuple[object, ...], ...], spans: array[int]) -> StandardFacts:
        """Packed facts from their parts: a shared row of four values and four positions per standard item."""
        packed = cls.__new__(cls)
        packed._refs = refs
        packed._spans = spans
        return packed


class Passage(NamedTuple):
    """A line of content that names a department (only such lines can be a copy that kept a name): the first
    line of the catalog with its key."""

    key: str  # normalized text, department names folded
    line: int  # 1-based line of the file (a finding names the source by its line)
    item: str


class Mention(NamedTuple):
    department: str  # the other department's canonical name
    found: str
    span: Span
    key: str  # the normalized passage it stands in
    item: str


class CatalogFacts(NamedTuple):
    path: str
    department: str | None
    department_span: Span | None
    standard: StandardFacts = StandardFacts()
    passages: tuple[Passage, ...] = ()
    mentions: tuple[Mention, ...] = ()
    suppressions: tuple[tuple[tuple[str, ...], int, int], ...] = ()  # (patterns, first line, last line)


def _fold(value: str, start: int, end: int, names: Sequence[tuple[int, int, int]], first: int = 0) -> str:
    """``value[start:end]`` with the department names in it replaced by one mark: ``names`` are matches
    (literal, start, end) in ``value``, in order, the first in this stretch at ``first``."""
    pieces: list[str] = []
    cursor = start
    for i in range(first, len(names)):
        _n, name_start, name_end = names[i]
        if name_start >= end:
            break
        pieces += (value[cursor:name_start], _DEPARTMENT_MARK)
        cursor = name_end
    pieces.append(value[cursor:end])
    return "".join(pieces)


def _start(match: tuple[int, int, int]) -> int:
    return match[1]


@functools.lru_cache(maxsize=1 << 16)
def _folded_key(folded: str) -> str:
    """The key of a line whose department names are folded: width and compatibility forms (NFKC),
    numbering and spaces folded. Lines recur across catalogs once their names are folded (one department's
    sentence is every department's): each is folded once."""
    return "".join(_NUMBERING.sub("", unicodedata.normalize("NFKC", folded)).split())


# Facts are kept for every file until the cross-catalog pass: the same names, deadlines and channel sets
# recur in every catalog, so one shared object each (interned strings, these tuples) keeps that memory to the
# positions.
_TUPLES: dict[tuple[str, ...], tuple[str, ...]] = {}  # channel sets
_ROWS: dict[tuple[object, ...], tuple[object, ...]] = {}  # rows of standard facts (see StandardFacts)


def _shared(table: dict[Any, Any], value: tuple[Any, ...]) -> Any:
    """One object for all tuples equal to ``value``. Only memory is shared: the table is emptied when full,
    and it keeps no tuple holding a text longer than the per-run memories keep (a hostile file's)."""
    shared = table.get(value)
    if shared is None:
        if not _short(value):
            return value
        if len(table) >= 4096:
            table.clear()
        shared = table[value] = value
    return shared


def _short(value: tuple[Any, ...]) -> bool:
    """Whether every text in ``value`` (and in the tuples it holds) is short enough to be remembered."""
    return all(len(v) <= MEMO_MAX_CHARS if type(v) is str else type(v) is not tuple or _short(v)
               for v in value)


def _shared_tuple(value: tuple[str, ...]) -> tuple[str, ...]:
    found: tuple[str, ...] | None = _TUPLES.get(value)
    return found if found is not None else _shared(_TUPLES, tuple([sys.intern(v) for v in value]))


def _shared_row(row: tuple[object, ...]) -> tuple[object, ...]:
    """One tuple for all equal rows of standard facts: most catalogs name and describe a standard item as
    every other does."""
    shared: tuple[object, ...] = _shared(_ROWS, row)
    return shared


def _channel_set(ctx: Context, written: tuple[str, ...]) -> tuple[str, ...]:
    """Channels as written, as compared across catalogs: canonical names, each once, in the vocabulary's
    order."""
    vocabulary = ctx.data.channels
    rank = {name: i for i, name in enumerate(vocabulary.canonical)}
    return _shared_tuple(tuple(sorted({vocabulary.resolve(v) or v for v in written},
                                      key=lambda c: (rank.get(c, len(rank)), c))))


# What a cross-catalog rule may read of a catalog's facts (``ProjectRule.reads``): the department and where
# it is declared, the standard items, the passages that name a department and other departments' names.
FACT_KINDS = frozenset(("department", "standard", "passages", "mentions"))
# What the HTML report shows of each catalog, whatever rules run.
REPORT_READS = frozenset(("department", "standard"))


def extract(ctx: Context, reads: frozenset[str] = FACT_KINDS) -> CatalogFacts:
    """The facts of the catalog ``ctx`` describes that the run ``reads`` (its cross-catalog rules, and the
    report); the suppressions always (they apply to cross-catalog findings)."""
    catalog = ctx.catalog
    path = ctx.path
    suppressions = tuple((tuple(d.patterns), d.first, d.last) for d in ctx.directives)
    if catalog is None:
        return CatalogFacts(path, None, None, suppressions=suppressions)
    department: str | None = None
    department_span: Span | None = None
    dep_text = catalog.department
    if "department" in reads and dep_text is not None:
        department = ctx.department.name if ctx.department is not None else dep_text.value
        department_span = catalog.span(dep_text)
    standard = _standard(ctx) if "standard" in reads else StandardFacts()
    passages: tuple[Passage, ...] = ()
    mentions: tuple[Mention, ...] = ()
    if "passages" in reads or "mentions" in reads:
        passages, mentions = _copied(ctx)
    return CatalogFacts(path, department, department_span, standard, passages, mentions, suppressions)


def _standard(ctx: Context) -> StandardFacts:
    """The catalog's rows of the standard catalog's items, with the deadline and channels they show, packed
    as they are kept (one per matched item of every catalog: no :class:`StandardFact` built on the way)."""
    catalog = ctx.catalog
    assert catalog is not None
    refs: list[tuple[object, ...]] = []
    spans = array("I")
    channel_sets = ctx.data.channel_sets
    span = catalog.source.span
    intern = sys.intern
    for m in template_matches(ctx):
        item = m.item
        if item is None:
            continue
        deadline = item.effective("deadline")
        channels = item.effective("channels")
        chans = None
        if type(channels) is TextList:
            written = tuple([e.value for e in channels.entries])
            chans = channel_sets.get(written)
            if chans is None:
                chans = _channel_set(ctx, written)
                if len(channel_sets) < 4096:
                    channel_sets[written] = chans
        name = item.name
        if name is not None and name.value:  # the item's label, and where it is written
            label = name.value
            spans.extend(span(name.node))
        else:
            label = item.label
            spans.extend(catalog.item_span(item))
        refs.append(_shared_row((m.std.label, intern(label),
                                 intern(deadline.value.strip()) if type(deadline) is Text else None, chans)))
    return StandardFacts._of(tuple(refs), spans)


def _copied(ctx: Context) -> tuple[tuple[Passage, ...], tuple[Mention, ...]]:
    """The lines of content that name a department (what a copy is found by), and the other departments'
    names with the line each stands in (what is looked for in those departments' catalogs)."""
    assert ctx.catalog is not None
    pairs = ctx.catalog.text_list
    joined = ctx.joined_text()
    value_position = ctx.document.source.value_position
    passages: list[Passage] = []
    # A copy is traced to the first line with its key (GL703 looks a key up, or the nearest key, and takes
    # the first line that has it): later lines with the same key are not kept.
    kept: set[str] = set()
    # Only the lines where a department's name stands are looked at, each once: the matcher's department
    # matches, in text order, positions in the joined texts. No name spans a line break.
    found = ctx.literal_matches("department")
    starts = ctx.text_starts()
    last = len(found) - 1
    base = text_end = line_end = -1
    for k, (_n, start, end) in enumerate(found):
        if start < line_end:
            continue  # another name in the line just looked at
        if start >= text_end:  # the first name in a text
            i = bisect_right(starts, start) - 1
            content, item = pairs[i]
            base = starts[i]
            text_end = base + len(content.value)
            if item is None or content.key != "content":
                line_end = text_end
                continue
        line_start = joined.rfind("\n", base, start) + 1 or base  # (-1 + 1: the text's first line)
        line_end = joined.find("\n", start, text_end)
        if line_end == -1:
            line_end = text_end
        if k == last or found[k + 1][1] >= line_end:  # the one name in the line: the usual case
            key = _folded_key(joined[line_start:start] + _DEPARTMENT_MARK + joined[end:line_end])
        else:
            key = _folded_key(_fold(joined, line_start, line_end, found, k))
        if len(key) < 6 or key in kept:
            continue
        kept.add(key)
        assert item is not None  # a content text's, checked at its first name
        node = content.node
        if node.style == "|":
            # a | block's first line is the next, 1-based
            line_no = node.start_mark.line + 2 + joined.count("\n", base, start)
        else:
            line_no = value_position(node, line_start - base)[0] + 1
        passages.append(Passage(key, line_no, sys.intern(item.label)))
    mentions: list[Mention] = []
    for text, owner, hit, other, at, span in foreign_mentions(ctx):
        base = at - hit.start
        text_end = base + len(text.value)
        line_start = max(joined.rfind("\n", base, at) + 1, base)
        line_end = joined.find("\n", at, text_end)
        if line_end == -1:
            line_end = text_end
        first = bisect_left(found, line_start, key=_start)  # the first department name in the line
        key = _folded_key(_fold(joined, line_start, line_end, found, first))
        mentions.append(Mention(other, hit.text, span, key,
                                owner.label if owner is not None else ""))
    return tuple(passages), tuple(mentions)
