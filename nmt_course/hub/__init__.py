"""A class on JupyterHub: the class settings behind ``deploy/hub/`` and nbgrader exchange plugins for a shared hub.

:mod:`.settings` reads the class file and derives JupyterHub's groups, roles
and grading service from it; :mod:`.exchange` closes two gaps in nbgrader's
exchange on a machine where every student is a unix account; :mod:`.kubernetes`
writes Zero to JupyterHub values from the same settings. Submodules are
imported on first use (nbgrader is only needed by :mod:`.exchange`).
"""

from __future__ import annotations

__all__ = ["exchange", "kubernetes", "settings"]
