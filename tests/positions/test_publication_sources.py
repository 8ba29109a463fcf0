"""A source may be a publication cited by reference: its fields, locators, origins, checks."""

import copy

import pytest
import yaml
from pydantic import ValidationError
from strategies import minimal_scenario_dict

import positions
from positions import Evidence, ScenarioError, Source

PAPER = {
    "id": "scholz2011",
    "kind": "publication",
    "authors": ["Scholz, J. B.", "Calbert, G. J.", "Smith, G. A."],
    "year": 2011,
    "title": "Unravelling Bueno De Mesquita's group decision model",
    "venue": "Journal of Theoretical Politics",
    "volume": "23",
    "number": "4",
    "pages": "510-531",
}


def problems(tmp_path, data):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        positions.load(path)
    return str(info.value)


def with_paper(**evidence):
    """The minimal scenario with the paper as a source, cited by RUS's territory position."""
    data = minimal_scenario_dict()
    data["sources"].append(copy.deepcopy(PAPER))
    data["positions"][0]["evidence"].append({"source": "scholz2011", **evidence})
    return data


def test_publication_needs_no_text_and_gives_a_citation():
    paper = Source(**PAPER)
    assert paper.is_publication and paper.text is None
    assert paper.citation() == (
        "Scholz, J. B.; Calbert, G. J.; Smith, G. A. (2011). Unravelling Bueno De Mesquita's "
        "group decision model. Journal of Theoretical Politics 23(4), 510-531"
    )
    book = Source(id="b", kind="publication", authors=["Fang, L."], year=1993,
                  title="Interactive Decision Making", publisher="Wiley")
    assert book.citation() == "Fang, L. (1993). Interactive Decision Making. Wiley"
    assert not paper.contains_quote("Unravelling")


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("authors", "authors: a publication needs its authors"),
        ("year", "year: a publication needs its year"),
        ("title", "title: a publication needs its title"),
        ("venue", "venue: a publication needs a venue"),
    ],
)
def test_publication_needs_its_citation_fields(tmp_path, missing, message):
    data = with_paper(locator="Table 1")
    del data["sources"][-1][missing]
    assert f"sources[scholz2011].{message}" in problems(tmp_path, data)


def test_article_needs_its_text():
    with pytest.raises(ValidationError, match="an article needs its text"):
        Source(id="a")
    with pytest.raises(ValidationError, match="doi"):
        Source(**PAPER, doi="not-a-doi")


def test_evidence_needs_a_quote_or_a_locator():
    with pytest.raises(ValidationError, match="give the quote"):
        Evidence(source="a")


def test_evidence_on_a_publication_cites_a_locator_and_is_its_own_origin(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(with_paper(locator="Table 1, row Netherlands")))
    s = positions.load(path)
    ev = s.position("RUS", "territory").evidence[-1]
    assert ev.origin is None and ev.quote is None
    assert s.origin_of(ev) == "scholz2011"
    c = s.corroboration(s.position("RUS", "territory"))
    assert "scholz2011" in c.sources and "scholz2011" in c.origins
    frame = s.evidence_frame().set_index("source")
    assert frame.loc["scholz2011", "locator"] == "Table 1, row Netherlands"
    assert bool(frame.loc["scholz2011", "origin_is_default"])


def test_publication_quote_is_not_checked_but_its_locator_is_required(tmp_path):
    # A short transcription of a printed row may accompany the locator; with no text
    # stored it cannot be checked. Without a locator the evidence is an error.
    path = tmp_path / "ok.yaml"
    path.write_text(yaml.safe_dump(with_paper(locator="Table 1", quote="Netherlands 0.08 4 80")))
    assert positions.load(path).position("RUS", "territory").evidence[-1].quote
    msg = problems(tmp_path, with_paper(quote="Netherlands 0.08 4 80"))
    assert "positions[RUS/territory].evidence[2].locator: missing; 'scholz2011' is a publication" \
        in msg


def test_publication_origin_may_name_the_data_author(tmp_path):
    data = with_paper(locator="Table 1", origin="bdm")
    msg = problems(tmp_path, data)
    assert "positions[RUS/territory].evidence[2].origin: unknown origin 'bdm'" in msg
    data["origins"].append({"id": "bdm", "name": "Bueno de Mesquita", "kind": "author"})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data))
    s = positions.load(path)
    assert s.origin_of(s.position("RUS", "territory").evidence[-1]) == "bdm"


def test_article_evidence_still_needs_its_quote_in_the_text(tmp_path):
    data = minimal_scenario_dict()
    data["positions"][0]["evidence"][0] = {"source": "s1", "locator": "para. 1",
                                           "origin": "bloomberg"}
    msg = problems(tmp_path, data)
    assert "positions[RUS/territory].evidence[0].quote: missing; 's1' is an article" in msg
    data["positions"][0]["evidence"][0]["quote"] = "not in the text"
    msg = problems(tmp_path, data)
    assert "quote: 'not in the text' does not occur in source 's1'; nearest passage" in msg


def test_publication_with_text_has_its_quotes_checked(tmp_path):
    data = with_paper(locator="Abstract", quote="a sentence that is not there")
    data["sources"][-1]["text"] = "We expose and present the model."
    msg = problems(tmp_path, data)
    assert "does not occur in source 'scholz2011'" in msg
