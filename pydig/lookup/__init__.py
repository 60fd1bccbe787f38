"""Driving one lookup as dig does: planning, the search list, requeue, +trace and +nssearch."""
