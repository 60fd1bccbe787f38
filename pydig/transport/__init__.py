"""Sockets and the event loop: the state machine of one exchange (send.py) and the
engine that drives every lookup's machine at once (engine.py).

blocking.py's `send(lookup)` is the blocking form, for walks that ask one server after
another in calls of their own (the readable +trace, +validate).  Nothing is imported
here: a lookup the express lane ends never loads send.py's machine.
"""
