"""Bytes and messages: reading and judging replies, EDNS options, TSIG, cookies, names."""
