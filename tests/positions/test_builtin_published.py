"""The built-in scenarios coded from published cases: listed, valid, honest about provenance."""

import pytest

import positions

PUBLISHED = ("ec-car-emissions-bdm1994", "elmira-groundwater", "ktab-soe-pol-comp")


def test_available_lists_every_builtin_scenario():
    assert positions.available() == sorted([*PUBLISHED, "ukraine-ceasefire-2025-05"])


@pytest.mark.parametrize("name", PUBLISHED)
def test_every_evidence_item_cites_a_publication_by_locator(name):
    s = positions.load(name)
    assert all(src.is_publication and src.text is None for src in s.sources)
    frame = s.evidence_frame()
    assert len(frame) > 0 and frame["locator"].notna().all()


@pytest.mark.parametrize("name", PUBLISHED)
def test_every_judged_number_cites_a_locator_or_lists_its_premises(name):
    frame = positions.load(name).estimates_frame()
    bare = frame[(frame.n_quotes == 0) & (frame.n_assumptions == 0)]
    assert bare.empty, bare.path.tolist()


@pytest.mark.parametrize("name", ["ec-car-emissions-bdm1994", "ktab-soe-pol-comp"])
def test_published_inputs_are_fixed_and_without_acceptable_ranges(name):
    # The publications give point values and no acceptable ranges: none is invented.
    s = positions.load(name)
    assert all(p.acceptable is None for p in s.positions)
    assert set(s.estimates_frame()["dist"]) == {"fixed"}
    assert len(s.positions) == len(s.parties) * len(s.issues)


def test_ec_car_emissions_is_table_1():
    s = positions.load("ec-car-emissions-bdm1994")
    table = {p.actor: (s.actor(p.actor).capability.value, p.ideal.value, p.salience.value)
             for p in s.positions}
    assert table == {
        "NLD": (0.08, 4, 0.8), "BEL": (0.08, 7, 0.4), "LUX": (0.03, 4, 0.2),
        "DEU": (0.16, 4, 0.8), "FRA": (0.16, 10, 0.6), "ITA": (0.16, 10, 0.6),
        "GBR": (0.16, 10, 0.9), "IRL": (0.05, 7, 0.1), "DNK": (0.05, 4, 1.0),
        "GRC": (0.08, 7, 0.7),
    }
    # Scholz et al. reprint Bueno de Mesquita's data: two publications, one origin.
    c = s.corroboration(s.position("NLD", "emissions"))
    assert c.origins == ("bdm",)


def test_elmira_options_and_irreversibility():
    s = positions.load("elmira-groundwater")
    assert [(o.id, o.actor, o.reversible) for o in s.options] == [
        ("MoE_modify", "MoE", False), ("UR_end_delay", "UR", False),
        ("UR_abandon", "UR", False), ("LG_insist", "LG", True),
    ]
    assert not any(o.status_quo for o in s.options)  # state 1: Uniroyal delays
    assert s.issues == ()
