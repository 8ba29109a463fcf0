import json
import re

import numpy as np
import pandas as pd
import pytest

import models
import positions
from positions.attribution import weakness


@pytest.fixture(scope="module")
def scenario():
    return positions.load("ukraine-ceasefire-2025-05")


@pytest.fixture(scope="module")
def analysis(scenario):
    return models.analyze(scenario, n_draws=512, n_base=8, progress=False, seed=11)


def test_coalitions_and_core(analysis, scenario):
    coalitions = analysis.coalitions
    assert coalitions.parties.iloc[0] == "+".join(a.id for a in scenario.parties)
    assert len(coalitions) == 1 + len(scenario.parties)
    # The core is all parties if they can agree at the point values, else the coalition
    # that leaves out the least capable party among those with a ZOPA.
    all_row = coalitions.iloc[0]
    if all_row.zopa:
        assert analysis.core_parties == tuple(a.id for a in scenario.parties)
    else:
        assert all_row.reason
        feasible = coalitions.iloc[1:][coalitions.iloc[1:].zopa > 0]
        capability = {a.id: a.capability.value for a in scenario.parties}
        best = min(feasible.left_out, key=lambda a: capability[a])
        assert best not in analysis.core_parties
    assert analysis.bargain_core.actor_ids == analysis.core_parties


def test_events_are_probabilities_with_intervals(analysis):
    events = analysis.events()
    assert set(events.event) >= {
        "core.zopa",
        "war.range_exists",
        "threat.credible",
        "threat.deters",
    }
    assert ((events.ci_low <= events.probability) & (events.probability <= events.ci_high)).all()
    assert (events.n == 512).all()
    # Deterrence requires a credible threat in the game (Schelling 1960): never more likely.
    p = events.set_index("event").probability
    assert p["threat.deters"] <= p["threat.credible"] + 1e-12


def test_same_seed_same_numbers_different_seed_different(scenario, analysis):
    again = models.analyze(scenario, n_draws=512, n_base=8, progress=False, seed=11)
    pd.testing.assert_frame_equal(again.events(), analysis.events())
    other = models.analyze(scenario, n_draws=512, n_base=8, progress=False, seed=12)
    assert not np.array_equal(
        other.monte_carlo.outputs["threat.credible"],
        analysis.monte_carlo.outputs["threat.credible"],
    ) or not other.events().equals(analysis.events())


def test_summary_names_every_part(analysis):
    text = analysis.summary()
    for heading in (
        "Bargaining",
        "Forecasts per issue",
        "War bargaining",
        "Threat game",
        "Graph Model equilibria",
        "Monte Carlo over",
    ):
        assert heading in text


def test_write_produces_report_and_data(analysis, tmp_path):
    written = analysis.write(tmp_path, options={"seed": 11})
    names = {p.name for p in written}
    assert {
        "report.html",
        "results.json",
        "scenario.json",
        "montecarlo.parquet",
        "forecasts.parquet",
        "positions.parquet",
    } <= names
    html = (tmp_path / "report.html").read_text()
    assert html.count('<img class="figure" src="data:image/png;base64,') >= 6
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["seed"] == 11 and results["options"] == {"seed": 11}
    mc = pd.read_parquet(tmp_path / "montecarlo.parquet")
    assert len(mc) == 512
    saved = positions.Scenario.from_json((tmp_path / "scenario.json").read_text())
    assert saved == analysis.scenario
    assert not list(tmp_path.glob(".*.tmp"))
    # Each section links its data files; every link points at a file written beside it.
    links = re.findall(r'<a href="([^"]+)" download>', html)
    assert {"positions.parquet", "forecasts.parquet", "montecarlo.parquet", "results.json"} <= set(
        links
    )
    assert set(links) <= names
    assert set(analysis.data_files()) | {"scenario.json", "results.json"} == set(links)
    # A report rendered on its own (no files beside it) has no data links.
    assert "download>" not in analysis.report().to_html()


def test_influential_inputs_carry_their_provenance(analysis, scenario):
    # Every influential input is a judged number of the scenario; the table
    # says what it rests on, as the scenario's estimates table does.
    infl = analysis.influential(20)
    assert len(infl) == 20
    # Ranked by sensitivity and weakness of evidence together.
    assert infl["priority"].is_monotonic_decreasing
    assert np.allclose(infl.priority, infl.ST.clip(lower=0) * infl.weakness)
    est = scenario.estimates_frame().set_index("path")
    for row in infl.itertuples():
        ref = est.loc[row.input]
        assert (row.n_quotes, row.n_origins, row.n_assumptions, row.grade) == (
            ref.n_quotes, ref.n_origins, ref.n_assumptions, ref.grade
        )
        assert row.weakness == weakness(ref.grade)
        assert row.evidence_from == ref.evidence_from and row.rationale == ref.rationale
    by_st = analysis.influential(20, by="ST")
    assert by_st["ST"].is_monotonic_decreasing
    assert set(by_st.input) | set(infl.input) <= set(est.index)
    with pytest.raises(ValueError, match="'by' parameter of influential"):
        analysis.influential(by="grade")
    text = analysis.summary()
    first = infl.iloc[0]
    line = next(ln for ln in text.splitlines() if first.input in ln and "(on " in ln)
    assert f"[{first.grade.replace('_', ' ')}, {first.n_quotes} quote" in line


def test_status_quo_paths_in_options(analysis):
    # The Graph Model's status quo and the Nash equilibria unilateral
    # improvements reach from it, described by the options that change.
    sq = analysis.status_quo
    assert sq is not None and sq.status_quo == analysis.stability.model.status_quo
    assert set(sq.reachable) <= set(analysis.equilibria()["R"]) and sq.reachable
    text = analysis.summary()
    assert f"status quo (state {sq.status_quo}): RUS: " in text
    assert f"reach {len(sq.reachable)} of the {len(sq.equilibria)} Nash equilibria" in text
    first = sq.reachable[0]
    line = next(ln for ln in text.splitlines() if ln.strip().startswith(f"{first} in "))
    path = sq.paths[sq.equilibria.index(first)]
    model = analysis.stability.model
    assert model.move_text(path[0], path[1]) in line
    frame = analysis.data_files()["status_quo.parquet"]
    assert set(frame.loc[frame.step > 0, "change"]) >= {model.move_text(path[0], path[1])}


def test_bad_sizes(scenario):
    with pytest.raises(ValueError, match="'n_draws' parameter of analyze must be an int >= 1"):
        models.analyze(scenario, n_draws=0)


def test_steps_that_do_not_apply_are_skipped_with_reasons(tmp_path):
    import yaml
    from strategies import minimal_scenario_dict

    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(minimal_scenario_dict()))
    small = positions.load(path)
    result = models.analyze(small, n_draws=64, n_base=4, progress=False)
    # One-party bargaining works; war bargaining and the threat game need roles this
    # scenario does not declare, and say so in its terms.
    assert result.bargain_core is not None
    assert result.threat is None and "threat game" in result.skipped
    assert result.war is None and "war bargaining" in result.skipped
    assert result.status_quo is None  # no options, so no Graph Model
    assert result.skipped["threat game"].startswith(f"scenario {small.id!r} declares no threat")
    assert result.skipped["war bargaining"].startswith(f"scenario {small.id!r} declares no war")
    for step in ("monte carlo (war)", "monte carlo (threat)"):
        assert "declares no" in result.skipped[step]
    text = result.summary()
    assert "skipped:" in text
    written = {p.name for p in result.write(tmp_path / "out")}
    assert {"report.html", "results.json"} <= written
    html = (tmp_path / "out" / "report.html").read_text()
    assert set(re.findall(r'<a href="([^"]+)" download>', html)) <= written
    assert json.loads((tmp_path / "out" / "results.json").read_text())["skipped"] == dict(
        result.skipped
    )


def test_warnings_only_when_the_scenario_relies_on_a_default(scenario, analysis):
    # Every position of the built-in case gives its acceptable range (or the reason it
    # has none), so neither the summary nor the report has a warnings part...
    assert not scenario.warnings()
    assert "Warnings" not in analysis.summary()
    assert ">Warnings</h2>" not in analysis.report().to_html()
    # ... until one is left out.
    data = scenario.model_dump()
    [position] = [p for p in data["positions"] if (p["actor"], p["issue"]) == ("USA", "territory")]
    position["acceptable"] = None
    changed = models.analyze(
        positions.Scenario.from_dict(data), n_draws=64, n_base=8, progress=False, seed=11
    )
    assert changed.summary().split("\n\n")[-1].splitlines() == [
        "Warnings (1): defaults and unsupported numbers the scenario relies on",
        "  positions[USA/territory].acceptable: none given; read as the whole scale 0-100",
    ]
    html = changed.report().to_html()
    assert html.index(">Warnings</h2>") < html.index(">Summary</h2>")


def test_summary_and_report_sections_in_order(analysis):
    # The summary: one block per model, a blank line between two blocks.
    blocks = [block.splitlines()[0] for block in analysis.summary().split("\n\n")]
    assert blocks[0].startswith(analysis.scenario.title)
    headings = [
        "Bargaining",
        "Forecasts per issue",
        "War bargaining",
        "Threat game",
        "Graph Model equilibria",
        "Monte Carlo over",
        "Where better evidence would matter most",
    ]  # and no warnings: the built-in case leaves nothing to a default (see below)
    assert len(blocks) == 1 + len(headings)
    assert all(b.startswith(h) for b, h in zip(blocks[1:], headings, strict=True))
    # The report: one section per model, in the same order, the summary last.
    html = analysis.report().to_html()
    assert re.findall(r'<h2 id="s\d+">([^<]+)</h2>', html) == [
        "Positions",
        "Bargaining",
        "Forecasts",
        "War bargaining: Russia against Ukraine and its Western backers",
        "Threat game: The US threat of new sanctions if Russia refuses a ceasefire",
        "Graph Model",
        "Uncertainty",
        "Sources",
        "Summary",
    ]
    # The positions table shows each position's evidence grade (in words).
    positions_part = html[html.index('id="s1"'):html.index('id="s2"')]
    assert ">grade</th>" in positions_part
    assert all(f">{g.replace('_', ' ')}</td>" in positions_part
               for g in set(analysis.scenario.to_frame().grade))
