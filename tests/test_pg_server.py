"""The throwaway PostgreSQL server the gradebook tests use: real, private, and gone afterwards."""

from __future__ import annotations

import pytest
from pg_server import PostgresServer


def test_a_private_server_on_a_socket_only() -> None:
    server = PostgresServer().start()
    try:
        assert server.running()
        assert server.sql("SELECT 1") == [(1,)]
        url = server.create_database("copy_source")
        assert url.startswith("postgresql+psycopg://") and f"host={server.socket_dir}" in url
        server.sql("CREATE TABLE t (x int)", database="copy_source")
        server.sql("INSERT INTO t VALUES (7)", database="copy_source")
        server.create_database("copied", template="copy_source")
        assert server.sql("SELECT x FROM t", database="copied") == [(7,)]  # a database copies with its rows
        assert server.sql("SHOW listen_addresses") == [("",)]  # no TCP port at all
        assert any(p.name.startswith(".s.PGSQL.") for p in server.socket_dir.iterdir())
    finally:
        server.stop()
    assert not server.running() and not server.root.exists()


def test_logins_are_the_operating_system_account() -> None:
    import psycopg

    server = PostgresServer().start()
    try:
        server.create_database("grades", owner="nmt_grader_role")
        # the test's own account is let in as the superuser, but not as another role: peer login checks the account
        with pytest.raises(psycopg.OperationalError, match="authentication failed"):
            psycopg.connect(host=str(server.socket_dir), user="nmt_grader_role", dbname="grades").close()
    finally:
        server.stop()
