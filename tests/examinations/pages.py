"""Reading pages the way a person does: labels, buttons, links and messages."""

from html.parser import HTMLParser

from django.contrib.messages import get_messages


class _Page(HTMLParser):
    """Collects labelled controls, button texts and link texts (visible text
    only: a visually-hidden span inside a button or link is left out)."""

    def __init__(self):
        super().__init__()
        self.labels: dict[str, str] = {}
        self.controls: dict[str, tuple[str, dict]] = {}
        self.buttons: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._label_for = None
        self._label_text: list[str] = []
        self._button: list[str] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self._label_for, self._label_text = attrs.get("for"), []
        elif tag in ("input", "textarea", "select") and attrs.get("id"):
            self.controls[attrs["id"]] = (tag, attrs)
        elif tag == "button":
            self._button = []
        elif tag == "a":
            self._link = (attrs.get("href") or "", [])
        if tag == "span" and "visually-hidden" in (attrs.get("class") or ""):
            self._hidden_depth += 1

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None
        elif tag == "button" and self._button is not None:
            self.buttons.append(" ".join("".join(self._button).split()))
            self._button = None
        elif tag == "a" and self._link is not None:
            href, text = self._link
            self.links.append((" ".join("".join(text).split()), href))
            self._link = None
        elif tag == "span" and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data):
        if self._label_for:
            self._label_text.append(data)
        if self._hidden_depth:
            return
        if self._button is not None:
            self._button.append(data)
        if self._link is not None:
            self._link[1].append(data)


def _parse(response_or_html) -> _Page:
    html = response_or_html
    if not isinstance(html, str):
        html = response_or_html.content.decode()
    page = _Page()
    page.feed(html)
    return page


def labelled_controls(response) -> dict[str, tuple[str, dict]]:
    """{label text: (tag, attributes)}; crispy's required asterisk is dropped."""
    page = _parse(response)
    return {
        text.rstrip("*").strip(): page.controls[for_id]
        for for_id, text in page.labels.items()
        if for_id in page.controls
    }


def buttons(response) -> list[str]:
    return _parse(response).buttons


def links(response) -> dict[str, str]:
    """{visible link text: href} (the last link wins when texts repeat)."""
    return dict(_parse(response).links)


def messages_of(response) -> list[str]:
    """The flash messages shown on (or queued for) this response."""
    context = getattr(response, "context", None)
    if context is not None and "messages" in context:
        return [str(m) for m in context["messages"]]
    return [str(m) for m in get_messages(response.wsgi_request)]
