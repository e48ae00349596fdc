"""The core: program model, loading and validation, timeline, schedule, journal and packs.

Nothing here imports Qt or touches a sound device; a test enforces it.
"""
