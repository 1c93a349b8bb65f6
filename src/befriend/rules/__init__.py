"""Linguistic rules: cue patterns, negation, reported speech, targeting."""

from befriend.rules.engine import RuleHit, RuleSet, SentenceRules, load_ruleset

__all__ = ["RuleHit", "RuleSet", "SentenceRules", "load_ruleset"]
