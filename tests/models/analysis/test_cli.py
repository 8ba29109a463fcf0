import json
import subprocess
import sys

import pytest
import yaml
from strategies import minimal_scenario_dict
from wage_dispute import wage_dispute_dict

import positions
from models.analysis.cli import main


def run(*args):
    return subprocess.run(
        [sys.executable, "-c",
         "import sys; from models.analysis.cli import main; sys.exit(main())", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_validate_valid_and_invalid_files(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(minimal_scenario_dict()))
    bad_data = minimal_scenario_dict()
    bad_data["positions"][0]["salience"]["value"] = 1.4
    bad_data["beliefs"][0]["holder"] = "NOBODY"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(bad_data))
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x00\x01\x02")

    ok = run("validate", str(good))
    assert ok.returncode == 0 and "good.yaml: valid" in ok.stdout

    result = run("validate", str(good), str(bad), str(binary))
    assert result.returncode == 1
    assert f"{bad}: positions[RUS/territory].salience: 1.4 is above 1" in result.stderr
    assert f"{binary}: is a binary file" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_prints_positions_table(capsys):
    assert main(["show", "ukraine-ceasefire-2025-05"]) == 0
    out = capsys.readouterr().out
    assert "RUS" in out and "territory" in out and "salience" in out
    # Each position's evidence grade (who speaks in its strongest quote) is a column.
    header = next(line for line in out.splitlines() if "salience" in line)
    assert header.split()[-1] == "grade"
    s = positions.load("ukraine-ceasefire-2025-05")
    rows = [line.split() for line in out.splitlines()[2:]]
    assert [(r[0], r[1], r[-1]) for r in rows] == [
        (p.actor, p.issue, s.grade(p)) for p in s.positions
    ]


def test_show_unknown_scenario_is_an_error_without_traceback():
    result = run("show", "no-such-scenario")
    assert result.returncode == 1
    assert "no-such-scenario: no such file, and not a built-in scenario" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_is_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Scenario" and "positions" in schema["properties"]


def test_usage_errors_exit_2():
    result = run("frobnicate")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    result = run("analyze", "--seed", "-3")
    assert result.returncode == 2 and "seed" in result.stderr and "Traceback" not in result.stderr


def test_analyze_writes_results_beside_options(tmp_path, capsys):
    assert main(["analyze", "--out", str(tmp_path), "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "ukraine-ceasefire-2025-05" in out
    options = json.loads((tmp_path / "options.json").read_text())
    assert options["seed"] == 7 and options["scenario"] == "ukraine-ceasefire-2025-05"
    saved = (tmp_path / "scenario.json").read_text()
    import positions

    assert positions.Scenario.from_json(saved) == positions.load("ukraine-ceasefire-2025-05")


@pytest.mark.parametrize("args", [["validate"], ["show"]])
def test_missing_arguments(args):
    assert run(*args).returncode == 2


def test_analyze_what_if_changes_a_number_by_path(tmp_path, capsys):
    import pandas as pd

    path = "parameters[war_cost_RUS].value"
    common = ["analyze", "--n", "64", "--quiet", "--seed", "3"]
    assert main([*common, "--out", str(tmp_path / "base")]) == 0
    assert main([*common, "--out", str(tmp_path / "set"), "--set", f"{path}=0.3"]) == 0
    out = capsys.readouterr().out
    assert f"what-if: {path} = 0.3" in out
    assert f"  {path}: value 0.15 -> 0.3; distribution shifted to [0.2, 0.5]" in out
    options = json.loads((tmp_path / "set" / "options.json").read_text())
    assert options["set"] == {path: 0.3}
    assert (options["set_uncertainty"], options["set_outside"]) == ("move", False)

    saved = positions.Scenario.from_json((tmp_path / "set" / "scenario.json").read_text())
    est = saved.estimates()[path]
    assert est.value == 0.3
    assert est.assumptions[-1] == ("what-if: value 0.15 -> 0.3; distribution shifted to "
                                   "[0.2, 0.5] (not from the sources)")
    assert saved == positions.load("ukraine-ceasefire-2025-05").with_estimates({path: 0.3})
    # The Monte Carlo moves with the what-if: the cost's draws shift by +0.15 (same seed),
    # and a costlier war for Russia widens the Fearon bargaining range on average.
    base = pd.read_parquet(tmp_path / "base" / "montecarlo.parquet")
    moved = pd.read_parquet(tmp_path / "set" / "montecarlo.parquet")
    assert moved[path].mean() - base[path].mean() == pytest.approx(0.15)
    assert moved["war.range_width"].mean() > base["war.range_width"].mean() + 0.02


def test_analyze_what_if_keep_and_outside(tmp_path, capsys):
    import pandas as pd

    path = "parameters[war_cost_RUS].value"
    common = ["analyze", "--n", "16", "--quiet", "--seed", "3"]
    assert main([*common, "--out", str(tmp_path / "keep"), "--set", f"{path}=0.3",
                 "--set-keep"]) == 0
    kept = pd.read_parquet(tmp_path / "keep" / "montecarlo.parquet")
    assert kept[path].max() <= 0.35  # the coded distribution [0.05, 0.35], not moved
    assert main([*common, "--out", str(tmp_path / "out"), "--set", f"{path}=0.9",
                 "--set-outside"]) == 0
    assert "value 0.15 -> 0.9, outside the coded range [0.05, 0.35]" in capsys.readouterr().out
    moved = pd.read_parquet(tmp_path / "out" / "montecarlo.parquet")
    assert moved[path].min() >= 0.8


@pytest.mark.parametrize(
    ("value", "status", "message"),
    [
        ("parameters[war_cost_RU].value=0.3", 1, "did you mean ['parameters[war_cost_RUS].value'"),
        ("parameters[war_cost_RUS].value=2", 1, "lies outside its uncertainty's support "
                                                 "[0.05, 0.35]; pass outside_support=True "
                                                 "(stances analyze --set-outside)"),
        ("positions[RUS/territory].salience=1.5", 1, "salience: 1.5 is above 1"),
        ("parameters[war_cost_RUS].value", 2, "expected PATH=VALUE"),
        ("parameters[war_cost_RUS].value=high", 2, "must be a number"),
    ],
)
def test_analyze_bad_what_if(value, status, message):
    result = run("analyze", "--n", "16", "--quiet", "--set", value)
    assert result.returncode == status
    assert message in result.stderr and "Traceback" not in result.stderr


def test_validate_prints_warnings_and_strict_fails(tmp_path, capsys):
    path = tmp_path / "wage.yaml"
    path.write_text(yaml.safe_dump(wage_dispute_dict(), default_flow_style=False))
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "wage.yaml: valid (3 actors, 2 issues, 6 positions, 0 beliefs, 1 warnings)" in out
    assert ("warning: positions[C/job_security].acceptable: none given; read as the whole "
            "scale 0-100") in err
    assert main(["validate", "--strict", str(path)]) == 1
    clean = wage_dispute_dict()
    clean["positions"][5]["acceptable"] = {
        "high": {"value": 100, "uncertainty": {"dist": "fixed"}, "rationale": "no red line",
                 "assumptions": ["The city has no red line on job security."]}}
    path.write_text(yaml.safe_dump(clean, default_flow_style=False))
    assert main(["validate", "--strict", str(path)]) == 0


def test_validate_strict_passes_on_the_builtin_case(capsys):
    # Issue 13: every position of the built-in case gives its range or the reason it has none.
    assert main(["validate", "--strict", "ukraine-ceasefire-2025-05"]) == 0
    out, err = capsys.readouterr()
    assert "ukraine-ceasefire-2025-05: valid (10 actors, 9 issues, 32 positions" in out
    assert "warning" not in err


# ------------------------------------------------------------ stances quote
def test_quote_exits_0_when_the_text_occurs_in_a_builtin_source(capsys):
    assert main(["quote", "s002", "Putin is confident of his victory"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "s002: 'Putin is confident of his victory' occurs in the text (white space, quote "
        "marks and dashes aside)",
        "  100%  characters 32-65: Putin is confident of his victory",
        '        quote: "Putin is confident of his victory"',
    ]


def test_quote_exits_1_with_the_nearest_passages(capsys):
    assert main(["quote", "s002", "the Kremlin sees no reason to agree to a cease-fire",
                 "-n", "2"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("s002: 'the Kremlin sees no reason to agree to a cease-fire' does not "
                      "occur in the text; the nearest passages:")
    assert out[1] == ("   94%  characters 1288-1343: the Kremlin sees no good reason to agree "
                      "to a ceasefire")
    assert out[2] == '        quote: "the Kremlin sees no good reason to agree to a ceasefire"'
    assert len(out) == 5


def test_quote_searches_a_scenario_that_does_not_validate(tmp_path, capsys):
    data = minimal_scenario_dict()
    data["positions"][0]["evidence"][0]["quote"] = "wants all for regions"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    assert main(["validate", str(path)]) == 1
    assert main(["quote", "s1", "wants all for regions", "--scenario", str(path)]) == 1
    out = capsys.readouterr().out
    assert '   97%  characters 27-49: wants all four regions\n' in out
    assert main(["quote", "s1", "wants all four regions", "--scenario", str(path)]) == 0


def test_quote_searches_a_text_file(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(
        "The union wants a 12 % wage rise.\nIts leader said: \u201cno less than 8 %\u201d."
    )
    assert main(["quote", str(article), 'said: "no less than 8 %"']) == 0
    assert main(["quote", str(article), "no less then 8%", "-n", "1"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-2].endswith("no less than 8 %")


def test_quote_unknown_source_and_bad_n():
    result = run("quote", "s999", "anything")
    assert result.returncode == 1
    assert ("ukraine-ceasefire-2025-05: 's999' is neither a file nor a source of the scenario "
            "(its sources: s000, s001, s002, s003, s004)") in result.stderr
    assert "Traceback" not in result.stderr
    assert run("quote", "s002", "anything", "-n", "0").returncode == 2
