"""dig's +tls*, +https* and +http-plain* options (dig.c: plus_tls_options, case 'h').

Each takes a lookup's settings and returns them changed.  Like dig, a TLS or
HTTP option turns TCP on (or, for +notls*, off) unless +tcp or +vc was given.
HANDLERS are the parser's handlers of them: cli/parse.py loads this module when one of
them is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydig.errors import UsageError
from pydig.immutable import replace
from pydig.model.invocation import QuerySettings
from pydig.model.secure import DEFAULT_HTTP_PATH, is_valid_http_path

if TYPE_CHECKING:
    from pydig.cli.plus_state import Handler, PlusState

# The +tls-* options that need a value, and what dig says when it is missing.
_TLS_VALUE_NAMES = {
    "tls-certfile": "TLS certificate file",
    "tls-hostname": "TLS hostname",
    "tls-keyfile": "TLS private key file",
}


def _invalid(first_line: str, option: str) -> UsageError:
    return UsageError(f";; {first_line}\nInvalid option: +{option}", show_usage=True)


def tls_option(settings: QuerySettings, option: str, on: bool, value: str | None) -> QuerySettings:
    secure = settings.secure
    if option == "tls":
        secure = replace(secure, tls_mode=on)
    elif option == "tls-ca":
        secure = replace(secure, tls_ca_set=on)
        if on and value is not None:
            secure = replace(secure, tls_ca_file=value)
    else:
        if on and not value:
            raise _invalid(f"{_TLS_VALUE_NAMES[option]} is not specified", option)
        given = value if on else None
        if option == "tls-certfile":
            secure = replace(secure, tls_cert_file=given)
        elif option == "tls-hostname":
            secure = replace(secure, tls_hostname=given)
        else:
            secure = replace(secure, tls_key_file=given)
        # Any +tls-* option asks for the server's certificate to be verified (as kdig).
        if on:
            secure = replace(secure, tls_ca_set=True)
    tcp = settings.tcp if settings.tcp_set else on
    return replace(settings, secure=secure, tcp=tcp)


def http_option(settings: QuerySettings, option: str, on: bool, value: str | None) -> QuerySettings:
    secure = settings.secure
    if not on:
        # dig leaves TCP on, and the plain and GET choices as they were.
        return replace(settings, secure=replace(secure, https_mode=False))
    path = DEFAULT_HTTP_PATH if value is None else value
    if not is_valid_http_path(path):
        raise _invalid(f'The given HTTP path "{value}" is not a valid absolute path', option)
    secure = replace(
        secure,
        https_mode=True,
        https_path=path,
        # dig only ever sets these two, so "+http-plain +https" stays plain HTTP.
        http_plain=secure.http_plain or option.startswith("http-plain"),
        https_get=secure.https_get or option.endswith("-get"),
    )
    return replace(settings, secure=secure, tcp=settings.tcp if settings.tcp_set else True)


def _secure_option(option: str) -> Handler:
    """+tls*, +https*, +http-plain*: the transport settings, and TCP as dig sets it."""

    def handle(state: PlusState, on: bool, value: str | None) -> None:
        change = tls_option if option in _TLS_OPTIONS else http_option
        changed = change(state.current, option, on, value)
        state.update(secure=changed.secure, tcp=changed.tcp)

    return handle


_TLS_OPTIONS = ("tls", "tls-ca", "tls-certfile", "tls-hostname", "tls-keyfile")
_HTTP_OPTIONS = (
    "https",
    "https-get",
    "https-post",
    "http-plain",
    "http-plain-get",
    "http-plain-post",
)

HANDLERS: dict[str, Handler] = {
    option: _secure_option(option) for option in (*_TLS_OPTIONS, *_HTTP_OPTIONS)
}
