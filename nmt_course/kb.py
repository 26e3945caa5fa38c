"""``nmt_course.kb``: the knowledge base's public name (contract).

It is the same module object as :mod:`nmt_course.knowledge` (this file
replaces itself in ``sys.modules``), so patching either name patches both. The
names below are listed for type checkers and readers.
"""

from __future__ import annotations

from .knowledge import (
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

import sys as _sys

from . import knowledge as _real

_sys.modules[__name__] = _real
