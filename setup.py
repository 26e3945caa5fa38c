"""Build shim: everything about the package is in pyproject.toml.

One thing only: an editable install (``pip install -e .``, which
``python3 course.py lab`` runs) must install the data files too, that is, the
prebuilt JupyterLab extension under ``share/jupyter/labextensions/nmt-course-quiz``,
or JupyterLab and Notebook 7 would not find it. setuptools' editable wheel asks
the distribution ``has_data()``, a method that does not exist (the real one is
``has_data_files()``), so it skips data files in editable installs; this alias
lets it find them. Regular installs (wheels) are unchanged.
"""

from setuptools import setup
from setuptools.dist import Distribution


class _DistributionWithData(Distribution):
    def has_data(self) -> bool:
        return self.has_data_files()


setup(distclass=_DistributionWithData)
