"""The knowledge base: muscles, regions, techniques, contraindications and more.

``load()`` reads every YAML file under ``nmt_course/data/``, validates it
against the models in :mod:`.models` and the cross-checks in :mod:`.integrity`,
and returns a cached :class:`KnowledgeBase` (see :mod:`.base`). The package is
also reachable as ``nmt_course.kb``, the name the course's notebooks use::

    from nmt_course import kb
    K = kb.load()
    K.muscle("SCM").referral.essential

Modules: ``base`` (the knowledge base and its lookups), ``models`` (the
content models), ``types`` (field types shared with the question bank),
``integrity`` (cross-file checks), ``files`` (reading YAML with located
errors), ``names`` (forgiving name lookup), ``symptoms`` (symptom search).
"""

from __future__ import annotations

from .base import (
    DATA_DIR,
    KnowledgeBase,
    ReferralMatch,
    check_kb,
    load,
    load_from,
)

__all__ = [
    "DATA_DIR",
    "KnowledgeBase",
    "ReferralMatch",
    "check_kb",
    "load",
    "load_from",
]
