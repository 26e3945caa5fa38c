"""Clinical reasoning: planning a session, screening an intake, case studies, SOAP notes.

- :mod:`.session`: the catalogue of session steps and the review of a plan
  (``check_plan``), with its rules in :mod:`.session.rules`;
- :mod:`.screening`: contraindication screening of an intake (``screen``),
  with the lay and drug names it understands in :mod:`.screening.names`;
- :mod:`.cases`: the case studies; :mod:`.soap`: the SOAP-note draft.

``session`` and ``screening`` are also reachable as ``nmt_course.session``
and ``nmt_course.screening`` (contract names).
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["cases", "screening", "session", "soap"]


def __getattr__(name: str) -> ModuleType:
    # the submodules load on first use, so importing one part does not load the others
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
