"""Small template helpers shared by all apps."""

from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key``: a dict item, or None when missing."""
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None
