"""Smoke and image checks for the plotting module: each figure renders, is not blank, has labels."""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest

import models
import positions


def render(ax):
    """Render the figure of ``ax`` to PNG and return the RGB pixels."""
    fig = ax.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=60)
    buffer.seek(0)
    pixels = plt.imread(buffer)[..., :3]
    plt.close(fig)
    return pixels


def assert_not_blank(pixels):
    # A blank figure is one colour; a real one has many distinct pixel values.
    assert pixels.std() > 0.02
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 20


@pytest.fixture(scope="module")
def scenario():
    return positions.load("ukraine-ceasefire-2025-05")


def test_position_map(scenario):
    ax = models.plot_positions(scenario)
    assert ax.get_xlabel().startswith("position on the issue scale")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == scenario.issues[0].label and len(labels) == len(scenario.issues)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [a.id for a in scenario.parties]
    assert_not_blank(render(ax))


def test_position_map_draws_on_given_axes_and_subsets(scenario):
    fig, ax = plt.subplots()
    out = models.plot_positions(scenario, ax=ax, issues=["nato", "territory"], actors=["RUS"])
    assert out is ax and len(fig.axes) == 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["RUS"]
    plt.close(fig)


def test_position_map_rejects_unknown_ids(scenario):
    with pytest.raises(ValueError, match="unknown ids: \\['atlantis'\\]"):
        models.plot_positions(scenario, issues=["atlantis"])


def test_actor_colours_are_fixed_and_colour_blind_safe():
    mp = models.plotting
    # A scenario's actors get distinct colours in their order, kept in every figure.
    ids = [f"A{k}" for k in range(17)]
    colours = mp.use_actor_colors(ids)
    assert len(set(colours.values())) == 17
    assert [mp.actor_color(a) for a in ids] == list(colours.values())
    assert colours["A0"] == mp.OKABE_ITO[0] and colours["A16"] == mp.TOL_MUTED[-1]
    # Any other id: a stable colour of the same colour-blind-safe palettes.
    assert mp.actor_color("someone") in mp.OKABE_ITO + mp.TOL_MUTED
    assert mp.actor_color("someone") == mp.actor_color("someone")


def test_the_position_map_colours_the_scenarios_actors():
    from strategies import minimal_scenario_dict

    import positions

    s = positions.Scenario.from_dict(minimal_scenario_dict())
    models.plotting.use_actor_colors(["other"])
    models.plotting.plot_positions(s)
    colours = [models.plotting.actor_color(a.id) for a in s.actors]
    assert len(set(colours)) == len(colours)
