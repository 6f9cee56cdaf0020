"""Models for entries (see DESIGN.md)."""
