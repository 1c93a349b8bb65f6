"""Safety screen: crisis detection, crisis resources and the words shown.

Runs before anything else on every text.  See :mod:`befriend.safety.screen`
for how a text is screened, :mod:`befriend.safety.resources` for the crisis
lines by country and :mod:`befriend.safety.messages` for what is shown.
"""

from befriend.safety.messages import DISCLAIMER, CrisisMessage, crisis_message
from befriend.safety.resources import (
    CountryResources,
    ResourceBook,
    ResourceDataError,
    Service,
    country_from_locale,
    load_resources,
    resolve_country,
)
from befriend.safety.screen import (
    RULE_KINDS,
    SIGNAL_KINDS,
    CrisisRule,
    IdiomRule,
    SafetyDataError,
    SafetyResult,
    SafetyScreen,
    SafetySignal,
    default_screen,
    screen,
)

__all__ = [
    "DISCLAIMER",
    "RULE_KINDS",
    "SIGNAL_KINDS",
    "CountryResources",
    "CrisisMessage",
    "CrisisRule",
    "IdiomRule",
    "ResourceBook",
    "ResourceDataError",
    "SafetyDataError",
    "SafetyResult",
    "SafetyScreen",
    "SafetySignal",
    "Service",
    "country_from_locale",
    "crisis_message",
    "default_screen",
    "load_resources",
    "resolve_country",
    "screen",
]
