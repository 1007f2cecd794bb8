"""The container deployment (deploy/): what an operator gets from `docker compose up` without a Docker engine here.

The compose file is checked against the Compose Specification's JSON schema (vendored under compose_spec/),
by `nginx -t` and by nginx itself in front of gunicorn, and by `docker compose config` where the compose plugin
is installed (Debian has none for this machine's Docker client). The rest reads the files as an
operator would rely on them: one beat, web and workers that scale, only variables the site reads, the proxy's
body limit equal to the site's, and an image that runs as a user of its own with no secret baked in.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from proposals.exports.import_sheets import MAX_FILE_SIZE
from tests.ops.processes import Deployment, Server, call, free_port, production_env

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
NGINX = DEPLOY / "nginx.conf"
DOCKERFILE = DEPLOY / "Dockerfile"
SCHEMA = Path(__file__).resolve().parent / "compose_spec" / "compose-spec.json"
# The services that run the site's image with deploy/.env as their environment.
SITE_SERVICES = {"migrate", "web", "worker", "beat"}


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def services() -> dict[str, dict[str, Any]]:
    return compose()["services"]


def command_of(service: dict[str, Any]) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def variables_the_site_reads() -> set[str]:
    """Every environment variable named in the settings, the other tracker modules, gunicorn.conf.py and manage.py."""
    sources = [*sorted((ROOT / "tracker").glob("*.py")), ROOT / "gunicorn.conf.py", ROOT / "manage.py"]
    pattern = re.compile(
        r"""(?:\benv(?:\.\w+)?\(|os\.environ\.(?:get|setdefault)\(|os\.environ\[)\s*["']([A-Z][A-Z0-9_]*)["']"""
    )
    return {name for path in sources for name in pattern.findall(path.read_text())}


def variables_compose_interpolates() -> set[str]:
    return set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", COMPOSE.read_text()))


def env_example_names() -> set[str]:
    """Every NAME=value of .env.example, the commented-out ones too: each is an offer to the operator."""
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M))


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments left out."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def nginx_size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmM]?)", value).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def nginx_directives(text: str) -> str:
    """The configuration without its comments (the commented-out TLS server included)."""
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


# The compose file --------------------------------------------------------------------------------------------


def test_compose_file_follows_the_compose_specification():
    schema = json.loads(SCHEMA.read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(compose()), key=str)
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors)


def test_exactly_one_beat_runs():
    beats = {
        name: service for name, service in services().items() if re.search(r"\bcelery\b.*\bbeat\b", command_of(service))
    }
    assert list(beats) == ["beat"]
    beat = beats["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert "scale" not in beat


def test_beat_keeps_its_schedule_on_a_volume():
    beat = services()["beat"]
    schedule = re.search(r"--schedule\s+(\S+)", command_of(beat))
    assert schedule, "beat is not given a schedule file"
    mounts = [volume.split(":") for volume in beat["volumes"]]
    assert any(
        source in compose()["volumes"] and schedule[1].startswith(target.rstrip("/") + "/")
        for source, target, *_ in mounts
    )


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_scale_without_fixed_names_or_host_ports(name):
    service = services()[name]
    assert "container_name" not in service
    assert "ports" not in service
    assert service.get("deploy", {}).get("replicas", 1) == 1  # the number comes from --scale


def test_only_the_proxy_publishes_ports():
    assert [name for name, service in services().items() if service.get("ports")] == ["proxy"]


def test_site_services_run_the_one_image_with_the_deployments_environment():
    site = {name: service for name, service in services().items() if name in SITE_SERVICES}
    assert set(site) == SITE_SERVICES
    for name, service in site.items():
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}, name
        assert service["env_file"] == ".env", name
    assert len({service["image"] for service in site.values()}) == 1


def test_the_site_waits_for_the_database_and_the_migrations():
    for name in ("web", "worker", "beat"):
        depends_on = services()[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert depends_on["db"]["condition"] == "service_healthy", name
    assert services()["migrate"]["restart"] == "no"
    assert "migrate" in command_of(services()["migrate"])


def test_database_and_broker_are_out_of_the_proxys_reach():
    networks = {name: set(service.get("networks", [])) for name, service in services().items()}
    assert networks["proxy"] & networks["db"] == set()
    assert networks["proxy"] & networks["redis"] == set()
    assert networks["proxy"] & networks["web"]


# The environment ---------------------------------------------------------------------------------------------


def test_every_variable_of_the_env_example_is_read_by_the_site_or_by_compose():
    unknown = env_example_names() - variables_the_site_reads() - variables_compose_interpolates()
    assert not unknown, f"named in deploy/.env.example but read by nothing: {sorted(unknown)}"


def test_every_variable_compose_interpolates_is_offered_in_the_env_example():
    assert variables_compose_interpolates() <= env_example_names()


def test_variables_set_in_the_compose_file_for_the_site_are_read_by_the_site():
    named = {
        variable
        for name, service in services().items()
        if name in SITE_SERVICES
        for variable in (service.get("environment") or {})
    }
    assert named <= variables_the_site_reads()


def test_env_example_names_what_production_needs():
    required = {
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SITE_URL",
        "EMAIL_URL",
        "TRUSTED_PROXY_COUNT",
        "LOG_FORMAT",
        "SENTRY_DSN",
    }
    assert required <= env_example_names()
    assert required <= variables_the_site_reads()
    assert re.search(r"^SECRET_KEY=$", ENV_EXAMPLE.read_text(), re.M), "the example must not carry a usable key"
    assert re.search(r"^TRUSTED_PROXY_COUNT=1$", ENV_EXAMPLE.read_text(), re.M)


def test_the_deployments_env_file_stays_out_of_git_and_the_image():
    assert ".env" in (DEPLOY / ".gitignore").read_text().split()
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "var", "**/.env"} <= set(ignored)


# The proxy ---------------------------------------------------------------------------------------------------


def test_proxy_body_limit_is_the_sites_limit():
    config = nginx_directives(NGINX.read_text())
    http_level = re.search(r"^    client_max_body_size\s+(\w+);", config, re.M)
    assert http_level, "no client_max_body_size for the whole site"
    assert nginx_size(http_level[1]) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024


def test_proxy_lets_the_milestone_import_take_its_spreadsheet():
    config = nginx_directives(NGINX.read_text())
    location = re.search(r"location = (\S+) \{\s*client_max_body_size\s+(\w+);", config)
    assert location, "no location for the milestone import"
    assert location[1] == reverse("proposals:milestone-import")
    assert nginx_size(location[2]) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE + MAX_FILE_SIZE


def test_proxy_passes_the_client_and_scheme_to_the_web_service_by_name():
    config = nginx_directives(NGINX.read_text())
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in config
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in config
    assert "proxy_set_header Host $host;" in config
    assert "server_tokens off;" in config
    # Through a variable and Docker's DNS, so every replica of a scaled web service is found.
    assert "set $web http://web:8000;" in config
    assert re.search(r"^\s*resolver 127\.0\.0\.11\b", config, re.M)
    assert "8000" in services()["web"]["expose"]


def test_proxy_mounts_this_configuration():
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in services()["proxy"]["volumes"]


# The image ---------------------------------------------------------------------------------------------------


def test_image_runs_as_a_user_of_its_own():
    users = [arguments for instruction, arguments in dockerfile_instructions() if instruction == "USER"]
    assert users, "no USER: the container would run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_image_has_a_health_check_on_healthz():
    checks = [arguments for instruction, arguments in dockerfile_instructions() if instruction == "HEALTHCHECK"]
    assert len(checks) == 1
    assert "/healthz" in checks[0]
    assert "curl" not in checks[0]  # not in the slim image


def test_image_gathers_static_files_and_compiles_catalogues_at_build():
    runs = [arguments for instruction, arguments in dockerfile_instructions() if instruction == "RUN"]
    assert any("collectstatic" in run for run in runs)
    assert any("compilemessages" in run for run in runs)
    assert any("-r /tmp/requirements.txt" in run for run in runs)
    assert not any("requirements-dev" in arguments for _, arguments in dockerfile_instructions())


def test_image_bakes_in_no_secret_key():
    for instruction, arguments in dockerfile_instructions():
        if instruction in {"ENV", "ARG", "LABEL"}:
            assert "SECRET_KEY" not in arguments, f"{instruction} {arguments}"


def test_image_serves_on_port_8000_with_gunicorn_conf():
    instructions = dict(dockerfile_instructions())
    assert instructions["EXPOSE"] == "8000"
    command = json.loads(instructions["CMD"])
    assert command[0] == "gunicorn" and "gunicorn.conf.py" in command
    assert command[command.index("--bind") + 1] == "0.0.0.0:8000"
    assert instructions["FROM"].startswith("python:3.11-slim")


# Validators, where installed ---------------------------------------------------------------------------------


def docker_compose() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


@pytest.mark.slow
def test_docker_compose_accepts_the_file(tmp_path):
    command = docker_compose()
    if command is None:
        pytest.skip("the docker compose plugin is not installed")
    for path in (COMPOSE, NGINX):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / ".env").write_text(ENV_EXAMPLE.read_text().replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=x\n"))
    for profile in ([], ["--profile", "rabbitmq"]):
        result = subprocess.run(
            [*command, "-f", str(tmp_path / COMPOSE.name), *profile, "config", "--quiet"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_nginx_accepts_the_proxy_configuration(tmp_path):
    result = subprocess.run(
        ["nginx", "-t", "-q", "-c", str(NGINX), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def proxied_site(tmp_path, db) -> Iterator[tuple[Deployment, Server]]:
    """deploy/nginx.conf in front of one gunicorn under production settings, both on loopback.

    The configuration is the deployment's, with the three things Docker provides replaced: the web service's
    name becomes the gunicorn's address, port 80 a free loopback port, and the log and pid files go to tmp_path.
    """
    deployment = Deployment(tmp_path, {**production_env(tmp_path), "SECURE_SSL_REDIRECT": "true"})
    try:
        web = deployment.web()
        port = free_port()
        config = NGINX.read_text()
        replacements = {
            "set $web http://web:8000;": f"set $web http://127.0.0.1:{web.port};",
            "listen 80 default_server;": f"listen 127.0.0.1:{port} default_server;",
            "pid /tmp/nginx.pid;": f"pid {tmp_path}/nginx.pid;",
            "/var/log/nginx/": f"{tmp_path}/",
        }
        for old, new in replacements.items():
            assert old in config, old
            config = config.replace(old, new)
        (tmp_path / "nginx.conf").write_text(config)
        proxy = deployment.start(
            "nginx",
            ["nginx", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log"), "-g", "daemon off;"],
        )
        deployment.wait_until_serving(web)
        front = Server(port=port, log=proxy.log)
        deployment.wait_for(lambda: answers(front), "nginx to answer", 30)
        yield deployment, front
    finally:
        deployment.stop_all()


def answers(server: Server) -> bool:
    try:
        return call(server, "GET", "/healthz", timeout=2).status == 200
    except OSError:
        return False


def plain_request(server: Server, method: str, path: str, body: bytes = b"") -> http.client.HTTPResponse:
    """A request as a browser sends it to the proxy: plain HTTP, no forwarding headers of its own."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Host": "127.0.0.1", "Content-Type": "application/json"}
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@pytest.mark.slow
def test_proxy_in_front_of_gunicorn_sends_plain_http_to_https_and_hides_versions(proxied_site):
    _, proxy = proxied_site
    redirected = plain_request(proxy, "GET", "/accounts/login/")
    # X-Forwarded-Proto: http reached the site, which sends the visitor to HTTPS.
    assert redirected.status == 301
    assert redirected.getheader("Location") == "https://127.0.0.1/accounts/login/"
    assert redirected.getheader("Server") == "nginx"
    # The probe stays on plain HTTP.
    assert plain_request(proxy, "GET", "/healthz").status == 200


@pytest.mark.slow
def test_proxy_refuses_a_body_over_the_sites_limit_and_passes_one_at_it(proxied_site):
    _, proxy = proxied_site
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert plain_request(proxy, "POST", "/api/v1/me/", b"x" * (limit + 1)).status == 413
    # At the limit the body reaches the site (which redirects plain HTTP before reading it).
    assert plain_request(proxy, "POST", "/api/v1/me/", b"x" * limit).status == 301
