"""Resource records exactly as dig 9.18 prints them.

The column layout follows BIND's lib/dns/masterdump.c (rdataset_totext, question_totext and
indent()) with the column stops dig.c chooses for its display switches; the rdata text follows
the per-type totext functions in lib/dns/rdata/.  Every type is rendered from the record's
uncompressed wire form rather than from dnspython's text, because dnspython's presentation
differs from BIND's in many small ways (hex case, where base64 and hex are split, LOC, SVCB
key names, unknown-type fallbacks, ...).

The modules, from the bottom up: columns (where a line's fields start), mnemonics (type,
class and algorithm names), style (the display switches and the rdata text style they give),
wire_data (reading rdata field by field), fields (formats many types share), rdata_dnssec,
rdata_other, rdata_common and rdata (the per-type text: rdata writes an IN A record's
itself and loads rdata_common when it first meets any other record, rdata_common loads
rdata_other when it first meets a type its own tables lack, the types a plain lookup
seldom shows, and rdata_other loads rdata_dnssec for DNSSEC's and TSIG's, which it never
shows), lines (whole record and question lines).  Each is imported from where it is: this
package re-exports nothing, so `+short` (style and rdata) loads neither lines nor
mnemonics, and `+short` of addresses neither rdata_common, fields, wire_data nor columns.
"""
