"""Models for mentors (see DESIGN.md)."""
