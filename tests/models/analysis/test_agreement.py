"""Agreement sets that tell the truth (issue 12): the all-party ZOPA, veto parties, left out."""

import json

import pytest
from wage_dispute import wage_dispute

import models


def _run(scenario):
    return models.analyze(scenario, n_draws=200, n_base=8, progress=False)


@pytest.fixture(scope="module")
def blocked():
    # the union's red line (at least 11) empties the all-party ZOPA; only T and C have a veto
    return _run(wage_dispute(union_low=11, roles={"veto": ["T", "C"]}))


def test_all_party_event_is_always_reported():
    result = _run(wage_dispute())
    events = result.events().set_index("event")
    assert "all.zopa" in events.index and "core.zopa" not in events.index  # core = all
    assert events.loc["all.zopa", "probability"] > 0.5
    assert result.core_parties == ("U", "T", "C") and result.left_out == ()
    text = result.summary()
    assert "P(a ZOPA exists among all parties)" in text
    assert "outcome space: wage 0-20 %: 21-point grid" in text
    assert "Forecasts per issue, each on its own scale: wage 0-20 %; job_security 0-100" in text


def test_sub_coalition_headline_names_who_is_left_out_and_why(blocked, tmp_path):
    assert blocked.core_parties == ("T", "C") and blocked.left_out == ("U",)
    assert blocked.blockers == ("U", "T")  # without either, the other two have a ZOPA
    events = blocked.events().set_index("event")
    assert events.loc["all.zopa", "probability"] == 0.0
    assert events.loc["core.zopa", "probability"] == 1.0
    assert "(without U)" in events.loc["core.zopa", "description"]
    text = blocked.summary()
    assert "all parties (U, T, C): no ZOPA" in text
    assert "wage (U accepts at least 11, T at most 10)" in text
    assert "core parties T, C leave out U (not a veto party; veto: T, C): without U" in text
    # the all-party line comes before the core's, in the summary and in the Monte Carlo
    assert text.index("all parties (U, T, C)") < text.index("core parties T, C")
    assert text.index("among all parties)") < text.index("among the core parties")
    blocked.write(tmp_path)
    saved = json.loads((tmp_path / "results.json").read_text())
    assert saved["left_out"] == ["U"] and saved["veto"] == ["T", "C"]
    assert saved["events"][0]["event"] == "all.zopa"
    assert saved["warnings"] == [
        "positions[C/job_security].acceptable: none given; read as the whole scale 0-100"
    ]
    assert "wage 0-20 %" in saved["outcome_space"]


def test_veto_parties_decide_which_coalitions_count():
    # every party has a veto (the default): no sub-coalition counts, the core is all parties
    unanimous = _run(wage_dispute(union_low=11))
    assert unanimous.core_parties == ("U", "T", "C")
    assert not unanimous.coalitions.set_index("parties").loc["T+C", "counts"]
    assert "leaves out the veto party U" in unanimous.coalitions.set_index("parties").loc[
        "T+C", "reason"]
    assert "no coalition holding every veto party" in unanimous.summary()
    assert "core.zopa" not in set(unanimous.events().event)
    # the union alone has a veto: T+C does not count, U+C (with a ZOPA) does
    union = _run(wage_dispute(union_low=11, roles={"veto": ["U"]}))
    table = union.coalitions.set_index("parties")
    assert not table.loc["T+C", "counts"] and table.loc["U+C", "counts"]
    assert union.core_parties == ("U", "C") and union.left_out == ("T",)


def test_declared_coalitions_are_analysed():
    s = wage_dispute(union_low=11, roles={
        "veto": ["T", "C"],
        "coalitions": [{"id": "employers", "parties": ["T", "C"]}],
    })
    table = _run(s).coalitions.set_index("parties")
    assert table.loc["T+C", "coalition"] == "without U (employers)"
