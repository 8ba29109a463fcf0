import hashlib

import pytest
from pydantic import ValidationError

from positions import Source, normalize_text


def test_normalize_maps_typography_and_whitespace():
    # Typographic quotes, en/em dashes, non-breaking spaces and line breaks.
    assert normalize_text("\u201cno\u201d \u2014\u00a0he\nsaid\u2019s") == '"no"-he said\'s'
    assert normalize_text("peacemaker\u2013and") == normalize_text("peacemaker - and")
    assert normalize_text("wait\u2026") == "wait..."


def test_contains_quote_after_normalisation_and_is_case_sensitive():
    src = Source(id="s", text="Trump is \u201closing patience\u201d with Moscow\u2013really.")
    assert src.contains_quote('is "losing patience" with Moscow - really')
    assert src.contains_quote("losing   patience")
    assert not src.contains_quote("Losing patience")
    assert not src.contains_quote("gaining patience")


def test_sha256_must_match_text():
    text = "Putin feels strong."
    good = hashlib.sha256(text.encode()).hexdigest()
    assert Source(id="s", text=text, sha256=good).sha256 == good
    with pytest.raises(ValidationError, match="does not match sha256"):
        Source(id="s", text=text + "!", sha256=good)


def test_inferred_fields_are_restricted():
    with pytest.raises(ValidationError, match="inferred"):
        Source(id="s", text="t", inferred=("nonsense",))
