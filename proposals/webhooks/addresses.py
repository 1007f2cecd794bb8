"""Where a webhook may point: an http(s) URL whose host is a public address.

A private, loopback, link-local, shared, reserved or multicast address is refused
(``WEBHOOK_ALLOW_PRIVATE_TARGETS`` lets them through for development and the test
suite). A name is resolved and every address it has must pass; delivery connects to
the address that passed, so a name cannot be re-pointed inside between check and use.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

SCHEMES = ("http", "https")


class RefusedAddress(Exception):
    """The URL may not be used; the message says why, in the active language."""


def _allow_private() -> bool:
    return bool(settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def parts_of(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of a URL a webhook may have; raises ``RefusedAddress`` otherwise."""
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError as error:
        raise RefusedAddress(_("Enter a valid URL.")) from error
    if split.scheme not in SCHEMES:
        raise RefusedAddress(_("Only http and https addresses can receive webhooks."))
    if not split.hostname:
        raise RefusedAddress(_("Enter a valid URL."))
    if split.username or split.password:
        raise RefusedAddress(_("Leave user names and passwords out of the URL; the signature authenticates us."))
    return split.scheme, split.hostname, port or (443 if split.scheme == "https" else 80)


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` has (a literal address is itself); raises ``RefusedAddress`` when it has none."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise RefusedAddress(_("The name %(host)s could not be resolved.") % {"host": host}) from error
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def checked(addresses: list[str], host: str) -> list[str]:
    """``addresses`` when each one may be reached; raises ``RefusedAddress`` naming the host otherwise."""
    if not _allow_private() and not all(_is_public(address) for address in addresses):
        raise RefusedAddress(
            _("%(host)s is a private, loopback or link-local address; webhooks only go to public addresses.")
            % {"host": host}
        )
    return addresses


def check_url(url: str) -> None:
    """Registration: the URL's form, a literal address, and what its name resolves to now.

    A name that does not resolve yet is accepted (the receiver may not be published yet); each
    delivery resolves it again and refuses it then.
    """
    _, host, port = parts_of(url)
    try:
        addresses = resolve(host, port)
    except RefusedAddress:
        if _literal(host) is not None:
            raise
        return
    checked(addresses, host)


def address_for_delivery(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and the one checked address to connect to, resolved now."""
    scheme, host, port = parts_of(url)
    return scheme, host, port, checked(resolve(host, port), host)[0]
