import json
import os

import pytest
import yaml
from strategies import minimal_scenario_dict

import positions
from positions import ScenarioError


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def messages(path):
    with pytest.raises(ScenarioError) as info:
        positions.load(path)
    assert info.value.file == str(path)
    return str(info.value)


def snapshot(folder):
    return sorted((p.name, p.stat().st_size) for p in folder.iterdir())


def test_valid_yaml_and_json_files_load(tmp_path):
    data = minimal_scenario_dict()
    y = positions.load(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    j = positions.load(write(tmp_path, "s.json", json.dumps(data)))
    assert y == j


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.yaml", "", "empty.yaml: is empty"),
        ("blank.yaml", "   \n\n", "blank.yaml: is empty"),
        ("binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary.yaml: is a binary file"),
        ("latin1.yaml", "id: caf\xe9".encode("latin-1"), "latin1.yaml: is not UTF-8 text"),
        ("bad.yaml", "id: [unclosed\ntitle: x\n", "bad.yaml: malformed YAML at line"),
        ("bad.json", '{"id": "x",}', "bad.json: malformed JSON at line 1"),
        ("list.yaml", "- a\n- b\n", "list.yaml: must hold a mapping of scenario fields, not list"),
        ("scalar.yaml", "42\n", "scalar.yaml: must hold a mapping of scenario fields, not int"),
    ],
)
def test_unreadable_files(tmp_path, name, content, expected):
    path = write(tmp_path, name, content)
    assert messages(path).startswith(str(tmp_path / expected))


def test_wrong_types_out_of_range_and_missing_fields(tmp_path):
    data = minimal_scenario_dict()
    data["actors"][0]["capability"] = "strong"
    data["positions"][0]["salience"]["value"] = 3
    del data["title"]
    msg = messages(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    assert "s.yaml: title: required field is missing" in msg
    assert "s.yaml: actors[RUS].capability: " in msg
    assert "s.yaml: positions[RUS/territory].salience: 3 is above 1" in msg


def test_missing_quote_and_quote_not_in_source(tmp_path):
    data = minimal_scenario_dict()
    del data["positions"][0]["evidence"][0]["quote"]
    msg = messages(write(tmp_path, "a.yaml", yaml.safe_dump(data)))
    assert ("positions[RUS/territory].evidence[0].quote: give the quote (from an article) "
            "or the locator (in a publication)") in msg
    data = minimal_scenario_dict()
    data["beliefs"][0]["evidence"][0]["quote"] = "Putin feels weak"
    msg = messages(write(tmp_path, "b.yaml", yaml.safe_dump(data)))
    assert (
        "beliefs[putin].evidence[0].quote: 'Putin feels weak' does not occur in source 's1'; "
        'nearest passage (81%): "Putin feels"' in msg
    )


def test_yaml_never_executes_code(tmp_path):
    marker = tmp_path / "pwned"
    content = f"!!python/object/apply:os.system ['touch {marker}']\n"
    msg = messages(write(tmp_path, "evil.yaml", content))
    assert "malformed YAML" in msg
    assert not marker.exists()


def test_missing_path_and_folder(tmp_path):
    assert "no such file, and not a built-in scenario" in messages(tmp_path / "nope.yaml")
    assert "is a folder" in messages(tmp_path)


def test_source_files_and_includes_resolve_next_to_the_scenario(tmp_path):
    data = minimal_scenario_dict()
    catalogue = {"origins": data.pop("origins"), "sources": data.pop("sources")}
    (tmp_path / "seeds").mkdir()
    for source in catalogue["sources"]:
        write(tmp_path / "seeds", f"{source['id']}.txt", source.pop("text"))
        source["file"] = f"{source['id']}.txt"
    write(tmp_path / "seeds", "catalogue.yaml", yaml.safe_dump(catalogue))
    data["include"] = ["catalogue.yaml"]
    s = positions.load(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    assert s.source("s1").text.startswith("Putin feels")
    # The dumped form names the file instead of repeating the text, and reloads equal.
    dumped = s.to_yaml()
    assert all("text" not in src for src in yaml.safe_load(dumped)["sources"])
    again = positions.load(write(tmp_path, "again.yaml", dumped))
    assert again == s
    embedded = yaml.safe_load(s.to_yaml(embed_sources=True))["sources"]
    assert [src["text"] for src in embedded] == [src.text for src in s.sources]


def test_missing_include_and_source_file(tmp_path):
    data = minimal_scenario_dict()
    data["include"] = ["nowhere.yaml"]
    data["sources"][0] = {"id": "s1", "file": "missing.txt"}
    msg = messages(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    assert "include: file 'nowhere.yaml' not found" in msg
    assert "sources[s1].file: file 'missing.txt' not found" in msg


def test_bad_input_never_overwrites_saved_data(tmp_path):
    good = positions.Scenario.from_json(json.dumps(minimal_scenario_dict()))
    target = tmp_path / "saved.yaml"
    good.to_yaml(target)
    before = target.read_bytes()
    bad = minimal_scenario_dict()
    bad["positions"][0]["salience"]["value"] = 9
    with pytest.raises(ScenarioError):
        positions.Scenario.from_json(json.dumps(bad)).to_yaml(target)
    assert target.read_bytes() == before
    assert positions.load(target) == good
    assert snapshot(tmp_path) == [("saved.yaml", len(before))]


def test_loading_writes_nothing(tmp_path):
    path = write(tmp_path, "s.yaml", yaml.safe_dump(minimal_scenario_dict()))
    before = snapshot(tmp_path)
    positions.load(path)
    with pytest.raises(ScenarioError):
        positions.load(write(tmp_path, "bad.yaml", "id: ["))
    assert snapshot(tmp_path) == sorted(
        [*before, ("bad.yaml", os.path.getsize(tmp_path / "bad.yaml"))]
    )


def test_atomic_write_leaves_no_temporary_file(tmp_path):
    s = positions.Scenario.from_json(json.dumps(minimal_scenario_dict()))
    s.to_json(tmp_path / "s.json")
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
    assert positions.load(tmp_path / "s.json") == s


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("sources: [\n  - id: s9\n", "include[cat.yaml]: malformed YAML"),
        ("actors: []\n", "include[cat.yaml]: must be a mapping with only 'sources' and 'origins'"),
        ("- just a list\n", "include[cat.yaml]: must be a mapping with only 'sources' and"),
        ("sources: {id: s9}\n", "include[cat.yaml].sources: must be a list"),
        (
            "sources:\n  - {id: s9, file: absent.txt}\n",
            "include[cat.yaml].sources[s9].file: file 'absent.txt' not found",
        ),
    ],
)
def test_bad_include_files_are_reported_by_include(tmp_path, content, expected):
    # A source catalogue brought in by `include:` is checked like the scenario
    # itself, and its problems are named by the include.
    write(tmp_path, "cat.yaml", content)
    data = minimal_scenario_dict()
    data["include"] = "cat.yaml"  # a single name is accepted as well as a list
    assert expected in messages(write(tmp_path, "s.yaml", yaml.safe_dump(data)))


def test_include_must_be_a_list_of_names(tmp_path):
    data = minimal_scenario_dict()
    data["include"] = {"file": "cat.yaml"}
    assert "include: must be a list of file names" in messages(
        write(tmp_path, "s.yaml", yaml.safe_dump(data))
    )


def test_a_folder_is_not_a_scenario_file(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(ScenarioError, match="is a folder, not a scenario file"):
        positions.load(tmp_path / "folder.yaml")


def test_unreadable_source_file_is_reported(tmp_path):
    data = minimal_scenario_dict()
    write(tmp_path, "latin1.txt", "Putin feels strong. \xe9".encode("latin-1"))
    data["sources"][0] = {"id": "s1", "file": "latin1.txt"}
    assert "sources[s1].file: cannot read 'latin1.txt'" in messages(
        write(tmp_path, "s.yaml", yaml.safe_dump(data))
    )


# ------------------------------------------------------------ every problem in one pass
def test_field_errors_and_quote_errors_come_out_together(tmp_path):
    data = minimal_scenario_dict()
    data["positions"][0]["salience"]["value"] = 1.4
    data["beliefs"][0]["evidence"][0]["quote"] = "Putin fels strong"
    msg = messages(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    assert msg.splitlines() == [
        f"{tmp_path / 's.yaml'}: positions[RUS/territory].salience: 1.4 is above 1",
        f"{tmp_path / 's.yaml'}: beliefs[putin].evidence[0].quote: 'Putin fels strong' does "
        "not occur in source 's1'; nearest passage (91%): \"Putin feels “strong”\"",
    ]


def test_quotes_inside_an_item_with_a_field_error_are_checked(tmp_path):
    data = minimal_scenario_dict()
    data["positions"][0]["salience"]["value"] = 1.4
    data["positions"][0]["evidence"][0]["quote"] = "wants all for regions"
    data["positions"][0]["evidence"][1]["origin"] = "tass"
    msg = messages(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    assert "positions[RUS/territory].salience: 1.4 is above 1" in msg
    assert ("positions[RUS/territory].evidence[0].quote: 'wants all for regions' does not "
            "occur in source 's1'; nearest passage (97%): \"wants all four regions\"") in msg
    assert "positions[RUS/territory].evidence[1].origin: unknown origin 'tass'" in msg
    assert len(msg.splitlines()) == 3


def test_cross_references_still_run_beside_field_errors(tmp_path):
    data = minimal_scenario_dict()
    data["date"] = "yesterday"
    data["beliefs"][0]["holder"] = "NOBODY"
    msg = messages(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    assert "date: " in msg
    assert "beliefs[putin].holder: unknown actor 'NOBODY'" in msg


def test_a_failed_item_does_not_make_its_references_unknown(tmp_path):
    # RUS fails (a bad kind): its position, options, belief and parameters refer to it, the
    # insiders origin fails too; neither is reported as unknown, nor is RUS/territory missing.
    data = minimal_scenario_dict()
    data["actors"][0]["kind"] = "superpower"
    data["origins"][1]["kind"] = "rumour"
    msg = messages(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
    assert [line.split(": ", 1)[1] for line in msg.splitlines()] == [
        "origins[insiders].kind: 'rumour' is not one of 'news_agency', 'outlet', 'government', "
        "'official', 'anonymous_source', 'analyst' or 'author'",
        "actors[RUS].kind: 'superpower' is not one of 'state', 'union', 'coalition', "
        "'government', 'leader', 'official', 'institution', 'agency', 'party', 'armed_group', "
        "'organisation', 'company', 'ngo', 'analyst' or 'person'",
    ]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(actors=[{**d["actors"][0], "kind": "unoin"}]),
         "actors[RUS].kind: 'unoin' is not one of 'state', 'union', "),
        (lambda d: d["positions"][0].update(kind="demnad"),
         "positions[RUS/territory].kind: 'demnad' is not one of 'demand', 'condition', 'aim', "
         "'red_line', 'offer' or 'preference'"),
    ],
)
def test_a_bad_kind_gives_one_message_listing_the_allowed_values(tmp_path, mutate, expected):
    data = minimal_scenario_dict()
    mutate(data)
    lines = messages(write(tmp_path, "s.yaml", yaml.safe_dump(data))).splitlines()
    assert len(lines) == 1, lines  # no "Tuple should have at least 1 item" besides
    assert lines[0].startswith(f"{tmp_path / 's.yaml'}: {expected}")


def test_a_list_that_is_really_too_short_still_says_so(tmp_path):
    data = minimal_scenario_dict()
    data["actors"] = []
    assert "actors: needs at least 1 item (got [])" in messages(
        write(tmp_path, "s.yaml", yaml.safe_dump(data))
    )


@pytest.mark.parametrize("kind", ["union", "agency", "government", "party", "armed_group",
                                  "company", "ngo", "person", "state", "organisation"])
def test_actor_kinds_people_write(kind):
    actor = positions.Actor(id="X", name="X", kind=kind, party=False)
    assert actor.kind == kind


def test_only_coalitions_and_unions_have_members():
    member = {"name": "Emmanuel Macron", "country": "France"}
    assert positions.Actor(id="EU", name="EU", kind="union", party=False, members=[member])
    with pytest.raises(ValueError, match="only coalitions and unions have members, not a 'state'"):
        positions.Actor(id="F", name="France", kind="state", party=False, members=[member])


# ------------------------------------------------------------ YAML one-line style
def flow_scenario(evidence_line):
    """The minimal scenario in block style, RUS's first evidence item on one line."""
    text = yaml.safe_dump(minimal_scenario_dict(), sort_keys=False, width=1000)
    block = "  - source: s1\n    quote: wants all four regions\n    origin: insiders\n"
    assert block in text
    text = text.replace(block, f"  - {evidence_line}\n", 1)
    line = text.splitlines().index(f"  - {evidence_line}") + 1
    return text, line


def test_a_comma_in_one_line_style_is_explained(tmp_path):
    text, line = flow_scenario("{source: s1, quote: wants all four regions, or else, "
                               "origin: insiders}")
    msg = messages(write(tmp_path, "s.yaml", text))
    assert (
        "positions[RUS/territory].evidence[0].or else: unknown field 'or else': on line "
        f"{line}, a comma in free text inside a one-line {{...}} mapping cut the text before "
        "'or else'; quote the text or switch to block style"
    ) in msg


def test_a_colon_in_one_line_style_is_explained(tmp_path):
    text, line = flow_scenario("{source: s1, quote: Putin said: all four regions, "
                               "origin: insiders}")
    msg = messages(write(tmp_path, "s.yaml", text))
    assert f"malformed YAML at line {line}, column " in msg
    assert (f"(in the one-line {{...}} mapping that starts on line {line}: '- {{source: s1, "
            "quote: Putin said: all four regions, origin: insiders}'); free text with a comma, "
            "a colon, quotes or brackets breaks one-line style: quote the text or switch to "
            "block style") in msg


def test_a_colon_in_unquoted_block_text_is_explained(tmp_path):
    text, _ = flow_scenario("{source: s1, quote: wants all four regions, origin: insiders}")
    positions.load(write(tmp_path, "ok.yaml", text))  # one-line style without commas is fine
    text = text.replace("rationale: Stated demand.", "rationale: Stated: a demand.", 1)
    msg = messages(write(tmp_path, "s.yaml", text))
    assert "mapping values are not allowed in this context (line " in msg
    assert "'rationale: Stated: a demand.'); a colon followed by a space inside unquoted " in msg
    assert "quote the text" in msg


def test_load_sources_reads_the_sources_of_a_scenario_that_does_not_validate(tmp_path):
    data = minimal_scenario_dict()
    data["positions"][0]["salience"]["value"] = 1.4
    path = write(tmp_path, "s.yaml", yaml.safe_dump(data))
    sources = positions.io.load_sources(path)
    assert [s.id for s in sources] == ["s1", "s2"]
    assert sources[1].text == "Copy: Putin wants all four regions."
    data["sources"][0]["kind"] = "book"
    with pytest.raises(ScenarioError, match=r"s.yaml: sources\[s1\].kind: 'book' is not one of"):
        positions.io.load_sources(write(tmp_path, "s.yaml", yaml.safe_dump(data)))
