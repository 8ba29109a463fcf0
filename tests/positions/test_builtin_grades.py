"""The evidence grade of every position of the built-in case (issue 13).

The table below was derived by reading each position's quotes in the scenario
file and the five seed articles: who speaks in the strongest quote, relative
to the position's actor (see ``positions.attribution``). It is written out
literally so that a change of origin, of attribution or of evidence that moves
a grade fails here and has to be looked at.
"""

from __future__ import annotations

import pytest

import positions
from positions.attribution import GRADES

NAME = "ukraine-ceasefire-2025-05"

# actor/issue: grade, and the quote that gives it
EXPECTED = {
    "RUS/territory": "on_record",  # Russia's delegation in Istanbul demands full withdrawal (002)
    "RUS/nato": "author_guess",  # 004: "If Putin receives assurances ..." (a forecast)
    "RUS/foreign_forces": "author_guess",  # "The Russian President will also insist" (004)
    "RUS/ceasefire": "anonymous",  # Kremlin insiders: keep talks alive while fighting (000)
    "RUS/zelensky": "author_assessment",  # 000's author: Putin refused to attend Istanbul
    "RUS/guarantees": "author_guess",  # 004's forecast; the Foreign Ministry says nothing of it
    "RUS/sanctions": "anonymous",  # Kremlin insiders: "unfazed" by sanctions (001)
    "RUS/normalisation": "on_record",  # Peskov: "further normalization" (004)
    "RUS/us_support": "analyst",  # Barry: only a collapse of Ukrainian defence (002)
    "USA/territory": "author_assessment",  # 000's author: Trump eager to end the war
    "USA/nato": "author_assessment",  # 004's author: his entourage "openly talked about"
    "USA/ceasefire": "analyst",  # Markov: "Trump wants Putin to agree to a truce" (001)
    "USA/zelensky": "on_record",  # Trump promised to update Zelensky (001)
    "USA/guarantees": "author_assessment",  # 004's author: policy has "one basis, profit"
    "USA/sanctions": "official",  # Rubio's warnings to Moscow (002)
    "USA/normalisation": "author_guess",  # 004: "Trump will accept that Russia ..." (a forecast)
    "USA/us_support": "author_assessment",  # 004's author: cut shipments "with a signature"
    "EUR/territory": "anonymous",  # a European official: "lowball deal imposed on Kyiv" (000)
    "EUR/foreign_forces": "on_record",  # Meloni will not send Italian troops (000)
    "EUR/ceasefire": "on_record",  # Macron: an unconditional ceasefire "tomorrow" (002)
    "EUR/zelensky": "anonymous",  # a European official: "Zelenskyy was also on the call" (002)
    "EUR/guarantees": "author_assessment",  # 003's commentary: "Many European leaders want"
    "EUR/sanctions": "author_assessment",  # Bloomberg: the Europeans "expected" sanctions (002)
    "EUR/us_support": "author_assessment",  # 004's author: Europe cannot produce the systems
    "UKR/territory": "analyst",  # 003's unnamed experts: "respect for Ukraine's borders"
    "UKR/nato": "author_guess",  # 004's forecast of Russia's terms is the only quote
    "UKR/foreign_forces": "no_quote",  # no article reports Kyiv's view
    "UKR/ceasefire": "other_party",  # a European official: Zelensky on the Friday call (002)
    "UKR/zelensky": "author_assessment",  # 000's author: Zelensky snubbed Istanbul
    "UKR/guarantees": "author_assessment",  # 003's commentary on guarantees for Ukraine
    "UKR/sanctions": "author_assessment",  # Bloomberg: concern in Kyiv (002)
    "UKR/us_support": "author_assessment",  # 000's author: resistance funded by the EU and US
}


@pytest.fixture(scope="module")
def builtin() -> positions.Scenario:
    return positions.load(NAME)


def test_every_position_has_the_grade_read_from_its_quotes(builtin):
    grades = {p.key: builtin.grade(p) for p in builtin.positions}
    assert grades == EXPECTED
    assert len(grades) == 32  # 4 parties x 9 issues, less 4 no-positions


def test_the_table_shows_the_same_grades(builtin):
    frame = builtin.to_frame()
    shown = dict(zip(frame.actor + "/" + frame.issue, frame.grade, strict=True))
    assert shown == EXPECTED


def test_only_a_few_positions_rest_on_the_actor_on_record(builtin):
    grades = {p.key: builtin.grade(p) for p in builtin.positions}
    on_record = sorted(k for k, g in grades.items() if g == "on_record")
    assert on_record == [
        "EUR/ceasefire", "EUR/foreign_forces", "RUS/normalisation", "RUS/territory",
        "USA/zelensky",
    ]  # fmt: skip
    # Most positions rest on an article's own voice or on no quote at all.
    weak = [k for k, g in grades.items() if GRADES.index(g) >= GRADES.index("author_assessment")]
    assert len(weak) == 18


def test_peskov_and_macron_put_their_positions_on_record(builtin):
    normalisation = builtin.position("RUS", "normalisation")
    ceasefire = builtin.position("EUR", "ceasefire")
    assert builtin.grade(normalisation) == builtin.grade(ceasefire) == "on_record"
    assert {e.origin for e in normalisation.evidence} == {"peskov"}
    assert "macron" in {e.origin for e in ceasefire.evidence}
    frame = builtin.evidence_frame().set_index("path")
    assert frame.loc["positions[RUS/normalisation].evidence[0]", "attribution"] == "on_record"
    assert frame.loc["positions[EUR/ceasefire].evidence[0]", "attribution"] == "on_record"


@pytest.mark.parametrize(
    ("path", "grade"),
    [
        # The three inputs that move the headline result most (issue 13) rest on an
        # author's forecast or an outlet's account, never on the actor.
        ("positions[RUS/territory].acceptable.low", "author_guess"),
        ("positions[USA/nato].acceptable.low", "author_guess"),
        ("positions[UKR/territory].acceptable.high", "author_assessment"),
    ],
)
def test_the_most_influential_inputs_show_their_weak_grade(builtin, path, grade):
    assert builtin.grade(path) == grade
    table = builtin.estimates_frame().set_index("path")
    assert table.loc[path, "grade"] == grade and table.loc[path, "evidence_from"] == path
    assert GRADES.index(grade) >= GRADES.index("author_assessment")
