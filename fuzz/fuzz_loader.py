"""Fuzz target: the loader and the whole check (every rule, and planning every fix) on arbitrary bytes.

Properties checked for every input:
- nothing raises (no exception of any kind from decode, parse, the rules or the fix planner);
- every diagnostic points inside the file: 1 <= line <= number of lines, 1 <= column <= line length + 1;
- a fix plan that is not refused gives text that parses, with no new problem.

Inputs: raw bytes, real catalogs and the bad-input corpus mutated byte-wise with YAML-significant
pieces (indicators, quotes, tabs, full-width punctuation, BOMs, NULs, broken UTF-8), and plain text
from a YAML-heavy alphabet.

Run:
- in CI, through ``tests/test_trust_properties.py`` (hypothesis, a bounded number of inputs);
- by hand, ``python fuzz/fuzz_loader.py [--seconds N]``: hypothesis for N seconds (default 60);
- with atheris (coverage-guided; ``pip install atheris``): ``python fuzz/fuzz_loader.py --atheris
  [libFuzzer options, e.g. -max_total_time=600 fuzz/corpus]``.
A crash found becomes a regression file in ``tests/bad_inputs/`` with its entry in ``expected.yaml``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from genhe_lint import ruledata  # noqa: E402
from genhe_lint.lint import fix as fixing  # noqa: E402
from genhe_lint.lint import options, passes  # noqa: E402
from genhe_lint.load import loader, parse  # noqa: E402

_DATA: ruledata.RuleData | None = None
_RULES = options.Selection().rules()


def _rule_data() -> ruledata.RuleData:
    global _DATA
    if _DATA is None:
        _DATA = ruledata.load()
    return _DATA


def check_one(data: bytes) -> None:
    """The fuzz property for one input; raises AssertionError (or whatever escaped) on a bug."""
    document = loader.load_bytes(data, "fuzz.yaml")
    diagnostics = passes.lint_document(document, _rule_data(), _RULES)
    lines = document.source.text.split("\n")
    for d in diagnostics:
        assert 1 <= d.span.line <= len(lines), (d.code, d.span, len(lines))
        line = lines[d.span.line - 1]
        assert 1 <= d.span.column <= len(line) + 1, (d.code, d.span, line[:80])
    if document.root is None:
        return
    before = {(p.kind, p.message.en) for p in document.problems}
    plan = fixing.plan("fuzz.yaml", document.source.text, diagnostics, unsafe=True)
    if plan.refused is None and plan.changed:
        after = parse.parse("fuzz.yaml", plan.fixed)
        assert after.root is not None
        assert {(p.kind, p.message.en) for p in after.problems} <= before


# -- inputs ---------------------------------------------------------------------------------------------

PIECES = [b":", b": ", b"-", b"- ", b"[", b"]", b"{", b"}", b",", b"#", b" #", b"&a ", b"*a", b"!!str ",
          b"|", b"|-\n", b">", b"'", b'"', b"\\", b"\t", b"\n", b"\r\n", b"\r", b"  ", b"    ", b"\x00",
          b"\xef\xbb\xbf", b"\xff\xfe", b"\xff", b"\xc3", b"\xe6\xa0", "：".encode(), "\u3000".encode(),
          "，".encode(), b"<<: ", b"---\n", b"...\n", b"%YAML 1.1\n", b"@", b"`", b"? ", b"~", b"null",
          b"1e9999", b"0x1F", b"2024-13-45", "天河市".encode(), "广播电视台".encode(), "社会公众".encode(),
          "权力义务".encode(), "民政局".encode(), b"name: ", b"items:\n", b"channels: ", b"serial: ",
          b"content: |\n", "\u202e".encode(), b"\x1b[31m", b"\xed\xa0\x80", "\U0002000b".encode(),
          b"# genhe-lint: disable=GL101", b"# genhe-lint: disable=GL9"]


def _seeds() -> list[bytes]:
    seeds = [p.read_bytes() for p in sorted((ROOT / "catalogs").glob("*.yaml"))]
    corpus = ROOT / "tests" / "bad_inputs"
    seeds += [p.read_bytes() for p in sorted(corpus.glob("*.yaml")) if p.name != "expected.yaml"]
    seeds += [p.read_bytes() for p in sorted((ROOT / "tests" / "rules" / "cases").glob("*.yaml"))]
    return [s for s in seeds if len(s) <= 64 * 1024]


def _strategy() -> Any:
    from hypothesis import strategies as st

    seeds = _seeds()

    @st.composite
    def mutated(draw: Any) -> bytes:
        data = bytearray(draw(st.sampled_from(seeds)))
        for _ in range(draw(st.integers(1, 12))):
            op = draw(st.sampled_from(["insert", "insert", "replace", "delete", "duplicate", "truncate"]))
            at = draw(st.integers(0, len(data)))
            if op == "insert":
                data[at:at] = draw(st.sampled_from(PIECES))
            elif op == "replace":
                data[at:at + draw(st.integers(1, 8))] = draw(st.sampled_from(PIECES))
            elif op == "delete":
                del data[at:at + draw(st.integers(1, 16))]
            elif op == "duplicate":
                end = min(len(data), at + draw(st.integers(1, 200)))
                data[at:at] = data[at:end]
            else:
                del data[at:]
        return bytes(data)

    alphabet = st.sampled_from([p.decode("utf-8", "replace") for p in PIECES] + list("ab 1-:#\n根河市"))
    text = st.lists(alphabet, max_size=120).map(lambda parts: "".join(parts).encode("utf-8"))
    return st.one_of(mutated(), mutated(), text, st.binary(max_size=512))


def run_hypothesis(max_examples: int = 1000, seconds: float | None = None) -> int:
    """Check up to ``max_examples`` inputs, in rounds of fresh random inputs, stopping once ``seconds`` have
    passed (after the round under way); returns how many inputs were tried."""
    from hypothesis import HealthCheck, Phase, given, settings

    tried = 0
    stop_at = time.monotonic() + seconds if seconds is not None else None
    strategy = _strategy()
    while tried < max_examples and (stop_at is None or time.monotonic() < stop_at):
        batch = min(200, max_examples - tried)

        @settings(max_examples=batch, deadline=None, database=None, print_blob=True,
                  phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
        @given(strategy)
        def target(data: bytes) -> None:
            nonlocal tried
            tried += 1
            check_one(data)

        target()
    return tried


def _atheris(argv: list[str]) -> None:  # pragma: no cover - needs atheris, run by hand
    import atheris

    def test_one_input(data: bytes) -> None:
        check_one(data)

    _rule_data()  # load before instrumenting: the rule data is not what is fuzzed
    # coverage feedback from every Python function loaded (genhe_lint, PyYAML, pydantic)
    atheris.instrument_all()
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


def main() -> None:  # pragma: no cover - run by hand
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="hypothesis: how long to run")
    parser.add_argument("--atheris", action="store_true", help="run under atheris (libFuzzer) instead")
    args, rest = parser.parse_known_args()
    if args.atheris:
        _atheris([sys.argv[0], *rest])
        return
    started = time.perf_counter()
    tried = run_hypothesis(max_examples=10**9, seconds=args.seconds)
    print(f"fuzz: {tried} inputs tried in {time.perf_counter() - started:.1f} s, no failure")


if __name__ == "__main__":
    main()
