"""Models for examinations (see DESIGN.md)."""
