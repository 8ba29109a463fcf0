"""Array-heavy results print as one readable line, not pages of numbers."""

import pytest

import models
import positions


@pytest.fixture(scope="module")
def s():
    return positions.load("ukraine-ceasefire-2025-05")


def test_results_have_compact_reprs(s):
    results = [
        models.war_bargaining(s, n_draws=300, rng=1),
        models.war.simulate_war_learning((17, 3), (3, 17), 0.3, 0.02, 0.04, 24, n_draws=300, rng=1),
        models.GraphModel.from_scenario(s).stability(),
        models.games.backward_induction(models.threat_game(s)),
        models.forecast(s, ["smp"]).smp_result,
        models.forecast(s, ["eum"]).eum_results["territory"],
    ]
    for result in results:
        text = repr(result)
        assert text.startswith(type(result).__name__ + "(")
        assert len(text) < 1500, (type(result).__name__, len(text))
        assert "<array " in text  # arrays appear by shape


def test_small_values_stay_visible():
    text = repr(models.war.bargaining_range(0.6, 0.1, 0.2))
    assert "low=0.5" in text and "high=0.8" in text and "nonempty=True" in text
