"""A class on JupyterHub: the class settings behind ``deploy/hub/``, and nbgrader exchange plugins for a shared hub.

:mod:`.settings` reads the class file and derives JupyterHub's groups, roles,
grading service and each kind of server's Jupyter settings from it (the
Kubernetes values in ``deploy/hub/kubernetes/`` are written from the same
functions); :mod:`.exchange` closes two gaps in nbgrader's exchange on a
machine where every student is a unix account. Import the submodules
themselves (nbgrader is only needed by :mod:`.exchange`).
"""

from __future__ import annotations

__all__: list[str] = []
