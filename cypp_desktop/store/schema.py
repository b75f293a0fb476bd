"""Schema versions: which revision a plan file carries, and bringing it up to date.

The revision check runs on every open and must stay cheap, so it reads the ``alembic_version``
table with plain SQL and compares it with ``REVISIONS``; Alembic itself (about 0.2 s to import)
is loaded only when a file is created or actually needs migrating.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, inspect, text

from cypp_desktop.errors import NewerPlanError, NotAPlanError, PlanFileError

# Every released schema revision, oldest first. A test checks this against the migration
# scripts, and tests/fixtures holds one plan file per revision to test upgrades from it.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]

# "CYPP" in the SQLite header (PRAGMA application_id): tools like `file` can name the format.
APPLICATION_ID = 0x43595050

_MIGRATIONS = Path(__file__).with_name("migrations")


class MigrationError(PlanFileError):
    pass


def current_revision(connection: Connection, where: str) -> str:
    """The plan's schema revision; NotAPlanError when the database holds no plan."""
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" not in tables or "plan" not in tables:
        if connection.dialect.name == "sqlite":
            raise NotAPlanError(f"{where} is an SQLite database but not a CYPP plan file.")
        raise NotAPlanError(
            f"{where} holds no CYPP plan; put one there with 'cypp-desktop copy PLAN.cypp URL'."
        )
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision is None:
        raise NotAPlanError(f"{where} is a damaged plan file: it records no schema revision.")
    return str(revision)


def needs_upgrade(revision: str, where: str) -> bool:
    if revision == HEAD:
        return False
    if revision not in REVISIONS:
        raise NewerPlanError(
            f"{where} was saved by a newer version of CYPP Desktop (schema {revision}); "
            f"this version reads schema {HEAD} and older. Please update CYPP Desktop."
        )
    return True


def migrate(connection: Connection, *, application_id: bool = False) -> None:
    """Bring the database to HEAD in one transaction, so a failure leaves it as it was.

    On SQLite, Alembic's batch mode alters a table by copying it and dropping the original;
    with foreign keys on, that drop would cascade and delete every row that refers to the
    table (an action's status history, say). So foreign keys are off while the migration
    runs, and every reference is checked before it commits.
    """
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.driver_connection if sqlite else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
    try:
        with connection.begin():
            if raw is not None and application_id:
                connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            upgrade(connection)
            if raw is not None:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise MigrationError(
                        f"The schema upgrade would leave {len(broken)} broken references "
                        f"(first in table {broken[0][0]}); nothing was changed."
                    )
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")


def upgrade(connection: Connection) -> None:
    """Run every migration the file lacks, inside the caller's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def new_revision(message: str, revision: str) -> None:
    """For developers: write a migration script for what the models have that HEAD lacks.

    ``python -c "from cypp_desktop.store.schema import new_revision; new_revision('...', '0002')"``
    Review the script it writes, then add ``revision`` to REVISIONS.
    """
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        upgrade(connection)
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=revision)
