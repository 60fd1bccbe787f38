"""The command line: argv and the rc file to an Invocation, and the parsers of option values."""
