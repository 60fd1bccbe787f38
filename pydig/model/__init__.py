"""The records every stage shares: the Invocation, the planned Lookup, the Exchange, display
options and dig's rules."""
