"""The evidence in the report: sources named, citations linked, quotes folded (issue 16)."""

from __future__ import annotations

import html
import json
import re
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import random_scenario_dicts
from wage_dispute import wage_dispute_dict

import positions
from models.analysis import Report
from models.analysis.report_evidence import (
    cite_html,
    cite_text,
    evidence_html,
    source_name,
    source_references,
    sources_section,
)


@pytest.fixture(scope="module")
def ukraine():
    return positions.load("ukraine-ceasefire-2025-05")


def _section(scenario):
    rep = Report("t")
    files = sources_section(SimpleNamespace(scenario=scenario), rep)
    return rep.to_html(), files


def test_bare_ids_cite_their_source(ukraine):
    refs = source_references(ukraine)
    assert refs["004"] == refs["s004"] == "s004"
    # Only ids and their three-digit tails count: no number or path is taken for one.
    text = "Per 004 and s002, 50 of 2025 in positions[s004].ideal and s004.x and 0041."
    linked = cite_html(text, ukraine, by_name=False)
    assert re.findall(r'href="#src-(\w+)"', linked) == ["s004", "s002"]
    assert "positions[s004]" in html.unescape(re.sub("<[^>]+>", "", linked))
    # By name: the outlet, where the source names one.
    assert cite_text("as 002 says", ukraine) == "as Censor.NET says"
    assert ">Censor.NET</a>" in cite_html("as 002 says", ukraine)
    # An untitled article is named by its opening words, never by its id alone.
    untitled = ukraine.source("s004")
    assert not (untitled.outlet or untitled.headline)
    name = source_name(untitled, short=True)
    assert name.startswith("\u201c") and untitled.text.split()[0] in name
    assert cite_text("per 004", ukraine) == f"per {name}"


def test_text_without_sources_is_unchanged():
    wage = positions.Scenario.from_dict(wage_dispute_dict())
    assert not wage.sources
    assert cite_text("per 004, at 50 %", wage) == "per 004, at 50 %"
    assert cite_html("a < b", wage) == "a &lt; b"
    page, files = _section(wage)
    assert "cites no sources" in page and files == ("scenario.json",)


@pytest.mark.parametrize("name", positions.available())
def test_every_source_listed_with_its_quotes(name):
    scenario = positions.load(name)
    page, _ = _section(scenario)
    for source in scenario.sources:
        assert f'id="src-{source.id}"' in page
        assert html.escape(source_name(source)) in page
        if source.is_publication:
            assert html.escape(source.citation()) in page
    # Every quote and every locator can be opened, inside a <details> list.
    folded = "\n".join(re.findall(r"<details>(.*?)</details>", page, re.S))
    evidence = scenario.evidence_frame()
    for text in [*evidence["quote"].dropna().unique(), *evidence["locator"].dropna().unique()]:
        assert html.escape(text) in folded
    # Who speaks: each origin's name with its quotes counted.
    names = {o.id: o.name for o in scenario.origins}
    for origin, _ in evidence.drop_duplicates(
            ["source", "quote", "locator", "origin", "path"]).groupby("origin").size().items():
        if origin in names:
            assert html.escape(names[origin]) in page


def test_position_quotes_and_rationale(ukraine):
    position = ukraine.position("RUS", "territory")
    folded = evidence_html(ukraine, "positions[RUS/territory]", rationale=position.rationale,
                           grade="on_record")
    assert folded.startswith("<details><summary>")
    assert "(on record)" in folded
    quotes = ukraine.evidence_frame()
    mine = quotes[quotes["path"].str.startswith("positions[RUS/territory]")]
    assert all(html.escape(q) in folded for q in mine["quote"])
    n = len(mine.drop_duplicates(["source", "quote", "locator", "origin"]))
    assert f"{n} quotes" in folded
    # The rationale's bare ids ("(002)") link to the sources, by name.
    assert '<a class="cite" href="#src-s002"' in folded
    # Nothing to show: no quotes and no rationale.
    assert evidence_html(ukraine, "positions[NOBODY/nothing]") == ""


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_scenario_dicts())
def test_generated_scenarios_list_their_sources(data):
    scenario = positions.Scenario.from_json(json.dumps(data))
    page, _ = _section(scenario)
    assert page.count('<h3 id="src-') == len(scenario.sources)
    for source in scenario.sources:
        assert source_name(source)
        assert cite_text(f"see {source.id}.", scenario) == \
            f"see {source_name(source, short=True)}."
