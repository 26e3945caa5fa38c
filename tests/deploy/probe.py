"""Run by a student, in their own terminal on the hub: what can this account read?

Reads a JSON list of paths from the file named on the command line and, for
each, tries what a curious student would: list a folder, read a file. Also
tries to log in to the course's PostgreSQL gradebook as the grader and as
itself. Prints one line, ``PROBE <json>``, mapping each path to ``read``,
``listed``, ``missing`` or ``denied: <reason>``. Uses only the standard
library and psycopg (which the course's environment has).
"""

import json
import os
import sys


def attempt(path):
    try:
        if os.path.isdir(path):
            os.listdir(path)
            return "listed"
        with open(path, "rb") as f:
            f.read(64)
        return "read"
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"denied: {exc.strerror}"


def database(socket_dir, user, dbname):
    try:
        import psycopg

        psycopg.connect(host=socket_dir, user=user, dbname=dbname, connect_timeout=10).close()
        return "connected"
    except Exception as exc:
        return f"denied: {type(exc).__name__}: {str(exc).strip().splitlines()[-1][:120]}"


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    results = {path: attempt(path) for path in spec["paths"]}
    for user in spec.get("db_users", []):
        results[f"postgresql as {user}"] = database(spec["socket_dir"], user, spec["dbname"])
    print("PROBE " + json.dumps(results))


main()
