"""The built-in case as recoded from the audit of issue 13: one test per audit item.

Each test reads the recoded data back through the public API (positions, their
kinds, bases, quotes and the attribution of each quote, the no-positions, the
disputed facts) and checks what the audit asked for, so that a later edit which
undoes a fix fails here.
"""

from __future__ import annotations

import pandas as pd
import pytest

import positions
from positions.words import lookup_words

NAME = "ukraine-ceasefire-2025-05"


@pytest.fixture(scope="module")
def builtin() -> positions.Scenario:
    return positions.load(NAME)


@pytest.fixture(scope="module")
def evidence(builtin: positions.Scenario) -> pd.DataFrame:
    return builtin.evidence_frame()


def quotes_under(evidence: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """The quotes of one item and of every number it holds."""
    return evidence[evidence.path.str.startswith(prefix)]


def rationales(position: positions.Position) -> str:
    """Every rationale of a position and of the numbers it holds, in one string."""
    texts = [position.rationale, position.ideal.rationale, position.salience.rationale]
    if position.acceptable is not None:
        texts += [b.rationale for b in (position.acceptable.low, position.acceptable.high) if b]
    return " ".join(texts)


# ------------------------------------------------------------------------ RUS/nato
def test_russia_on_nato_is_a_condition_in_the_authors_forecast(builtin, evidence):
    position = builtin.position("RUS", "nato")
    assert position.kind == "condition"  # no longer a red line
    assert position.rationale.startswith("A condition, not a stated red line")
    quotes = quotes_under(evidence, "positions[RUS/nato]")
    assert len(quotes) == 5  # ideal, bound, salience and two for the position
    assert set(quotes.origin) == {"author-s004"}
    assert set(quotes.attribution) == {"author_guess"} and quotes.attribution_is_stated.all()
    assert builtin.grade(position) == "author_guess"
    assert builtin.grade("positions[RUS/nato].acceptable.high") == "author_guess"


# --------------------------------------------------- USA/nato, USA/zelensky, USA/territory
@pytest.mark.parametrize("issue", ["nato", "zelensky", "territory"])
def test_us_positions_from_004_are_coded_preferences_not_offers(builtin, issue):
    position = builtin.position("USA", issue)
    assert (position.kind, position.basis) == ("preference", "coded")
    assert "forecast" in position.rationale


@pytest.mark.parametrize(
    "words",
    [
        "should not be considered unlikely to acquiesce",  # USA/nato
        "is clearly not going to have any issue agreeing",  # USA/zelensky
        "The big issue for Trump seems to be",  # USA/territory
        "Trump will accept that Russia",  # USA/territory, USA/normalisation
    ],
)
def test_the_authors_guesses_about_trump_are_marked_as_guesses(evidence, words):
    quotes = evidence[evidence.quote.str.contains(words, regex=False)]
    assert len(quotes) >= 2
    assert set(quotes.origin) == {"author-s004"}
    assert set(quotes.attribution) == {"author_guess"}


def test_us_bounds_from_004_show_the_authors_guess(builtin):
    nato = builtin.position("USA", "nato")
    assert builtin.grade("positions[USA/nato].acceptable.low") == "author_guess"
    assert builtin.grade("positions[USA/zelensky].acceptable.low") == "author_guess"
    # Still coded over the two options the author's words leave open.
    assert nato.acceptable.low.uncertainty.values == (0.0, 50.0)
    assert "should not be considered unlikely" in nato.acceptable.low.rationale
    # The entourage's talk is the author's assertion, not a quote of the entourage.
    assert builtin.grade(nato) == "author_assessment"


def test_the_chance_of_us_acquiescence_on_nato_comes_from_the_authors_words(builtin):
    chance = builtin.parameter("p_usa_accepts_nato_exclusion")
    assert chance.actor == "USA" and chance.unit == "probability"
    assert chance.value.words == "should not be considered unlikely"
    entry = lookup_words(chance.value.words, builtin.conventions.words)
    assert chance.value.bounds() == entry.range == (0.45, 0.8)
    assert chance.value.value == pytest.approx(entry.midpoint)
    assert builtin.grade(chance) == "author_guess"
    # The bound's weight on exclusion is that probability's mean (the words' midpoint).
    low = builtin.position("USA", "nato").acceptable.low
    assert low.uncertainty.weights == (pytest.approx(chance.value.value), pytest.approx(0.375))
    assert "p_usa_accepts_nato_exclusion" in low.rationale


def test_us_territory_says_it_is_the_authors_guess_not_trumps_words(builtin):
    position = builtin.position("USA", "territory")
    text = rationales(position)
    assert "talks of dividing" not in text
    assert '"seems to be"' in position.ideal.rationale
    assert "No US statement on territory is reported" in position.ideal.rationale
    assert position.acceptable is not None and position.acceptable.reason  # no bound invented
    assert builtin.grade("positions[USA/territory].ideal") == "author_guess"


# ---------------------------------------------------------- EUR/sanctions, EUR/guarantees
def test_europe_on_sanctions_is_an_expectation_not_a_demand(builtin, evidence):
    position = builtin.position("EUR", "sanctions")
    assert (position.kind, position.basis) == ("preference", "coded")
    assert "expectation" in position.rationale and "not a stated demand" in position.rationale
    quotes = quotes_under(evidence, "positions[EUR/sanctions]")
    assert set(quotes.quote) == {
        "The European partners expected that if Russia refused to abandon the ceasefire, "
        "the Trump administration would impose new sanctions."
    }
    assert builtin.grade(position) == "author_assessment"
    # The "leverage" that will "cost" the US is no longer read as a lever on Russia.
    assert '"leverage"' not in position.salience.rationale


def test_europe_on_guarantees_rests_on_003s_commentary(builtin, evidence):
    position = builtin.position("EUR", "guarantees")
    assert position.kind == "aim"  # "want", said of them, is not a demand put to anyone
    assert "unattributed commentary" in position.rationale
    quotes = quotes_under(evidence, "positions[EUR/guarantees]")
    assert set(quotes.origin) == {"author-s003"}
    assert set(quotes.attribution) == {"author_assessment"}
    assert builtin.grade(position) == "author_assessment"


# ----------------------------------------------------------------- EUR/nato, EUR/territory
def test_europe_takes_no_position_on_nato(builtin):
    with pytest.raises(KeyError):
        builtin.position("EUR", "nato")
    [none] = [n for n in builtin.no_positions if (n.actor, n.issue) == ("EUR", "nato")]
    assert "no European statement" in none.reason


def test_the_models_read_europes_nato_no_position_as_zero_salience(builtin):
    import models
    from models.outcomes import scenario_arrays

    arrays = scenario_arrays(builtin)
    i, j = arrays.actor_ids.index("EUR"), arrays.issue_ids.index("nato")
    assert not arrays.has_position[i, j]
    assert arrays.saliences[i, j] == 0.0
    assert arrays.ideals[i, j] == builtin.issue("nato").status_quo.value
    assert (arrays.acceptable_low[i, j], arrays.acceptable_high[i, j]) == (0.0, 100.0)
    assert models.forecast(builtin).to_frame().notna().all().all()


def test_europes_territorial_numbers_list_their_premises(builtin):
    position = builtin.position("EUR", "territory")
    assert position.basis == "coded" and position.ideal.value == 50
    ideal = position.ideal.assumptions
    assert len(ideal) == 3
    assert any("outside knowledge" in a for a in ideal)  # territorial integrity
    assert any("Macron" in a for a in ideal)  # the ceasefire freezes the line
    assert not position.ideal.evidence  # nothing in the articles on the final border
    assert position.salience.assumptions and position.acceptable.high.evidence


# ------------------------------------------------------------------- UKR/foreign_forces
def test_ukraine_on_foreign_forces_quotes_nothing_about_europeans(builtin, evidence):
    position = builtin.position("UKR", "foreign_forces")
    assert quotes_under(evidence, "positions[UKR/foreign_forces]").empty
    assert builtin.grade(position) == "no_quote"
    assert len(position.ideal.assumptions) == 2 and len(position.salience.assumptions) == 2
    # The Europeans' reply stays where it belongs: the troops question and Europe's position.
    reply = evidence[evidence.quote.str.contains("no one is sending troops", regex=False)]
    assert {p.split("]")[0] + "]" for p in reply.path} == {
        "issues[foreign_forces]", "positions[EUR/foreign_forces]", "options[EUR_troops]",
        "facts[troops_question]",
    }  # fmt: skip


# ------------------------------------------------------------------------ RUS/territory
def test_russias_territorial_floor_weighs_its_two_readings_equally(builtin, evidence):
    position = builtin.position("RUS", "territory")
    low = position.acceptable.low
    assert low.value == 80
    assert (low.uncertainty.values, low.uncertainty.weights) == ((80.0, 100.0), (0.5, 0.5))
    assert len(low.assumptions) == 3
    assert any("principle of indifference" in a for a in low.assumptions)
    [quote] = low.evidence
    assert (quote.source, quote.origin, quote.attribution) == (
        "s004",
        "author-s004",
        "author_guess",
    )
    assert builtin.grade("positions[RUS/territory].acceptable.low") == "author_guess"
    # The full-withdrawal demand is Russia's delegation on record (002), not Bloomberg's voice.
    demand = quotes_under(evidence, "positions[RUS/territory]")
    demand = demand[demand.quote.str.startswith("The Kremlin delegation reiterated")]
    assert set(demand.origin) == {"russian-delegation"} and set(demand.attribution) == {"on_record"}
    assert builtin.grade(position) == "on_record"
    # "parts it might trade" is in no article, and the ideal's tail says it is a premise.
    assert "trade" not in rationales(position)
    assert position.ideal.assumptions


def test_russias_delegation_speaks_for_russia(builtin):
    [delegation] = [o for o in builtin.origins if o.id == "russian-delegation"]
    assert (delegation.kind, delegation.actor, delegation.capacity) == (
        "government",
        "RUS",
        "institution",
    )
    assert delegation.via == ("bloomberg",)
    assert "russian-delegation" in builtin.source("s002").attributed_to


# ------------------------------------------------------------------------ disputed facts
def test_the_territorial_terms_are_a_disputed_fact(builtin):
    fact = next(f for f in builtin.facts if f.id == "russian_territorial_terms")
    assert fact.disputed and fact.kind == "contradiction"
    demand, forecast = fact.claims
    assert [(e.source, e.origin) for e in demand.evidence] == [
        ("s002", "russian-delegation"),
        ("s002", "bloomberg"),
    ]
    assert [(e.source, e.origin, e.attribution) for e in forecast.evidence] == [
        ("s004", "author-s004", "author_guess"),
        ("s004", "author-s004", "author_guess"),
    ]
    assert "full withdrawal" in demand.evidence[0].quote
    assert "will keep the territories it has occupied" in forecast.evidence[0].quote


def test_trumps_stance_toward_russia_is_a_disputed_fact(builtin):
    fact = next(f for f in builtin.facts if f.id == "trump_stance_on_russia")
    assert fact.disputed and fact.kind == "framing"
    hardening, accommodating, unsure = fact.claims
    assert {(e.source, e.origin) for e in hardening.evidence} == {
        ("s000", "many-sources"),
        ("s000", "author-s000"),
        ("s002", "rubio"),
        ("s002", "bloomberg"),
    }
    quotes = " ".join(e.quote for e in hardening.evidence)
    assert "losing patience" in quotes and "repeatedly warned Moscow" in quotes
    assert "new sanctions that are already being prepared" in quotes
    assert {(e.source, e.origin) for e in accommodating.evidence} == {("s004", "author-s004")}
    assert any("touting as the winner" in e.quote for e in accommodating.evidence)
    assert {(e.source, e.origin) for e in unsure.evidence} == {
        ("s001", "bloomberg"),
        ("s002", "bloomberg"),
    }
    # The one-sided fact it replaces is gone.
    assert "trump_losing_patience" not in {f.id for f in builtin.facts}


# -------------------------------------------------------------------- misattributed quotes
def test_europes_sanctions_option_does_not_quote_leverage_on_washington(evidence):
    quotes = quotes_under(evidence, "options[EUR_sanctions]")
    assert len(quotes) == 1
    assert not quotes.quote.str.contains("cost", regex=False).any()
    assert set(quotes.origin) == {"bloomberg"}


def test_europes_patience_does_not_rest_on_a_stock_phrase(builtin, evidence):
    quotes = quotes_under(evidence, "parameters[discount_EUR]")
    assert not quotes.quote.str.contains("Time is always an ally", regex=False).any()
    assert len(quotes) == 3 and quotes.quote.str.contains("hasty agreement").any()
    assert builtin.parameter("discount_EUR").value.assumptions


def test_ukraines_war_cost_does_not_rest_on_zelensky_looking_exhausted(builtin, evidence):
    quotes = quotes_under(evidence, "parameters[war_cost_UKR]")
    assert not quotes.quote.str.contains("exhausted", regex=False).any()
    assert "exhausted" not in builtin.parameter("war_cost_UKR").value.rationale
    assert builtin.parameter("war_cost_UKR").value.assumptions


def test_the_golf_passage_is_bloombergs_narrative_not_stubbs(evidence):
    golf = evidence[evidence.quote.str.contains("played golf", regex=False)]
    assert list(golf.path) == ["facts[stubb_golf].claims[0].evidence[0]"]
    assert set(golf.origin) == {"bloomberg"}
    # Stubb's own words (his optimism about the bill) stay his.
    stubb = evidence[evidence.origin == "stubb"]
    assert stubb.quote.str.contains("cautious optimism|It depends on").all() and len(stubb) == 3


# ------------------------------------------------------------------------ minor items
def test_a_test_of_russian_resolve_backs_the_salience_of_territory(evidence):
    quotes = quotes_under(evidence, "positions[RUS/territory].salience")
    resolve = quotes[quotes.quote.str.contains("a test of Russian resolve", regex=False)]
    assert list(resolve.source) == ["s003"] and list(resolve.origin) == ["author-s003"]


def test_diplomacy_catching_up_with_the_ground_is_part_of_the_breakthrough_fact(builtin):
    fact = next(f for f in builtin.facts if f.id == "call_breakthrough")
    quotes = [e.quote for claim in fact.claims for e in claim.evidence]
    assert any("diplomacy can catch up with the realities on the ground" in q for q in quotes)
    assert "diplomacy can catch up" in fact.claims[0].statement


def test_russia_on_foreign_forces_is_the_authors_forecast_not_a_red_line(builtin):
    # Same audit finding as RUS/nato: 004's author writes that Putin "will also
    # insist"; no Russian source is quoted, so it is a demand graded author_guess.
    p = builtin.position("RUS", "foreign_forces")
    assert p.kind == "demand"
    assert builtin.grade(p) == "author_guess"
    assert {e.origin for e in p.evidence} == {"author-s004"}
    assert all(e.attribution == "author_guess" for e in p.evidence)
    assert "not a stated red line" in p.rationale
    # No Russian position in the built-in case is a red line any more.
    assert not [q.key for q in builtin.positions if q.actor == "RUS" and q.kind == "red_line"]


def test_russia_on_guarantees_cites_no_unrelated_ministry_statement(builtin):
    # The Foreign Ministry's "long and stable peace" says nothing about
    # guarantees: quoting it made a coded preference look on record.
    p = builtin.position("RUS", "guarantees")
    assert "russian-foreign-ministry" not in {e.origin for e in p.evidence}
    assert builtin.grade(p) == "author_guess"
    assert "red line" not in p.rationale
