"""Figures a researcher can read (issue 16): no colliding labels, words instead of state numbers.

The Graph Model figure shows the equilibria labelled by the options that differ from
the status quo and counts them right; bargaining tags sit by their own markers;
position-map anchors are wrapped, never cut by the figure; sensitivity plots show the
non-negligible inputs and say how many were negligible. Every figure of the report is
checked for overlapping text, on the built-in case and on generated scenarios with more
parties, long names and more options.
"""

from __future__ import annotations

import json
import os
import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import option_model_specs, random_scenario_dicts
from wage_dispute import wage_dispute

import models
import models.plotting as mp
import positions
from models import GraphModel

FEW = settings(max_examples=6, deadline=None, derandomize=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TICK, CROSS = "\u2713", "\u2717"


@pytest.fixture(scope="module")
def s():
    return positions.load("ukraine-ceasefire-2025-05")


@pytest.fixture(scope="module")
def gm(s):
    return GraphModel.from_scenario(s)


def _boxes(ax):
    """The first line of every box of the equilibrium view, and the boxes' texts."""
    texts = [t.get_text() for t in ax.texts if t.get_text()]
    return [t.splitlines()[0] for t in texts], texts


# ------------------------------------------------------------------ graph model
def test_graph_figure_shows_the_equilibria_in_options(gm):
    stability = gm.stability()
    eq = stability.equilibria("R")
    assert len(eq) == 25
    ax = stability.plot()
    heads, texts = _boxes(ax)
    # the status quo, then one box per equilibrium and nothing else
    assert heads[0] == "status quo" and f"state {gm.status_quo}" in texts[0]
    assert sorted(int(re.match(r"state (\d+)", h)[1]) for h in heads[1:]) == list(eq)
    title = ax.get_title()
    assert title.startswith("Graph model: Nash equilibria: 25 of 9,216 states\n")
    # the one change every equilibrium shares is said once, in the title
    assert f"In every equilibrium shown also: USA: rare\u00a0earths\u00a0{TICK}" in title.replace(
        "\n", " ")
    box = next(t for t in texts if t.startswith("state 4950"))
    assert box.splitlines()[1:] == [f"EUR: sanctions\u00a0{TICK}"]
    box = next(t for t in texts if t.startswith("state 510\n"))
    assert f"UKR: ceasefire\u00a0{CROSS}" in box  # a withdrawn option
    fig = ax.figure
    assert mp.text_collisions(fig) == []
    plt.close(fig)


def test_graph_figure_status_quo_paths_are_arrows(gm):
    sq = gm.status_quo_analysis()
    reached = [p[-1] for p in sq.paths if p]
    ax = sq.plot()
    heads, _ = _boxes(ax)
    arrows = [t for t in ax.texts if not t.get_text() and t.arrow_patch is not None]
    assert len(arrows) == len(reached) == 8
    # reached equilibria come first and say who moves, in order
    assert heads[1:9] == [f"state {s}: EUR, then USA" for s in sorted(
        reached, key=lambda s: (int(np.sum(gm.states[s - 1] != gm.states[gm.status_quo - 1])),
                                s))]
    assert "the 8 reached from the status quo" in ax.get_title().replace("\n", " ")
    plt.close(ax.figure)


def test_full_graph_counts_states_and_equilibria(gm):
    ax = gm.stability().plot(full=True)
    numbers = [t.get_text() for t in ax.texts]
    assert len(numbers) == 30
    assert ax.get_title() == ("Graph model: Nash equilibria\n30 of 9,216 states shown, "
                              "25 of them equilibria (grey) of 25 in all")
    plt.close(ax.figure)
    for size in [(6, 4), (7, 7)]:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        gm.stability().plot(ax=ax, full=True)
        assert mp.text_collisions(fig) == []
        plt.close(fig)


def test_graph_figure_caps_many_equilibria(gm):
    stability = gm.stability()
    n_gmr = len(stability.equilibria("GMR"))
    ax = stability.plot(concept="GMR", max_states=12)
    heads, _ = _boxes(ax)
    assert len(heads) == 12
    n_shown = 11 + (gm.status_quo in stability.equilibria("GMR"))  # 11 boxes and the status quo
    assert ax.get_title().startswith(
        f"Graph model: GMR equilibria: {n_gmr:,} of 9,216 states ({n_shown} shown)")
    plt.close(ax.figure)


@FEW
@given(option_model_specs(max_dms=4))
def test_graph_figure_on_generated_models(spec):
    # long option names: the labels wrap between options, never inside one
    spec = json.loads(re.sub(r"\b(D\do\d)\b", r"\1_with_a_rather_long_name", json.dumps(spec)))
    first = spec["options"][spec["decision_makers"][0]][0]
    for status_quo in ([], [first]):
        try:
            model = GraphModel.from_options(**spec, status_quo=status_quo)
        except ValueError:  # e.g. an infeasible or irreversible status quo
            continue
        stability = model.stability()
        for size in [(6, 4), (7, 7)]:
            fig, ax = plt.subplots(figsize=size, layout="constrained")
            stability.plot(ax=ax)
            heads, texts = _boxes(ax)
            shown = [int(re.match(r"state (\d+)", h)[1]) for h in heads if h.startswith("state")]
            assert set(shown) <= set(stability.equilibria("R"))
            assert not any("long\n" in t or "\nname" in t for t in texts)
            assert mp.text_collisions(fig) == []
            plt.close(fig)


def test_graph_figure_with_many_options_and_long_names():
    dms = ["Government_of_A", "Opposition_B", "Mediator_C"]
    options = {d: [f"{d}_option_{k}_{w}" for k, w in enumerate(["escalate", "negotiate",
                                                                 "withdraw_support"])]
               for d in dms}
    prefs = {d: [f"-{options[d][0]}", options[dms[(i + 1) % 3]][1], options[d][2]]
             for i, d in enumerate(dms)}
    model = GraphModel.from_options(dms, options, preferences=prefs,
                                    status_quo=[options[dms[0]][0]])
    result = model.stability()
    for size in [(6, 4), (7, 7), (11, 8)]:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        result.plot(ax=ax, concept="GMR")
        assert mp.text_collisions(fig) == [], size
        _, texts = _boxes(ax)
        assert all("option\u00a01\u00a0negotiate" in t for t in texts[1:]
                   if "Opposition_B: option\u00a01" in t)
        plt.close(fig)


# ------------------------------------------------------------------ bargaining
def _tags_by_their_markers(ax):
    """Every solution tag is nearer its own marker than any other marker (screen)."""
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    markers = np.array([ax.transData.transform(c.get_offsets()[0]) for c in ax.collections
                        if len(c.get_offsets()) == 1])
    for note in ax.texts:
        box = note.get_window_extent(renderer)
        centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
        own = ax.transData.transform(note.xy)
        nearest = markers[np.argmin(np.hypot(*(markers - centre).T))]
        assert np.hypot(*(nearest - own)) < 12, note.get_text()  # its own group's marker


@pytest.mark.parametrize("pair", [("RUS", "UKR"), ("RUS", "USA"), ("USA", "UKR")])
def test_bargaining_tags_sit_by_their_own_markers(s, pair):
    result = models.bargain(s.with_parties(["RUS", "USA", "UKR"]))
    fig, ax = plt.subplots(figsize=(6, 5), layout="constrained")
    result.plot(ax=ax, actors=pair)
    tags = [t.get_text() for t in ax.texts]
    solutions = [k for k, v in result.solutions.items() if v is not None]
    # every solution is tagged once, alone or in a group ("N = KS", "N \u2248 E")
    assert sum(len(re.split(" [=\u2248] ", t)) for t in tags) == len(solutions) + 1
    _tags_by_their_markers(ax)
    assert mp.text_collisions(fig) == []
    plt.close(fig)


def test_bargaining_tags_on_the_wage_dispute():
    result = models.bargain(wage_dispute())
    ax = result.plot()
    _tags_by_their_markers(ax)
    assert mp.text_collisions(ax.figure) == []
    plt.close(ax.figure)


# ------------------------------------------------------------------ position map
def test_position_map_anchor_labels_are_whole_and_inside(s):
    ax = mp.plot_positions(s)
    fig = ax.figure
    written = [t.get_text() for t in ax.texts if t.get_text() and not t.get_text().isdigit()]
    labels = {a.label for i in s.issues for a in (i.scale.anchors[0], i.scale.anchors[-1])}
    # wrapped onto lines where needed, never cut at the default size
    assert {w.replace("\n", " ") for w in written} == labels
    assert mp.text_collisions(fig) == []
    plt.close(fig)


def test_position_map_shortens_with_an_ellipsis_when_there_is_no_room(s):
    labels = [a.label for i in s.issues for a in i.scale.anchors]
    fig, ax = plt.subplots(figsize=(9, 6), layout="constrained")  # the report's size
    mp.plot_positions(s, ax=ax)
    written = [t.get_text() for t in ax.texts if t.get_text() and not t.get_text().isdigit()]
    cut = [w for w in written if w.endswith("\u2026")]
    assert cut  # the territory anchors do not fit whole
    assert all(any(x.startswith(w[:-1].replace("\n", " ")) for x in labels) for w in cut)
    assert mp.text_collisions(fig) == []
    plt.close(fig)


# ------------------------------------------------------------------ sensitivity
@pytest.fixture(scope="module")
def params(s):
    return models.uncertain(s.with_parties(["RUS", "USA", "UKR"]), include=["parameters[*]"])


def test_sobol_plot_shows_only_non_negligible_inputs(params):
    sobol = models.sobol_indices(models.games.ThreatModel(params), params, 16,
                                 outputs="credible", second_order=False, rng=1)
    total = np.asarray(sobol.ST[0])
    alive = int(np.sum(total >= 0.01))
    ax = sobol.plot()
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert len(names) == alive and 0 < alive < len(sobol.names)
    assert (f"{alive} of {len(sobol.names)} inputs; {len(sobol.names) - alive} negligible "
            "($S_T$ < 0.01)") in ax.get_title()
    widths = [p.get_width() for p in ax.patches]
    assert len(widths) == 2 * alive and min(widths[alive:]) >= 0.01  # no bars of zero
    plt.close(ax.figure)
    ax = sobol.plot(threshold=0.0, top=None)
    assert len(ax.get_yticklabels()) == int(np.sum(total > 0))
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="'threshold' parameter of plot_sobol_indices"):
        sobol.plot(threshold=-1)


def test_morris_plot_counts_negligible_inputs(params):
    res = models.morris_screening(models.games.ThreatModel(params), params, 8,
                                  outputs="credible", rng=1)
    mu = np.asarray(res.mu_star[0])
    alive = int(np.sum((mu >= 0.01 * mu.max()) & (mu > 0)))
    ax = res.plot()
    assert f"{alive} of {len(res.names)} inputs" in ax.get_title()
    assert {t.get_text() for t in ax.texts} <= {res.names[i] for i in np.flatnonzero(mu > 0)}
    assert mp.text_collisions(ax.figure) == []
    plt.close(ax.figure)


# ------------------------------------------------------------------ the report's figures
def _report_collisions(analysis, monkeypatch):
    from models.analysis.report import Report

    found: list[tuple[str, list[str]]] = []
    draw = Report.figure

    def checked(self, fig, *, caption="", dpi=110):
        fig.set_dpi(dpi)
        found.append((caption, [str(c) for c in mp.text_collisions(fig)]))
        return draw(self, fig, caption=caption, dpi=dpi)

    monkeypatch.setattr(Report, "figure", checked)
    analysis.report()
    return found


def test_report_figures_have_no_colliding_text(s, monkeypatch):
    analysis = models.analyze(s, n_draws=256, n_base=8, progress=False, seed=1)
    found = _report_collisions(analysis, monkeypatch)
    assert len(found) >= 6
    assert [f for f in found if f[1]] == []


def _long_names(data):
    """The scenario with long party ids, issue labels and anchor labels."""
    text = json.dumps(data)
    text = re.sub(r'"P(\d)"', lambda m: f'"Party_{m[1]}_long"', text)
    data = json.loads(text)
    data = json.loads(re.sub(r'\bP(\d)\b', lambda m: f"Party_{m[1]}_long", json.dumps(data)))
    for issue in data["issues"]:
        issue["label"] = f"{issue['label']}: a label of several words"
        for anchor in issue["scale"]["anchors"]:
            anchor["label"] = (f"{anchor['label']} of what the parties could agree on, "
                               "in a sentence that runs on")
    return data


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("STANCES_FIGURE_EXAMPLES", "3")), deadline=None,
          derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=random_scenario_dicts(max_parties=6))
def test_report_figures_on_generated_scenarios(data, monkeypatch):
    scenario = positions.Scenario.from_json(json.dumps(_long_names(data)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = models.analyze(scenario, n_draws=16, n_base=4, seed=0, progress=False)
        found = _report_collisions(analysis, monkeypatch)
    assert found and [f for f in found if f[1]] == []
    plt.close("all")


# ------------------------------------------------------------------ sweeps
@pytest.mark.parametrize("n", [3, 12])
def test_sweep_heatmap_has_no_colliding_text(tmp_path, n):
    spec = models.SweepSpec(model="threat", run="single", seed=0, grid={"product": {
        "audience_cost": np.round(np.linspace(0.0, 0.123456, n), 6).tolist(),
        "threat_cost_threatener": np.round(np.linspace(0.02, 0.08, n), 5).tolist()}})
    res = models.sweep(spec, tmp_path / "o", executor="serial", progress=False)
    for size in [(6, 4), (9, 6)]:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        res.plot(ax=ax, value="credible")
        assert mp.text_collisions(fig) == [], size
        plt.close(fig)
