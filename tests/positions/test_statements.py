import numpy as np
import pytest

from positions import parse_statement


def truth(**taken):
    return lambda name: taken[name]


@pytest.mark.parametrize(
    ("text", "taken", "expected"),
    [
        ("a", {"a": True}, True),
        ("-a", {"a": True}, False),
        ("a & b", {"a": True, "b": False}, False),
        ("a | b", {"a": False, "b": True}, True),
        ("a & -b | c", {"a": False, "b": False, "c": True}, True),  # & binds tighter than |
        ("-(a | b)", {"a": False, "b": False}, True),
        ("a IF b", {"a": False, "b": True}, False),
        ("a IF b", {"a": False, "b": False}, True),
        ("a IFF b", {"a": False, "b": False}, True),
        ("a IFF b", {"a": True, "b": False}, False),
        ("~a & !b", {"a": False, "b": False}, True),
    ],
)
def test_evaluation(text, taken, expected):
    assert parse_statement(text).evaluate(truth(**taken)) is expected


def test_vectorised_evaluation_on_boolean_arrays():
    states = {"a": np.array([True, True, False, False]), "b": np.array([True, False, True, False])}
    result = parse_statement("a IF b").evaluate(states.__getitem__)
    np.testing.assert_array_equal(result, [True, True, False, True])


def test_options_lists_every_id():
    assert parse_statement("USA_sanctions & -(RUS_ceasefire | RUS.talks)").options() == {
        "USA_sanctions",
        "RUS_ceasefire",
        "RUS.talks",
    }


@pytest.mark.parametrize("text", ["", "a &", "(a | b", "a b", "& a", "a IF", "a $ b", ")"])
def test_malformed_statements(text):
    with pytest.raises(ValueError, match="statement"):
        parse_statement(text)
