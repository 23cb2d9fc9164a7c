"""Use-case helpers behind the Coach facade, one module per concept (logbook, weekly, monthly…).

They take the Coach's reader/repository and return views; the Coach exposes one method per use case.
"""
