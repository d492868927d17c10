"""The server's TLS to PostgreSQL with a certificate from a private certificate authority, as docs/deployment.md
(section 2) tells an ICB to set it up. A throwaway PostgreSQL with ssl=on, a certificate for the name localhost
signed by a CA the test makes, and pg_hba.conf letting the role `surgery` in over TLS only. The server checks a
database's certificate against the system's trust store, /etc/ssl/certs/ca-certificates.crt, whatever the URL says;
the test never touches this machine's: `surgery migrate` runs in a mount namespace of its own (`unshare --mount
--map-root-user`, util-linux) with a bundle bind-mounted over that file, as `update-ca-certificates` would make it."""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import REPO

SCRIPT = REPO / "scripts" / "throwaway-postgres.sh"


def openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)


def private_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A CA, and a server certificate it signs for the name localhost alone: (ca.crt, server.crt, server.key)."""
    ca_key, ca, key, request, cert = (folder / n for n in ("ca.key", "ca.crt", "server.key", "server.csr", "server.crt"))
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Surgery test private CA",
            "-keyout", str(ca_key), "-out", str(ca))
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(request))
    (folder / "ext").write_text("subjectAltName=DNS:localhost\n")
    openssl("x509", "-req", "-in", str(request), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial", "-days", "1",
            "-extfile", str(folder / "ext"), "-out", str(cert))
    return ca, cert, key


def start_tls_postgres(folder: Path, cert: Path, key: Path) -> int:
    """A throwaway cluster with ssl=on and the role surgery allowed in over TLS alone; returns its port."""
    url = subprocess.run([str(SCRIPT), "start", str(folder / "pg")], check=True, capture_output=True, text=True,
                         timeout=120).stdout.strip()
    port = int(url.split("@127.0.0.1:")[1].split("/")[0])
    data = folder / "pg" / "data"
    for source, name in ((cert, "server.crt"), (key, "server.key")):
        shutil.copy(source, data / name)
        os.chmod(data / name, 0o600)
        if os.geteuid() == 0:
            shutil.chown(data / name, "postgres", "postgres")
    (data / "pg_hba.conf").write_text("local all all trust\nhostssl all all 127.0.0.1/32 trust\n"
                                      "host all postgres 127.0.0.1/32 trust\n")
    admin = f"postgres://postgres@127.0.0.1:{port}/postgres?sslmode=disable"
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", admin, "-c", "ALTER SYSTEM SET ssl = on",
                    "-c", "SELECT pg_reload_conf()"], check=True, capture_output=True, timeout=60)
    return port


def migrate(binary: Path, url: str, folder: Path, bundle: Path | None = None, hosts: Path | None = None,
            **extra: str):
    """`surgery migrate` on `url`; with `bundle` (and `hosts`) bind-mounted over the system's, in a namespace."""
    env = {**os.environ, "DATABASE_URL": url, "DATA_KEY": "A" * 43 + "=",
           "AUDIT_CHECKPOINT_PATH": str(folder / "checkpoints.log"), **extra}
    command = [str(binary), "migrate"]
    if bundle is not None:
        mounts = f"mount --bind {bundle} /etc/ssl/certs/ca-certificates.crt"
        if hosts is not None:
            mounts += f" && mount --bind {hosts} /etc/hosts"
        command = ["unshare", "--mount", "--map-root-user", "sh", "-c", f'{mounts} && exec "$0" "$@"', *command]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    return done.returncode, done.stdout + done.stderr


def test_a_database_certificate_from_a_private_ca_is_trusted_through_the_system_bundle(server, tmp_path):
    # the cluster's folder: one the postgres OS user can reach (pytest's own are private to this user)
    cluster = Path(tempfile.mkdtemp(prefix="surgery-tls-"))
    cluster.chmod(0o755)
    ca, cert, key = private_ca(tmp_path)
    bundle = tmp_path / "ca-certificates.crt"
    bundle.write_text(Path("/etc/ssl/certs/ca-certificates.crt").read_text() + ca.read_text())
    hosts = tmp_path / "hosts"
    hosts.write_text(Path("/etc/hosts").read_text() + "\n127.0.0.1 db.surgery.test\n")
    try:
        port = start_tls_postgres(cluster, cert, key)
        url = f"postgres://surgery@localhost:{port}/surgery_test"

        # setup: the CA is not in this machine's trust store, and neither the URL nor SSL_CERT_FILE can add it
        for query, extra in (("sslmode=verify-full", {}), ("sslmode=require", {}),
                             (f"sslmode=verify-full&sslrootcert={ca}", {}),
                             ("sslmode=verify-full", {"SSL_CERT_FILE": str(ca)})):
            status, output = migrate(server.binary, f"{url}?{query}", tmp_path, **extra)
            assert status != 0 and "CERTIFICATE_VERIFY_FAILED" in output, \
                f"{query} {extra}: exit {status}\n{output[-800:]}"

        # MUT: the CA appended to the system bundle, as update-ca-certificates does
        status, output = migrate(server.binary, f"{url}?sslmode=verify-full", tmp_path, bundle)

        # validate: migrated over TLS (pg_hba.conf lets surgery in over TLS alone)
        assert status == 0, f"verify-full with the CA in the system bundle: exit {status}\n{output[-800:]}"
        # the name is checked too: the same server by a name, or an address, the certificate does not hold is refused
        for host in ("db.surgery.test", "127.0.0.1"):
            status, output = migrate(server.binary, f"postgres://surgery@{host}:{port}/surgery_test?sslmode=verify-full",
                                     tmp_path, bundle, hosts)
            assert status != 0 and "ailedToValidateHostname" in output, \
                f"{host}, not in the certificate: exit {status}\n{output[-800:]}"
    finally:
        subprocess.run([str(SCRIPT), "stop", str(cluster / "pg")], capture_output=True, timeout=120)
        shutil.rmtree(cluster, ignore_errors=True)
