"""Pure rules: no SQL, no HTTP, no terminal, no clock, no randomness.

Everything that depends on "now" takes the date as a parameter.
"""
