"""The embedded Learning Record Store and the one funnel for learning events.

Use :func:`lms.xapi.funnel.record_event` for every learning event; see docs/XAPI.md.
"""
