"""GL101 finds near-misses of the region's name with one regex pass: the same windows as looking at every
occurrence of the name's last character (the plain way), on random text and several names."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from genhe_lint.rules import names

ALIASES = ("民政局", "财政局")
CTX = SimpleNamespace(data=SimpleNamespace(aliases=lambda: ALIASES))


def _plain(value: str, region: str, allowed: set[str]) -> list[tuple[int, str] | None]:
    return [names._near_miss(value, i, region, allowed, CTX)  # type: ignore[arg-type]
            for i, ch in enumerate(value) if ch == region[-1]]


def _by_pattern(value: str, region: str, allowed: set[str]) -> list[tuple[int, str] | None]:
    return [names._near_miss(value, m.start(), region, allowed, CTX)  # type: ignore[arg-type]
            for m in names._near_pattern(region).finditer(value)]


@settings(max_examples=400, deadline=None)
@given(region=st.sampled_from(["根河市", "额尔古纳市", "根河", "满归镇", "a河市"]),
       value=st.text(alphabet="根河市额尔古纳满归镇天海某的在a1 ，。\n\0民政局财", max_size=40),
       allow=st.booleans())
def test_pattern_finds_the_windows_the_plain_scan_finds(region: str, value: str, allow: bool) -> None:
    allowed = {"天河市"} if allow else set()
    plain = [found for found in _plain(value, region, allowed) if found is not None]
    assert [found for found in _by_pattern(value, region, allowed) if found is not None] == plain


def test_overlapping_windows_and_the_name_itself() -> None:
    region = "根河市"
    # 天河市 starts a phrase; 市河市 (overlapping it) is a candidate the phrase check then rejects
    assert [m.start() for m in names._near_pattern(region).finditer("天河市河市。根河市")] == [2, 4]
    assert _by_pattern("天河市河市。根河市", region, set()) == [(0, "天河市"), None]
    assert _by_pattern("，河河市市", region, set()) == [(1, "河河市")] == [
        f for f in _plain("，河河市市", region, set()) if f is not None]
    assert _by_pattern("根河市民政局", region, set()) == []  # the name itself is no near-miss
    assert _by_pattern("根河市", region, {"x"}) == [] and _by_pattern("天河市", region, {"天河市"}) == [None]


def test_every_position_of_the_substitution_is_found() -> None:
    """For each name and each of its characters but the last, that character replaced by another CJK one is
    found, at a text's start and after punctuation, and the same as the plain scan finds."""
    for region in ("根河市", "额尔古纳市", "根河", "满归镇"):
        for k in range(len(region) - 1):
            window = region[:k] + "某" + region[k + 1:]
            for value, start in ((window + "民政局", 0), ("见，" + window, 2)):
                expected = [(start, window)]
                assert [f for f in _by_pattern(value, region, set()) if f is not None] == expected
                assert [f for f in _plain(value, region, set()) if f is not None] == expected
