"""The lookups +trace and +nssearch make after the first: same settings, new servers."""

from __future__ import annotations

import dns.message
import dns.name
import dns.rdatatype

from pydig.immutable import immutable, replace
from pydig.lookup.plan import build_query
from pydig.model.events import Exchange, Note
from pydig.model.exchange import Lookup, Server
from pydig.model.invocation import QuerySettings
from pydig.wire.cookies import CLIENT_COOKIE_SIZE, cookie_of, new_client_cookie
from pydig.wire.protocol import pick_query_id


def _client_cookie(query: dns.message.Message) -> bytes:
    """The client cookie the first query carries: dig sends the same one all the way."""
    sent = cookie_of(query)
    return new_client_cookie() if sent is None else sent[:CLIENT_COOKIE_SIZE]


def settings_of(lookup: Lookup) -> QuerySettings | None:
    """The settings planning kept in the lookup for the lookups it makes after the first."""
    settings = lookup.hop_settings
    return settings if isinstance(settings, QuerySettings) else None


@immutable
class HopPlanner:
    """Builds each further lookup from the one plan_lookup made for the command line."""

    first: Lookup
    settings: QuerySettings

    @classmethod
    def of(cls, lookup: Lookup) -> HopPlanner:
        """The planner of a lookup planned for +trace or +nssearch, from the settings
        planning kept in it for the lookups after the first."""
        settings = settings_of(lookup)
        assert settings is not None, "planned for +trace or +nssearch"
        return cls(lookup, settings)

    @property
    def qname(self) -> dns.name.Name:
        return self.first.query.question[0].name

    def _query(self, name: dns.name.Name, settings: QuerySettings) -> dns.message.Message:
        return build_query(
            name,
            settings,
            query_id=pick_query_id(settings.qid),
            client_cookie=_client_cookie(self.first.query),
        )

    def root(self) -> Lookup:
        """+trace's first lookup: the root's NS records, from the command line's servers."""
        settings = replace(self.settings, rdtype=dns.rdatatype.NS)
        return replace(self.first, query=self._query(dns.name.root, settings))

    def next(
        self,
        servers: tuple[Server, ...],
        rdtype: dns.rdatatype.RdataType | None = None,
        name: dns.name.Name | None = None,
        *,
        settings: QuerySettings | None = None,
    ) -> Lookup:
        """A lookup of the name (or `name`; as `rdtype`, else the type asked for) from
        `servers`, without recursion (dig clears RD on every lookup after the first)
        unless other `settings` say otherwise."""
        settings = settings or replace(self.settings, recurse=False)
        if rdtype is not None:
            settings = replace(settings, rdtype=rdtype)
        query = self._query(self.qname if name is None else name, settings)
        return replace(self.first, query=query, servers=servers, banner="")


def with_notes(exchange: Exchange, notes: list[str], *, stop: bool = False) -> Exchange:
    """The exchange with dig's lines after the reply; `stop` leaves out the statistics
    (dig's fatal() exits before printing them)."""
    return replace(
        exchange,
        events=(*exchange.events, *(Note(text) for text in notes)),
        cancelled=exchange.cancelled or stop,
    )


def answer_count(exchange: Exchange) -> int:
    """ANSWER as the header of the last reply states it (dig reads msg->counts)."""
    wire = exchange.replies[-1].wire
    return int.from_bytes(wire[6:8], "big")
