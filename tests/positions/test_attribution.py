"""Who speaks in a quote (attribution) and the evidence grade of a claim."""

from __future__ import annotations

import copy
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import minimal_scenario_dict

import positions
from positions import AcceptableRange, Evidence, Origin, Scenario, ScenarioError, Source
from positions.attribution import (
    ATTRIBUTIONS,
    COMPATIBLE,
    GRADES,
    attribution_of,
    grade_rank,
    strongest,
    weakness,
)

TEXT = "Peskov said no. Insiders said maybe. The author guesses yes. Kofman doubts it."
SOURCE = Source(id="s", text=TEXT)


def _attr(kind, *, origin_actor=None, capacity=None, claim_actor="RUS", stated=None):
    origin = Origin(id="o", name="O", kind=kind, actor=origin_actor, capacity=capacity)
    ev = Evidence(source="s", quote="said no", origin="o", attribution=stated)
    return attribution_of(ev, actor=claim_actor, origins={"o": origin}, sources={"s": SOURCE})


@pytest.mark.parametrize(
    ("kind", "origin_actor", "capacity", "claim_actor", "expected"),
    [
        # The actor itself on record: leader, spokesperson, institution, government.
        ("official", "RUS", "leader", "RUS", "on_record"),
        ("official", "RUS", "spokesperson", "RUS", "on_record"),
        ("official", "RUS", "institution", "RUS", "on_record"),
        ("government", "RUS", None, "RUS", "on_record"),
        # An official of the actor, not its voice.
        ("official", "RUS", "official", "RUS", "official"),
        ("official", "RUS", None, "RUS", "official"),
        # The same official describing another actor is another party.
        ("official", "RUS", "spokesperson", "UKR", "other_party"),
        ("government", "EUR", None, "RUS", "other_party"),
        ("official", None, None, "RUS", "other_party"),
        # Anonymous insiders relay their own actor; described by others otherwise.
        ("anonymous_source", "RUS", None, "RUS", "anonymous"),
        ("anonymous_source", None, None, "RUS", "anonymous"),
        ("anonymous_source", "EUR", None, "RUS", "other_party"),
        # Analysts; an analyst holding his own belief is on record.
        ("analyst", None, None, "RUS", "analyst"),
        ("analyst", "KOF", None, "RUS", "analyst"),
        ("analyst", "KOF", None, "KOF", "on_record"),
        # The article's voice.
        ("author", None, None, "RUS", "author_assessment"),
        ("news_agency", None, None, "RUS", "author_assessment"),
        ("outlet", None, None, None, "author_assessment"),
    ],
)
def test_attribution_is_derived_from_the_origin_and_the_claims_actor(
    kind, origin_actor, capacity, claim_actor, expected
):
    assert _attr(kind, origin_actor=origin_actor, capacity=capacity,
                 claim_actor=claim_actor) == expected


def test_a_stated_attribution_wins():
    assert _attr("author", stated="author_guess") == "author_guess"
    assert _attr("official", origin_actor="RUS", capacity="leader",
                 stated="other_party") == "other_party"


def test_a_publication_that_is_its_own_origin_is_an_analysts_coding():
    paper = Source(id="p", kind="publication", authors=["Doe, J."], year=2000, title="T",
                   venue="V")
    ev = Evidence(source="p", locator="Table 1")
    assert attribution_of(ev, actor="RUS", origins={}, sources={"p": paper}) == "analyst"


def test_grades_are_ordered_strongest_first():
    assert GRADES[:-1] == ATTRIBUTIONS and GRADES[-1] == "no_quote"
    assert [grade_rank(g) for g in GRADES] == list(range(8))
    assert weakness("on_record") == 1 / 8 and weakness("no_quote") == 1.0
    assert all(weakness(a) < weakness(b) for a, b in itertools.pairwise(GRADES))
    with pytest.raises(ValueError, match="'rumour' is not a grade"):
        grade_rank("rumour")


@given(st.lists(st.sampled_from(ATTRIBUTIONS), max_size=6), st.randoms())
@settings(max_examples=60, deadline=None)
def test_strongest_is_the_minimum_rank_whatever_the_order(found, random):
    shuffled = list(found)
    random.shuffle(shuffled)
    assert strongest(found) == strongest(shuffled)
    expected = min(found, key=GRADES.index) if found else "no_quote"
    assert strongest(found) == expected
    # Adding a quote never weakens a claim.
    for extra in ATTRIBUTIONS:
        assert grade_rank(strongest([*found, extra])) <= grade_rank(strongest(found))


def test_every_origin_kind_has_its_compatible_attributions():
    kinds = set(Origin.model_fields["kind"].annotation.__args__)
    assert kinds | {"publication"} == set(COMPATIBLE)
    # Nothing an author writes can be raised to the actor speaking.
    assert "on_record" not in COMPATIBLE["author"]
    assert "official" not in COMPATIBLE["anonymous_source"]


# ---------------------------------------------------------------- on a scenario
def _scenario(mutate=None) -> Scenario:
    data = minimal_scenario_dict()
    if mutate is not None:
        mutate(data)
    return Scenario.from_dict(data)


def test_grade_columns_on_a_generated_scenario():
    s = _scenario()
    # The minimal scenario's RUS position rests on anonymous Kremlin insiders.
    assert s.to_frame().set_index(["actor", "issue"]).loc[("RUS", "territory"), "grade"] == (
        "anonymous"
    )
    assert s.grade(s.position("RUS", "territory")) == "anonymous"
    est = s.estimates_frame().set_index("path")
    # An estimate without quotes of its own takes its position's grade ...
    assert est.loc["positions[RUS/territory].salience", "grade"] == "anonymous"
    assert s.grade("positions[RUS/territory].salience") == "anonymous"
    # ... and a number held by nothing with quotes is the analyst's coding.
    assert est.loc["issues[territory].status_quo", "grade"] == "no_quote"
    ev = s.evidence_frame()
    assert set(ev.loc[ev.path.str.startswith("positions[RUS/territory]"), "attribution"]) == {
        "anonymous"
    }
    with pytest.raises(KeyError, match="no judged number"):
        s.grade("positions[RUS/nowhere].ideal")


def test_an_estimates_own_quote_grades_it_not_its_positions():
    def mutate(d):
        d["origins"].append({"id": "author", "name": "Author", "kind": "author"})
        d["sources"][0]["attributed_to"].append("author")
        d["positions"][0]["acceptable"]["low"]["evidence"] = [
            {"source": "s1", "quote": "Europe wants a ceasefire", "origin": "author",
             "attribution": "author_guess"}
        ]

    s = _scenario(mutate)
    assert s.grade("positions[RUS/territory].acceptable.low") == "author_guess"
    # The position's own grade is its strongest quote.
    assert s.grade(s.position("RUS", "territory")) == "anonymous"


def test_the_same_origin_grades_differently_for_different_actors():
    def mutate(d):
        d["origins"][1]["actor"] = "RUS"
        d["beliefs"][0]["holder"] = "EUR"
        d["beliefs"][0]["evidence"] = [
            {"source": "s1", "quote": "wants all four regions", "origin": "insiders"}
        ]

    s = _scenario(mutate)
    assert s.grade(s.position("RUS", "territory")) == "anonymous"
    assert s.grade(s.beliefs[0]) == "other_party"
    assert s.beliefs_frame().grade.tolist() == ["other_party"]


def test_an_incompatible_attribution_is_an_error_naming_the_path():
    def mutate(d):
        d["positions"][0]["evidence"][0]["attribution"] = "official"

    with pytest.raises(ScenarioError, match=r"positions\[RUS/territory\]\.evidence\[0\]"
                                           r"\.attribution: 'official' does not fit"):
        _scenario(mutate)


def test_an_unknown_attribution_names_the_allowed_values():
    data = minimal_scenario_dict()
    data["positions"][0]["evidence"][0]["attribution"] = "rumour"
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(data)
    assert "positions[RUS/territory].evidence[0].attribution" in str(info.value)
    assert "on_record" in str(info.value)


def test_origin_actor_round_trips_through_yaml():
    def mutate(d):
        d["origins"][1].update(actor="RUS")

    s = _scenario(mutate)
    again = Scenario.from_yaml(s.to_yaml())
    assert again.origins[1].actor == "RUS"
    assert again == s


# ---------------------------------------------------------------- whole-scale range
def test_a_whole_scale_range_needs_a_reason_and_silences_the_warning():
    with pytest.raises(ValueError, match="a reason"):
        AcceptableRange()
    data = minimal_scenario_dict()
    extra = copy.deepcopy(data["positions"][0])
    extra.update(actor="EUR", kind="aim", basis="coded", evidence=[], option=None,
                 acceptable=None)
    data["positions"].append(extra)
    data["no_positions"] = []
    s = Scenario.from_dict(data)
    assert [w.path for w in s.warnings() if w.path.endswith(".acceptable")] == [
        "positions[EUR/territory].acceptable"
    ]
    extra["acceptable"] = {"reason": "No source reports a limit."}
    s = Scenario.from_dict(data)
    assert not [w for w in s.warnings() if w.path.endswith(".acceptable")]
    row = s.to_frame().set_index(["actor", "issue"]).loc[("EUR", "territory")]
    assert (row.acceptable_low, row.acceptable_high) == (0, 100)


def test_a_red_line_needs_a_bound_not_just_a_reason():
    data = minimal_scenario_dict()
    data["positions"][0].update(kind="red_line", acceptable={"reason": "none"})
    with pytest.raises(ScenarioError, match="a red line needs an acceptable range"):
        Scenario.from_dict(data)


def test_builtin_scenario_grades_are_valid_grades():
    s = positions.load("ukraine-ceasefire-2025-05")
    assert set(s.to_frame().grade) <= set(GRADES)
    assert set(s.estimates_frame().grade) <= set(GRADES)
