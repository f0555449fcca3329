"""One archive holds everything the site cannot rebuild: the database, the documents and the
images. Used by `manage.py backup_site` and `manage.py restore_site` (make backup / restore).

The database goes through PostgreSQL's own tools (pg_dump's custom format, pg_restore
--clean), or SQLite's backup API; files are copied as they are. A manifest lists every file
with its SHA-256, checked again on restore before anything is replaced.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from home import page_cache

MANIFEST = "manifest.json"
FOLDERS = {"documents": "PRIVATE_MEDIA_ROOT", "medias": "MEDIA_ROOT"}
# An archive holds password hashes, e-mail addresses and restricted files: the site's own
# account alone reads it, as it alone reads the private folder (documents.storage).
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def make_private(root):
    """Give a folder and everything in it to the site's own account alone."""
    root.chmod(PRIVATE_FOLDER_MODE)
    for folder, folders, files in os.walk(root):
        for name in folders:
            os.chmod(os.path.join(folder, name), PRIVATE_FOLDER_MODE)
        for name in files:
            os.chmod(os.path.join(folder, name), PRIVATE_FILE_MODE)


def _postgres_tool(name):
    """pg_dump or pg_restore: the newest installed, which reads older servers' dumps."""
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=_version)
    if candidates:
        return str(candidates[-1])
    found = shutil.which(name)
    if found is None:
        raise CommandError(f"{name} introuvable : installez le client PostgreSQL.")
    return found


def _version(path):
    try:
        return int(path.parent.parent.name)
    except ValueError:
        return 0


def _postgres_env_and_args():
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    args += ["-U", str(db.get("USER") or "postgres"), "-d", str(db["NAME"])]
    return env, args


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_database(folder):
    if connection.vendor == "postgresql":
        env, args = _postgres_env_and_args()
        target = folder / "base.dump"
        subprocess.run(
            [_postgres_tool("pg_dump"), "--format=custom", "--no-owner", "-f", str(target), *args],
            env=env,
            check=True,
            capture_output=True,
        )
        return target.name
    if connection.vendor == "sqlite":
        target = folder / "base.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return target.name
    raise CommandError(f"Base non prise en charge : {connection.vendor}.")


def create_backup(archive=None):
    """Write the archive; return its path and its manifest."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = Path(archive or Path(settings.VAR_DIR) / "sauvegardes" / f"deu-{stamp}.tar.gz")
    archive.parent.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="deu-sauvegarde-") as scratch:
        scratch = Path(scratch)
        manifest = {"created": stamp, "database": _dump_database(scratch), "files": {}}
        manifest["files"][manifest["database"]] = _sha256(scratch / manifest["database"])
        for name, setting in FOLDERS.items():
            root = Path(getattr(settings, setting))
            for path in sorted(root.rglob("*")) if root.exists() else []:
                if path.is_file():
                    manifest["files"][f"{name}/{path.relative_to(root)}"] = _sha256(path)
        (scratch / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial = archive.with_suffix(".partiel")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        os.fchmod(descriptor, PRIVATE_FILE_MODE)  # an older partial file kept its own mode
        with (
            os.fdopen(descriptor, "wb") as handle,
            tarfile.open(fileobj=handle, mode="w:gz") as tar,
        ):
            tar.add(scratch / MANIFEST, MANIFEST)
            tar.add(scratch / manifest["database"], manifest["database"])
            for name, setting in FOLDERS.items():
                root = Path(getattr(settings, setting))
                if root.exists():
                    tar.add(root, name)
        partial.replace(archive)  # never a half-written archive under the final name
    return archive, manifest


def restore_backup(archive):
    """Check the archive, then replace the database and both folders with its content."""
    archive = Path(archive)
    if not archive.is_file():
        raise CommandError(f"Archive introuvable : {archive}")
    with tempfile.TemporaryDirectory(prefix="deu-restauration-") as scratch:
        scratch = Path(scratch)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(scratch, filter="data")  # no absolute path, no « .. », no links out
        try:
            manifest = json.loads((scratch / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError("Archive illisible : pas de manifeste.") from error
        for name, digest in manifest["files"].items():
            path = scratch / name
            if not path.is_file() or _sha256(path) != digest:
                raise CommandError(f"Archive altérée : {name}. Rien n’a été remplacé.")
        _restore_database(scratch / manifest["database"])
        for name, setting in FOLDERS.items():
            root = Path(getattr(settings, setting))
            if root.exists():
                shutil.rmtree(root)
            source = scratch / name
            if source.exists():
                shutil.copytree(source, root)
            else:
                root.mkdir(parents=True)
            if setting == "PRIVATE_MEDIA_ROOT":
                make_private(root)
    # Pages cached before the restore may name what the archive restricts or removes.
    page_cache.invalidate()
    return manifest


def _restore_database(dump):
    if dump.suffix == ".dump":
        if connection.vendor != "postgresql":
            raise CommandError("Cette archive vient de PostgreSQL : restaurez-la sur PostgreSQL.")
        connection.close()
        env, args = _postgres_env_and_args()
        subprocess.run(
            [
                _postgres_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(dump),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    else:
        if connection.vendor != "sqlite":
            raise CommandError("Cette archive vient de SQLite : restaurez-la sur SQLite.")
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
