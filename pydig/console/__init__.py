"""The console: running every lookup of a command line, ordered output, progress, interrupts."""
