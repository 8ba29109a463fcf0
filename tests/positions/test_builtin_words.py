"""The built-in case reads estimative words on its declared scale (issue 13, item 2)."""

import pytest

import positions
from positions import lookup_words


@pytest.fixture(scope="module")
def scenario():
    return positions.load("ukraine-ceasefire-2025-05")


@pytest.mark.parametrize("belief", ["b_BARRY_four_regions", "b_BARRY_collapse"])
def test_barrys_unlikely_is_read_on_icd_203(scenario, belief):
    # Ben Barry (IISS, via 002): "unlikely" -> ICD 203's band 20-45 %, no longer
    # an unreferenced 0.1-0.15 of the analyst's own.
    assert scenario.conventions.words == "icd203"
    found = next(b for b in scenario.beliefs if b.id == belief)
    entry = lookup_words("unlikely", scale="icd203")
    assert found.probability.words == "unlikely"
    assert found.probability.bounds() == (entry.low, entry.high) == (0.2, 0.45)
    assert entry.low <= found.probability.value <= entry.high
    assert all("unlikely" in e.quote for e in found.probability.evidence)
    assert scenario.grade(found) == "on_record"  # the analyst holding his own belief


def test_every_worded_estimate_lies_in_its_band(scenario):
    rows = scenario.estimates_frame()
    worded = rows[rows.words.notna()]
    assert len(worded) >= 2
    for row in worded.itertuples():
        entry = lookup_words(row.words, scale=scenario.conventions.words)
        assert entry.low <= row.low <= row.value <= row.high <= entry.high
