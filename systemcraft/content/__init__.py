"""Built-in content (question bank, templates) lives here as package data."""
