"""EXPLAIN ANALYZE of every statement the key pages run (``python -m bench --explain``).

Each page is requested once (warm), its statements captured with their
parameters, then each is explained with ANALYZE and BUFFERS inside a
transaction that is rolled back, so explaining an UPDATE changes nothing.
Transaction control (BEGIN, COMMIT, SAVEPOINT, RELEASE) is skipped.
The plans are written as Markdown, for bench/notes/.
"""

import re

from django.db import connection, transaction

from bench import measure

CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.IGNORECASE)
SHOWN_SQL = 600


class _Rollback(Exception):
    pass


def explain(sql: str) -> str:
    lines = []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
            raise _Rollback
    except _Rollback:
        pass
    return "\n".join(lines)


def plans(pages) -> str:
    out = []
    for page in pages:
        statements = measure.count_queries(page, warm_up=1)
        out.append(
            f"## {page.label}\n\n`{page.method} {page.url(0)}` · {len(statements)} statements\n"
        )
        for number, sql in enumerate(statements, 1):
            if CONTROL.match(sql):
                out.append(f"{number}. `{sql.strip()}`\n")
                continue
            shown = sql if len(sql) <= SHOWN_SQL else sql[:SHOWN_SQL] + " …"
            out.append(f"{number}. ```sql\n{shown}\n```\n```\n{explain(sql)}\n```\n")
    return "\n".join(out)
