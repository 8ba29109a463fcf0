"""Calibrated words (positions.words): the published scales, lookup, estimates from words.

The published ranges checked here:

- ICD 203: Office of the Director of National Intelligence (2015), Intelligence Community
  Directive 203, Analytic Standards, the table of expressions of likelihood.
- Kent, S. (1964), "Words of Estimative Probability", Studies in Intelligence 8(4): the
  chart of centres "give or take about" a spread, and the synonyms listed with it.
"""

import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import minimal_scenario_dict

import positions
from positions.words import (
    ESTIMATIVE_WORDS,
    MOSTELLER_YOUTZ,
    WORD_SCALES,
    WordScale,
    normalize_phrase,
)

# ICD 203 (ODNI 2015): each pair of phrases and its range, in per cent.
ICD203 = [
    (("almost no chance", "remote"), 1, 5),
    (("very unlikely", "highly improbable"), 5, 20),
    (("unlikely", "improbable"), 20, 45),
    (("roughly even chance", "roughly even odds"), 45, 55),
    (("likely", "probable"), 55, 80),
    (("very likely", "highly probable"), 80, 95),
    (("almost certain", "almost certainly", "nearly certain"), 95, 99),
]

# Kent (1964): each term, its centre and its "give or take about" spread, in per cent,
# and the synonyms he lists with it that the table holds.
KENT1964 = [
    ("certain", 100, 0, ()),
    ("almost certain", 93, 6,
     ("virtually certain", "all but certain", "highly probable", "highly likely",
      "odds overwhelming")),
    ("probable", 75, 12, ("likely", "chances are good")),
    ("chances about even", 50, 10,
     ("chances a little better than even", "chances a little less than even")),
    ("probably not", 30, 10, ("we doubt", "doubtful")),
    ("almost certainly not", 7, 5, ("virtually impossible", "almost impossible",
                                    "highly doubtful")),
    ("impossible", 0, 0, ()),
]  # fmt: skip


@pytest.mark.parametrize(("phrases", "low", "high"), ICD203)
def test_icd203_ranges_are_the_directives(phrases, low, high):
    for phrase in phrases:
        entry = positions.lookup_words(phrase, "icd203")
        assert entry.phrase == phrase and not entry.is_derived
        assert entry.range == pytest.approx((low / 100, high / 100))
        assert "Intelligence Community Directive 203" in entry.citation
        assert "2015" in entry.citation


@pytest.mark.parametrize(("term", "centre", "spread", "synonyms"), KENT1964)
def test_kent_ranges_are_his_centres_give_or_take_his_spreads(term, centre, spread, synonyms):
    for phrase in (term, *synonyms):
        entry = positions.lookup_words(phrase, "kent1964")
        assert not entry.is_derived and entry.term == term
        assert entry.midpoint == pytest.approx(centre / 100)
        assert (entry.high - entry.low) / 2 == pytest.approx(spread / 100)
        assert "Kent" in entry.citation and "1964" in entry.citation
        assert "Studies in Intelligence, 8(4)" in entry.citation


def test_the_published_phrases_are_exactly_those_of_the_scales():
    published = {(e.scale, e.phrase) for e in ESTIMATIVE_WORDS if not e.is_derived}
    icd = {("icd203", p) for phrases, _, _ in ICD203 for p in phrases}
    kent = {("kent1964", p) for term, _, _, syn in KENT1964 for p in (term, *syn)}
    # Kent's own example sentence uses the adverb: "It is almost certainly a military airfield."
    assert published == icd | kent | {("kent1964", "almost certainly")}


def test_each_phrase_appears_once_per_scale_and_the_scales_agree_with_the_type():
    keys = [(e.scale, e.phrase) for e in ESTIMATIVE_WORDS]
    assert len(keys) == len(set(keys))
    assert set(typing.get_args(WordScale)) == set(WORD_SCALES) == {"icd203", "kent1964"}
    assert positions.Conventions().words == "icd203"
    assert all(0 <= e.low <= e.high <= 1 for e in ESTIMATIVE_WORDS)
    assert all(normalize_phrase(e.phrase) == e.phrase for e in ESTIMATIVE_WORDS)


def test_derived_entries_state_their_rule_and_cite_the_rationale():
    derived = [e for e in ESTIMATIVE_WORDS if e.is_derived]
    assert derived
    for e in derived:
        assert e.derived and "stances convention" in e.citation
        assert MOSTELLER_YOUTZ in e.citation and "Statistical Science, 5(1), 2-34" in e.citation
    # The brief's example: "not unlikely" reads as at least a roughly even chance and at most
    # likely, [0.45, 0.80] on ICD 203 (the low end of one band, the high end of the other).
    e = positions.lookup_words("not unlikely")
    assert e.range == (0.45, 0.80) and e.is_derived
    assert "at least a roughly even chance and at most likely" in e.derived
    assert positions.lookup_words("should not be considered unlikely").range == (0.45, 0.80)
    assert positions.lookup_words("not likely").range == (0.20, 0.55)
    assert positions.lookup_words("cannot be ruled out").range == (0.01, 0.55)
    # On Kent's scale the same rules use his terms' ranges.
    assert positions.lookup_words("not unlikely", "kent1964").range == (0.40, 0.87)
    assert positions.lookup_words("unlikely", "kent1964").range == (0.20, 0.40)


@pytest.mark.parametrize("scale", ["icd203", "kent1964"])
def test_derived_ranges_start_and_end_on_the_scales_own_band_edges(scale):
    edges = {v for e in ESTIMATIVE_WORDS if e.scale == scale and not e.is_derived
             for v in e.range}
    for e in ESTIMATIVE_WORDS:
        if e.scale == scale and e.is_derived:
            assert e.low in edges and e.high in edges, e.phrase


@pytest.mark.parametrize(
    ("written", "phrase"),
    [
        ("Likely", "likely"),
        ("  very\n  LIKELY ", "very likely"),
        ("is likely", "likely"),
        ("likely to", "likely"),
        ("It is likely that", "likely"),
        ("is unlikely to be", "unlikely"),
        ("is not likely to", "not likely"),
        ("There is a roughly even chance that", "roughly even chance"),
        ("“can’t be ruled out”", "cannot be ruled out"),
        ("can not be ruled out.", "cannot be ruled out"),
        ("should not be considered unlikely to", "should not be considered unlikely"),
        ("almost no chance of", "almost no chance"),
    ],
)
def test_lookup_normalises_case_space_and_padding(written, phrase):
    assert positions.lookup_words(written).phrase == phrase


_padding = st.tuples(
    st.sampled_from(["", "it is ", "is ", "there is a ", "It's "]),
    st.sampled_from(["", " to", " that", " to be"]),
    st.sampled_from([" ", "  ", "\t", "\n "]),
)


@given(entry=st.sampled_from(ESTIMATIVE_WORDS), padding=_padding, upper=st.booleans())
def test_any_padding_and_case_find_the_same_entry(entry, padding, upper):
    front, back, space = padding
    written = front + entry.phrase.replace(" ", space) + back
    assert positions.lookup_words(written.upper() if upper else written, entry.scale) == entry


def test_an_unknown_phrase_names_the_nearest_known_ones():
    with pytest.raises(KeyError) as info:
        positions.lookup_words("likley")
    err = info.value
    assert isinstance(err, positions.UnknownPhraseError)
    assert err.nearest[0] == "likely" and len(err.nearest) == 3
    assert str(err) == (
        "unknown estimative phrase 'likley' on ICD 203; nearest known: 'likely', 'unlikely', "
        "'not likely' (all of them: positions.words_frame())"
    )
    # A phrase of one scale is unknown on the other, with that scale's neighbours.
    with pytest.raises(KeyError, match=r"'remote' on Kent \(1964\); nearest known:"):
        positions.lookup_words("remote", "kent1964")
    with pytest.raises(ValueError, match=r"The 'scale' parameter of lookup_words must be one "
                                         r"of 'icd203', 'kent1964'. Got 'ipcc' instead."):
        positions.lookup_words("likely", "ipcc")  # type: ignore[arg-type]


def test_words_frame_lists_every_phrase_with_its_citation():
    df = positions.words_frame()
    assert list(df.columns) == ["scale", "phrase", "low", "high", "term", "derived", "citation"]
    assert len(df) == len(ESTIMATIVE_WORDS)
    icd = positions.words_frame("icd203")
    assert set(icd.scale) == {"icd203"} and len(icd) == sum(e.scale == "icd203"
                                                           for e in ESTIMATIVE_WORDS)
    published = icd[icd.derived.isna()]
    assert list(published.phrase[:2]) == ["almost no chance", "remote"]
    assert published.low.is_monotonic_increasing
    assert icd.set_index("phrase").loc["not unlikely", "derived"].startswith("litotes")


def test_estimate_from_words_is_uniform_on_the_range_around_its_middle():
    quote = {"source": "s1", "quote": "Europe wants a ceasefire.", "origin": "bloomberg"}
    e = positions.estimate_from_words(
        "should not be considered unlikely", rationale="The author's judgement.",
        evidence=[quote], assumptions=["The author speaks for Washington."],
    )
    assert e.value == 0.625 and e.words == "should not be considered unlikely"
    assert e.uncertainty.dist == "uniform" and e.bounds() == (0.45, 0.80)
    assert e.evidence[0].quote == "Europe wants a ceasefire."
    assert e.assumptions == ("The author speaks for Washington.",)
    kent = positions.estimate_from_words("probable", rationale="r", scale="kent1964")
    assert kent.value == 0.75 and kent.bounds() == (0.63, 0.87)
    # a point of Kent's scale is a fixed estimate
    for phrase, value in (("certain", 1.0), ("impossible", 0.0)):
        point = positions.estimate_from_words(phrase, rationale="r", scale="kent1964")
        assert point.uncertainty.dist == "fixed" and point.value == value
    with pytest.raises(KeyError, match="nearest known"):
        positions.estimate_from_words("plausible", rationale="r")


@pytest.mark.parametrize("scale", ["icd203", "kent1964"])
def test_every_estimate_from_words_passes_the_scenario_rule(scale):
    data = minimal_scenario_dict()
    data["conventions"] = {"words": scale}
    for entry in (e for e in ESTIMATIVE_WORDS if e.scale == scale):
        est = positions.estimate_from_words(entry.phrase, rationale="r", scale=scale)
        data["beliefs"][0]["probability"] = est.model_dump()
        s = positions.Scenario.from_dict(data)
        assert s.beliefs[0].probability.words == entry.phrase


def test_a_scenario_with_words_out_of_range_does_not_load_and_says_why():
    data = minimal_scenario_dict()
    data["beliefs"][0]["probability"] = {
        "value": 0.9, "uncertainty": {"dist": "uniform", "low": 0.8, "high": 0.95},
        "rationale": "r", "words": "likely"}
    with pytest.raises(positions.ScenarioError) as info:
        positions.Scenario.from_dict(data)
    assert [str(p) for p in info.value.problems] == [
        "beliefs[putin].probability.value: 0.9 lies outside the range of 'likely', "
        "[0.55, 0.8] on ICD 203",
        "beliefs[putin].probability.uncertainty: its support [0.8, 0.95] leaves the range of "
        "'likely', [0.55, 0.8] on ICD 203",
    ]
    # Read on Kent's scale, where "likely" is "probable" (63-87 %), the value fits but the
    # support still does not.
    data["conventions"] = {"words": "kent1964"}
    with pytest.raises(positions.ScenarioError) as info:
        positions.Scenario.from_dict(data)
    assert [p.path for p in info.value.problems] == ["beliefs[putin].probability.value",
                                                     "beliefs[putin].probability.uncertainty"]
    assert "[0.63, 0.87] on Kent (1964)" in info.value.problems[0].message
    data["beliefs"][0]["probability"]["uncertainty"] = {"dist": "uniform", "low": 0.7,
                                                        "high": 0.85}
    data["beliefs"][0]["probability"]["value"] = 0.8
    assert positions.Scenario.from_dict(data).beliefs[0].probability.words == "likely"


def test_words_survive_a_round_trip_and_show_in_the_estimates_frame(tmp_path):
    data = minimal_scenario_dict()
    data["beliefs"][0]["probability"] = positions.estimate_from_words(
        "very likely", rationale="r").model_dump()
    s = positions.Scenario.from_dict(data)
    s.to_yaml(tmp_path / "s.yaml")
    again = positions.load(tmp_path / "s.yaml")
    assert again == s
    df = again.estimates_frame().set_index("path")
    assert df.loc["beliefs[putin].probability", "words"] == "very likely"
    assert df.loc["beliefs[putin].probability", ["low", "high"]].tolist() == [0.8, 0.95]
    assert df.drop("beliefs[putin].probability")["words"].isna().all()
