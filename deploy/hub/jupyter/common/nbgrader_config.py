"""nbgrader settings for every server on the class hub: students', instructors' and the course service's.

``jupyterhub_config.py`` puts this folder on each server's JUPYTER_CONFIG_PATH
and sets the variables it reads from ``class.yaml``. nbgrader's JupyterHub
guide: the exchange path includes the course, and the hub's groups say who
takes which course (``nbgrader-<course>``) and who grades it
(``formgrade-<course>``). The two exchange plugins keep submissions private
to their student and the graders, and collect only what each student really
handed in (see ``nmt_course/hub/exchange.py``).
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.Exchange.root = os.environ.get("NMT_COURSE_EXCHANGE", "/srv/nbgrader/exchange")
c.Exchange.path_includes_course = True
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
c.ExchangeFactory.submit = "nmt_course.hub.exchange.PrivateSubmit"
c.ExchangeFactory.collect = "nmt_course.hub.exchange.CheckedCollect"
