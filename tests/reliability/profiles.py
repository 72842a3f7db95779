"""Hypothesis profiles for the reliability properties: ``ci`` (bounded) and ``fuzz`` (long).

``COPYDESK_HYPOTHESIS_PROFILE=fuzz pytest tests/reliability/test_properties.py`` runs each
property on many more inputs. Registered here, not loaded globally, so the other suites keep
their own settings.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=_QUIET)

PROFILE_NAME = os.environ.get("COPYDESK_HYPOTHESIS_PROFILE", "ci")
PROFILE = settings.get_profile(PROFILE_NAME)


def scaled(fraction: float) -> settings:
    """The profile with a fraction of its examples, for properties that run a whole build."""
    return settings(PROFILE, max_examples=max(5, int(PROFILE.max_examples * fraction)))
