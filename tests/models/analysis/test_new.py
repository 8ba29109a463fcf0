"""``stances new``: the scenario template validates, runs, and has every section."""

from __future__ import annotations

from pathlib import Path

import yaml

import models
import positions
from models.analysis.cli import main
from positions.roles import Roles


def _write(tmp_path, name="wage-talks"):
    path = tmp_path / f"{name}.yaml"
    assert main(["new", name, "--out", str(path)]) == 0
    return path


def test_new_writes_a_template_that_validates(tmp_path, capsys):
    path = _write(tmp_path)
    assert f"Wrote {path}" in capsys.readouterr().out
    assert main(["validate", str(path)]) == 0
    assert f"{path}: valid" in capsys.readouterr().out
    scenario = positions.load(path)
    assert scenario.id == "wage-talks"
    # No defaults left to warn about (Scenario.warnings, where the branch has it).
    assert not getattr(scenario, "warnings", tuple)()


def test_template_has_every_section_of_a_scenario_and_of_its_roles(tmp_path):
    data = yaml.safe_load(_write(tmp_path).read_text(encoding="utf-8"))
    # A field added to Scenario or Roles fails here until the template shows it.
    missing = set(positions.Scenario.model_fields) - set(data)
    assert not missing, f"the template lacks the sections {sorted(missing)}"
    missing_roles = set(Roles.model_fields) - set(data["roles"])
    assert not missing_roles, f"the template's roles lack {sorted(missing_roles)}"
    scenario = positions.load(tmp_path / "wage-talks.yaml")
    for name in ("sources", "origins", "issues", "positions", "no_positions", "options",
                 "preferences", "infeasible", "propositions", "beliefs", "facts", "parameters",
                 "disagreement"):
        assert getattr(scenario, name), f"the template's {name} is empty"
    assert any(not a.party for a in scenario.actors), "the template shows no observer"
    assert any(i.options for i in scenario.issues) and any(not i.options for i in scenario.issues)
    assert any(p.acceptable is not None and p.evidence for p in scenario.positions)
    roles = scenario.roles
    assert roles.veto and roles.coalitions and roles.resolution and roles.wars and roles.threats


def test_template_is_commented_block_style_yaml(tmp_path):
    text = _write(tmp_path).read_text(encoding="utf-8")
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 20
    body = [line.split("#")[0] for line in text.splitlines()]
    assert not any("{" in line or "[" in line for line in body), "flow-style YAML in template"


def test_analyze_runs_on_the_template(tmp_path, capsys, monkeypatch):
    path = _write(tmp_path)
    analysis = models.analyze(positions.load(path), n_draws=64, n_base=8, progress=False)
    assert analysis.stability is not None and analysis.forecast is not None
    assert all(reason for reason in analysis.skipped.values())
    monkeypatch.chdir(tmp_path)
    assert main(["analyze", str(path), "--n", "64", "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "A new scenario (template)" in text
    # Without --out the results go to stances-out/<scenario id>/, named in the last lines.
    scenario_id = positions.load(path).id
    folder = tmp_path / "stances-out" / scenario_id
    assert (folder / "report.html").is_file() and (folder / "options.json").is_file()
    last = text.rstrip().splitlines()[-1]
    assert last == (f"Open {Path('stances-out') / scenario_id / 'report.html'} in a browser "
                    "to read the report (--out DIR writes elsewhere).")


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text("my work\n", encoding="utf-8")
    assert main(["new", "mine", "--out", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path} already exists; not overwritten" in err
    assert path.read_text(encoding="utf-8") == "my work\n"


def test_new_default_file_and_bad_name(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "talks"]) == 0
    assert positions.load(tmp_path / "talks.yaml").id == "talks"
    assert main(["new", "9 lives"]) == 2
    assert "not a valid scenario id" in capsys.readouterr().err
    assert not (tmp_path / "9 lives.yaml").exists()


def test_titles_come_from_the_scenarios_roles_and_actors(tmp_path):
    path = _write(tmp_path)
    analysis = models.analyze(positions.load(path), n_draws=16, n_base=4, progress=False)
    text = analysis.summary()
    assert "War bargaining (Fearon 1995): A strike on the buses" in text
    assert ("Threat game (subgame-perfect equilibrium): The union's threat to strike unless "
            "the authority raises its offer") in text
    assert ("decision makers Transit workers' union, Transit authority and City council"
            in text)
    html = analysis.report().to_html()
    assert "War bargaining: A strike on the buses" in html
    assert "Sanctions" not in text + html and "US threat" not in text + html
    # Without labels, the titles name the actors.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for role in data["roles"]["wars"] + data["roles"]["threats"]:
        del role["label"]
    unlabelled = positions.Scenario.from_dict(data)
    text = models.analyze(unlabelled, n_draws=16, n_base=4, progress=False).summary()
    assert "War bargaining (Fearon 1995): Transit authority against Transit workers' union" in text
    assert "Threat game (subgame-perfect equilibrium): Transit workers' union's threat " \
           "against Transit authority" in text
