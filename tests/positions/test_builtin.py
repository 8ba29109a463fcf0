"""The built-in scenario: complete, and every quote verified against its seed article."""

import hashlib
from pathlib import Path

import pytest
import yaml

import positions
from positions import normalize_text

NAME = "ukraine-ceasefire-2025-05"
SEEDS = positions.seeds_dir()


@pytest.fixture(scope="module")
def scenario():
    return positions.load(NAME)


def test_listed_as_available():
    assert NAME in positions.available()


def test_seeds_are_the_five_articles_byte_for_byte():
    catalogue = yaml.safe_load((SEEDS / "sources.yaml").read_text(encoding="utf-8"))
    files = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(files) == 5
    assert sorted(s["file"] for s in catalogue["sources"]) == files
    for source in catalogue["sources"]:
        digest = hashlib.sha256((SEEDS / source["file"]).read_bytes()).hexdigest()
        assert digest == source["sha256"], source["file"]
    shared = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if shared.is_dir():  # the shared originals sit beside the repository on CI and dev machines
        for name in files:
            assert (shared / name).read_bytes() == (SEEDS / name).read_bytes(), name


def test_every_quote_occurs_in_its_seed_file(scenario):
    texts = {
        s.id: normalize_text((SEEDS / s.file).read_text(encoding="utf-8")) for s in scenario.sources
    }
    evidence = scenario.evidence_frame()
    assert len(evidence) >= 100
    for row in evidence.itertuples():
        assert normalize_text(row.quote) in texts[row.source], (row.path, row.quote)


def test_all_five_articles_are_used(scenario):
    assert set(scenario.evidence_frame().source) == {s.id for s in scenario.sources}
    assert len(scenario.sources) == 5


def test_actors_listed_in_the_brief(scenario):
    parties = {a.id for a in scenario.parties}
    assert parties == {"RUS", "USA", "EUR", "UKR"}
    members = {m.name for m in scenario.actor("EUR").members}
    assert {"Friedrich Merz", "Emmanuel Macron", "Keir Starmer", "Giorgia Meloni"} <= members
    assert scenario.actor("RUS").leader.name == "Vladimir Putin"
    for analyst in ("KOFMAN", "BARRY", "MARKOV", "ILIYAS", "RU_MOD"):
        actor = scenario.actor(analyst)
        assert not actor.party
        assert any(b.holder == analyst for b in scenario.beliefs), analyst


def test_issues_and_full_coverage(scenario):
    issues = {i.id for i in scenario.issues}
    assert issues >= {
        "territory",
        "nato",
        "foreign_forces",
        "ceasefire",
        "zelensky",
        "guarantees",
        "sanctions",
        "normalisation",
        "us_support",
    }
    for actor in scenario.parties:
        for issue in scenario.issues:
            has_position = any(
                p.actor == actor.id and p.issue == issue.id for p in scenario.positions
            )
            has_none = any(
                n.actor == actor.id and n.issue == issue.id for n in scenario.no_positions
            )
            assert has_position != has_none, (actor.id, issue.id)


def test_russian_positions_from_the_articles(scenario):
    top = {i.id: i.scale.high for i in scenario.issues}
    low = {i.id: i.scale.low for i in scenario.issues}
    # All four regions plus Crimea, with the withdrawal of Ukrainian forces.
    assert scenario.position("RUS", "territory").ideal.value == top["territory"]
    # No NATO membership, no foreign forces, Zelensky not at the table: red lines at the bottom.
    for issue in ("nato", "foreign_forces", "zelensky"):
        pos = scenario.position("RUS", issue)
        assert pos.ideal.value == low[issue], issue
        assert pos.kind in ("red_line", "condition", "demand"), issue
    # No truce while talks go on; normalisation of relations with the US.
    assert scenario.position("RUS", "ceasefire").ideal.value < 50
    assert scenario.position("RUS", "normalisation").ideal.value == top["normalisation"]
    # Unfazed by sanctions: they matter less to Russia than territory does.
    assert (
        scenario.position("RUS", "sanctions").salience.value
        < scenario.position("RUS", "territory").salience.value
    )


def test_western_positions_from_the_articles(scenario):
    assert scenario.position("USA", "ceasefire").ideal.value > 50  # a quick ceasefire
    assert scenario.position("EUR", "ceasefire").ideal.value == 100  # unconditional ceasefire
    assert scenario.position("EUR", "guarantees").ideal.value > 50  # strong guarantees
    assert scenario.position("EUR", "sanctions").ideal.value > 50
    options = {o.id for o in scenario.options}
    assert {
        "USA_sanctions",
        "USA_cut_support",
        "USA_rare_earths",
        "EUR_buy_weapons",
        "EUR_troops",
        "RUS_ceasefire",
        "RUS_offensive",
    } <= options


def test_divergent_beliefs_about_the_battlefield(scenario):
    beliefs = {b.holder: b.probability.value for b in scenario.beliefs_about("four_regions_2025")}
    assert beliefs["RUS"] > 0.5 > beliefs["BARRY"]
    assert "RU_MOD" in beliefs


def test_disputed_facts_keep_every_version(scenario):
    disputed = [f for f in scenario.facts if f.disputed]
    assert disputed
    for fact in disputed:
        assert all(claim.evidence for claim in fact.claims)


def test_every_judged_number_has_uncertainty_and_rationale(scenario):
    estimates = scenario.estimates()
    assert len(estimates) > 50
    assert all(e.rationale.strip() for e in estimates.values())
    saliences = [e for path, e in estimates.items() if path.endswith(".salience")]
    assert all(e.uncertainty.dist != "fixed" for e in saliences)
    # Capabilities are relative: one reference actor may be fixed at 1, the rest are uncertain.
    capabilities = [e for path, e in estimates.items() if path.endswith(".capability")]
    fixed = [e for e in capabilities if e.uncertainty.dist == "fixed"]
    assert len(fixed) <= 1 and all(e.value == 1.0 for e in fixed)


def test_corroboration_counts_origins_not_outlets(scenario):
    c = scenario.corroboration(scenario.position("RUS", "territory"))
    assert c.n_sources > c.n_origins >= 1


def test_round_trip(scenario):
    again = positions.Scenario.from_yaml(scenario.to_yaml(), base_dir=SEEDS)
    assert again == scenario
    assert positions.Scenario.from_json(scenario.to_json(embed_sources=True)) == scenario
