"""positions: typed, source-linked data about what the parties to a negotiation have stated.

A :class:`Scenario` holds the sources (articles) and the origins their claims
are attributed to, the actors, the issues (negotiation dimensions), each
party's position on each issue, the options actors can take, beliefs about
uncertain propositions, disputed facts and free parameters. Every judged
number is an :class:`Estimate` with an uncertainty, a rationale, the quotes
behind it and the premises from outside the sources (``assumptions``), and
every quote is checked against its source when a scenario loads.

Examples
--------
>>> import positions
>>> positions.available()  # doctest: +NORMALIZE_WHITESPACE
['ec-car-emissions-bdm1994', 'elmira-groundwater', 'ktab-soe-pol-comp',
 'ukraine-ceasefire-2025-05']
>>> s = positions.load("ukraine-ceasefire-2025-05")
>>> sorted(a.id for a in s.parties)
['EUR', 'RUS', 'UKR', 'USA']
"""

from positions.codings import (
    CodedValue,
    Coding,
    available_codings,
    codings_frame,
    load_coding,
)
from positions.entities import (
    AcceptableRange,
    Actor,
    Anchor,
    Belief,
    Claim,
    Conventions,
    DisagreementPoint,
    Estimate,
    Fact,
    Infeasibility,
    Issue,
    IssueOption,
    NoPosition,
    Option,
    OptionPreference,
    Parameter,
    Person,
    Position,
    Proposition,
    Scale,
)
from positions.errors import Problem, ScenarioError
from positions.io import available, load, seeds_dir
from positions.quotes import Passage, find_quote
from positions.roles import CoalitionRole, IssueResolution, Roles, ThreatRole, WarRole
from positions.scenario import Corroboration, Scenario
from positions.sources import Evidence, Origin, Source, normalize_text
from positions.statements import parse_statement
from positions.uncertainty import (
    Beta,
    Categorical,
    Discrete,
    Distribution,
    Empirical,
    Fixed,
    LogNormal,
    Triangular,
    TruncNormal,
    Uniform,
)
from positions.words import (
    EstimativeWord,
    UnknownPhraseError,
    estimate_from_words,
    lookup_words,
    words_frame,
)

__version__ = "0.1.0"

__all__ = [
    "AcceptableRange",
    "Actor",
    "Anchor",
    "Belief",
    "Beta",
    "Categorical",
    "Claim",
    "CoalitionRole",
    "CodedValue",
    "Coding",
    "Conventions",
    "Corroboration",
    "DisagreementPoint",
    "Discrete",
    "Distribution",
    "Empirical",
    "Estimate",
    "EstimativeWord",
    "Evidence",
    "Fact",
    "Fixed",
    "Infeasibility",
    "Issue",
    "IssueOption",
    "IssueResolution",
    "LogNormal",
    "NoPosition",
    "Option",
    "OptionPreference",
    "Origin",
    "Parameter",
    "Passage",
    "Person",
    "Position",
    "Problem",
    "Proposition",
    "Roles",
    "Scale",
    "Scenario",
    "ScenarioError",
    "Source",
    "ThreatRole",
    "Triangular",
    "TruncNormal",
    "Uniform",
    "UnknownPhraseError",
    "WarRole",
    "__version__",
    "available",
    "available_codings",
    "codings_frame",
    "estimate_from_words",
    "find_quote",
    "load",
    "load_coding",
    "lookup_words",
    "normalize_text",
    "parse_statement",
    "seeds_dir",
    "words_frame",
]
