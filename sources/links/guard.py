"""Keeps the link checker off loopback, private and other internal addresses.

Editors type source URLs, so a URL (or a redirect it answers with) could
point the checker at the newsroom's own network. The host is resolved here,
every address it resolves to is checked, and the connection goes to the
address that was checked: a DNS answer that changes between the check and
the connection (rebinding) cannot slip in. Every hop of a redirect chain
opens its connection through here, so each hop is checked too.
"""

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressPolicy = Callable[[IPAddress], bool]
Resolver = Callable[[str, int], Iterable[str]]


class AddressBlocked(Exception):
    """The checker refused to connect: the address is not a public one."""


def public_address(address: IPAddress) -> bool:
    """True for addresses on the public internet, False for every internal kind."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_loopback
    )


def any_address(address: IPAddress) -> bool:
    return True


def resolve(host: str, port: int) -> list[str]:
    """Returns every address ``host`` resolves to, in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for *_, sockaddr in infos:
        seen[str(sockaddr[0])] = None
    return list(seen)


def vetted_addresses(
    host: str,
    port: int,
    policy: AddressPolicy,
    resolver: Resolver = resolve,
) -> list[str]:
    """Returns the addresses to connect to, or raises ``AddressBlocked``.

    One internal address refuses the whole host: a name that resolves to
    both a public and a private address is not trusted with either.
    """
    try:
        addresses = list(resolver(host, port))
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"{host} does not resolve: {exc}") from exc
    for text in addresses:
        if not policy(ipaddress.ip_address(text.split("%", 1)[0])):
            raise AddressBlocked(f"{host} resolves to {text}, an internal address.")
    if not addresses:
        raise httpcore.ConnectError(f"{host} does not resolve.")
    return addresses


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to vetted addresses."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver = resolve) -> None:
        self.policy = policy
        self.resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = vetted_addresses(host, port, self.policy, self.resolver)
        failure: Exception | None = None
        for address in addresses:
            try:
                # TLS still checks the certificate against ``host``: httpcore
                # passes the URL's host name as the server name.
                return super().connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None
        raise failure


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport whose every connection passes the address guard.

    Never through a proxy (the environment's proxy settings are ignored): a
    proxy would resolve the host itself, out of the guard's sight.
    """

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        resolver: Resolver = resolve,
        max_connections: int = 100,
    ) -> None:
        super().__init__(trust_env=False)
        # httpx takes no network backend, so its pool is replaced by one
        # built the same way with the guarded backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            network_backend=GuardedBackend(policy, resolver),
        )
