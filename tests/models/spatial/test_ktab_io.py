"""Tests of the KTAB file readers (models.spatial.ktab_io).

The reader tests use small invented files in KTAB's CSV and XML formats
(``data/ktab/invented_harbour*``), not KTAB's; the reference inputs go through
the readers in ``test_smp.py``.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

from models.spatial import SMPParams, read_ktab_csv, read_ktab_xml

DATA = Path(__file__).parent / "data" / "ktab"


# ------------------------------------------------------------------------------ readers
# Our own invented scenario, in KTAB's formats (data/ktab/invented_harbour*)
HARBOUR_ACTORS = ("PA", "FU", "SH", "TC")
HARBOUR_DESCRIPTIONS = ("Port Authority", "Fishers' Union", "Shipping Lines", "Town Council")
HARBOUR_DIMS = ("Levy Rate", "Port Access")
HARBOUR_POS = [[35.25, 80.0], [10.0, 55.75], [70.5, 95.0], [50.0, 0.0]]
HARBOUR_SAL = [[40.0, 35.5], [62.5, 30.0], [25.0, 60.0], [33.3, 33.3]]
HARBOUR_CAP = [120.5, 45.0, 88.125, 60.0]


def _check_harbour(s) -> None:
    assert (s.name, s.description) == ("Harbour Levy; draft 1",
                                       "Invented scenario, for reader tests")
    assert s.actor_names == HARBOUR_ACTORS
    assert s.actor_descriptions == HARBOUR_DESCRIPTIONS
    assert s.dimension_names == HARBOUR_DIMS
    np.testing.assert_array_equal(s.positions, HARBOUR_POS)
    np.testing.assert_array_equal(s.salience, np.array(HARBOUR_SAL) / 100)
    np.testing.assert_array_equal(s.capability, HARBOUR_CAP)


def test_read_csv_invented():
    # padded fields, a quoted description with a comma, semicolons and a trailing
    # blank in the title, trailing commas, an "Influence" header
    s = read_ktab_csv(DATA / "invented_harbour.csv")
    _check_harbour(s)
    assert s.params is None and s.accommodation is None and s.seed is None


def test_read_xml_matches_csv():
    # the same scenario in XML (with a byte-order mark and a comment), plus a
    # zero-padded seed
    x = read_ktab_xml(DATA / "invented_harbour.xml")
    _check_harbour(x)
    c = read_ktab_csv(DATA / "invented_harbour.csv")
    for field in ("positions", "salience", "capability"):
        np.testing.assert_array_equal(getattr(x, field), getattr(c, field))
    assert x.seed == 12345678901234567
    assert x.params is None and x.accommodation is None


HARBOUR_PARAMS = SMPParams(
    victory_prob="quartic", pce_model="markov_uniform", state_transition="stochastic",
    voting_rule="prop_bin", big_r_adjust="half", big_r_range="max",
    third_party_commit="full_commit", inter_vec_brgn="s1p1", bargain_model="pw_comp_interp",
)


def _harbour_accommodation() -> np.ndarray:
    expected = np.eye(4)
    expected[0, 0] = 0.9
    expected[1, 1], expected[1, 0] = 0.6, 0.25
    expected[2, 2], expected[2, 3] = 0.8, 0.15
    return expected


def test_read_xml_params_and_ideal_adjustment():
    s = read_ktab_xml(DATA / "invented_harbour_params.xml")
    _check_harbour(s)
    assert s.params == HARBOUR_PARAMS
    assert s.seed == 987654321
    np.testing.assert_array_equal(s.accommodation, _harbour_accommodation())
    result = s.run(rng=2, max_rounds=3)
    assert result.actor_names == HARBOUR_ACTORS
    np.testing.assert_array_equal(result.ideals[0], result.positions[0])


def test_read_xml_rejects_empty_coordinate(tmp_path):
    # KTAB's xmlRead rejects an empty <dCoord> (as in KTAB's own smpExample.xml)
    path = DATA / "invented_harbour_empty_coord.xml"
    with pytest.raises(ValueError, match=r"invented_harbour_empty_coord\.xml: .*<dCoord> is empty"):
        read_ktab_xml(path)
    # filled in, it is the params file's scenario
    fixed = tmp_path / "ok.xml"
    fixed.write_text(path.read_text().replace("<dCoord></dCoord>", "<dCoord>70.5</dCoord>", 1))
    s = read_ktab_xml(fixed)
    _check_harbour(s)
    assert s.params == HARBOUR_PARAMS
    np.testing.assert_array_equal(s.accommodation, _harbour_accommodation())


CSV_OK = (
    "S,D,3,1,\nActor,Description,Power,Tax,Sal,\nA,a,100,10,50,\nB,b,60,50,40,\nC,c,80,90,60,\n"
)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (CSV_OK.replace("S,D,3,1,", "S,D,4,1,"), "declares 4 actors but has 3"),
        (CSV_OK.replace("S,D,3,1,", "S,D,three,1,"), "must be integers"),
        (CSV_OK.replace("S,D,3,1,", "S,D,3,2,"), "column-header line must have 7 fields"),
        (CSV_OK.replace("A,a,100", "A,a,lots"), "capability of actor 'A' must be a number"),
        (CSV_OK.replace("A,a,100,10", "A,a,100,120"), r"position of actor 'A' .* \[0, 100\]"),
        (CSV_OK.replace("B,b,60,50,40", "B,b,60,50,140"), "salience of actor 'B'"),
        (CSV_OK.replace("C,c,80", "C,c,0"), "capability of actor 'C' must be positive"),
        (CSV_OK.replace("B,b,60,50,40,", "B,b,60,50,"), "actor line 2 must have 5 fields"),
        ("just one line\n", "expected a scenario line"),
        (CSV_OK.replace("B,b,", "A,b,"), "actor names must be distinct"),
    ],
)
def test_read_csv_rejects_malformed(tmp_path, text, match):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"bad\.csv: not a valid KTAB SMP file: .*" + match):
        read_ktab_csv(path)


def _xml(actors: str = "", extra: str = "", dims: str = "<dName>Tax</dName>") -> str:
    one = ("<Actor><name>{0}</name><description>x</description><capability>{1}</capability>"
           "<Position><dCoord>{2}</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>")
    actors = actors or "".join(one.format(*a) for a in [("A", 100, 10), ("B", 60, 50),
                                                         ("C", 80, 90)])
    return (f"<Scenario><name>S</name><desc>D</desc><prngSeed>1</prngSeed>{extra}"
            f"<Dimensions>{dims}</Dimensions><Actors>{actors}</Actors></Scenario>")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("<Scenario><name>", "not well-formed XML"),
        ("<Scene/>", "root element must be <Scenario>"),
        (_xml(dims=""), "<Dimensions> has no <dName>"),
        (_xml(dims="<dName>Tax</dName><dName>Aid</dName>"), "<Position> of actor 'A' has 1"),
        (_xml(extra="<ModelParameters><VotingRule>Prop</VotingRule></ModelParameters>"),
         "<ModelParameters> has no <VictoryProbModel>"),
        (_xml(extra="<ModelParameters>" + "".join(
            f"<{k}>{v}</{k}>" for k, v in (SMPParams().to_ktab() | {"VotingRule": "Vote"}).items()
        ) + "</ModelParameters>"), r"<VotingRule> must be one of"),
        (_xml().replace("</Actors>", "</Actors><IdealAdjustment><iaPair><adjustingIdeal>A"
                        "</adjustingIdeal><referencePos>Z</referencePos><adjust>0.1</adjust>"
                        "</iaPair></IdealAdjustment>"), "unknown actor 'Z'"),
        (_xml().replace("</Actors>", "</Actors><IdealAdjustment><iaPair><adjustingIdeal>A"
                        "</adjustingIdeal><referencePos>B</referencePos><adjust>0.1</adjust>"
                        "</iaPair></IdealAdjustment>"), "adjustments of actor 'A' sum to 1.1"),
        (_xml().replace("<prngSeed>1</prngSeed>", "<prngSeed>x</prngSeed>"), "prngSeed"),
        (_xml().replace("<capability>100</capability>", "<capability>-5</capability>"),
         "capability of actor 'A' must be positive"),
    ],
)
def test_read_xml_rejects_malformed(tmp_path, text, match):
    path = tmp_path / "bad.xml"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"bad\.xml: not a valid KTAB SMP file: .*" + match):
        read_ktab_xml(path)


def test_reader_roundtrip_into_smp(tmp_path):
    path = tmp_path / "ok.xml"
    path.write_text(_xml())
    s = read_ktab_xml(path)
    result = s.run()
    assert result.actor_names == ("A", "B", "C") and result.dimension_names == ("Tax",)
    assert result.converged


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("reader", [read_ktab_csv, read_ktab_xml])
def test_readers_refuse_fifos_and_folders_without_blocking(tmp_path, reader):
    # Issue 15: files are read within limits; a FIFO is never opened for reading.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    found: list[BaseException] = []
    thread = threading.Thread(target=lambda: _catch(found, reader, fifo), daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the reader blocked on a FIFO"
    assert isinstance(found[0], ValueError)
    assert "pipe: not a valid KTAB SMP file: is a FIFO (named pipe), not a KTAB file" in str(
        found[0])
    with pytest.raises(ValueError, match="is a folder, not a KTAB file"):
        reader(tmp_path)
    with pytest.raises(FileNotFoundError):
        reader(tmp_path / "absent")


def _catch(found: list[BaseException], reader, path) -> None:
    try:
        reader(path)
    except BaseException as exc:  # handed back to the test
        found.append(exc)


def test_readers_refuse_a_sparse_huge_file(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(3 * 2**30)
    with pytest.raises(ValueError, match="more than the limit of 52,428,800"):
        read_ktab_csv(path)
