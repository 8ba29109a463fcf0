"""The Graph Model for Conflict Resolution: states, moves, stability, coalitions, the status quo."""

from models.gmcr.graph_model import (
    CoalitionStability,
    GraphModel,
    GraphStability,
    StatusQuoAnalysis,
    ranking_to_payoffs,
)

__all__ = [
    "CoalitionStability",
    "GraphModel",
    "GraphStability",
    "StatusQuoAnalysis",
    "ranking_to_payoffs",
]
