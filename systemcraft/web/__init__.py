"""The local web coach: FastAPI routes over the same Coach facade the CLI uses."""
