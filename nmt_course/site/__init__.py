"""The course as a static JupyterLite site: Jupyter and Python (Pyodide) entirely in the browser.

    from nmt_course.site import build_site
    built = build_site(output=Path("nmt-course-site"))

or ``nmt-course site build --output DIR``. The site holds every course
notebook and the two apps, a practice notebook, the package (as a wheel built
from this checkout, with the knowledge base and the question bank) and every
Python package the notebooks need; at run time it loads nothing from any other
host. Building it needs ``pip install 'nmt-course[site]'`` and npm, and
downloads from PyPI and npm the first time (cached after that).
"""

from __future__ import annotations

from ..lazy import lazy_getattr

__all__ = ["build_site", "SiteBuild", "SiteBuildError", "default_cache_dir"]

_LAZY = {
    "build_site": "build",
    "SiteBuild": "build",
    "default_cache_dir": "build",
    "SiteBuildError": "requirements",
}

__getattr__ = lazy_getattr(__name__, _LAZY)
