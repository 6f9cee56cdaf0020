"""Small template helpers shared by all apps."""

from django import template

from library.markdown import plain_text as _plain_text

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key``: a dict item, or None when missing."""
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def plain_text(rendered_html):
    """``section.body_html|plain_text``: the stored HTML as plain text for an
    excerpt (``striptags`` alone leaves entities, which are then escaped twice)."""
    return _plain_text(rendered_html or "")
