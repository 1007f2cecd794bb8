"""Find what a Content-Security-Policy without 'unsafe-inline' refuses in a page: inline script and style."""

from html.parser import HTMLParser

# A <script> of these types is a data block: the browser never runs it, and the CSP does not govern it
# (json_script writes the chart data of the initiative page this way).
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


class _InlineCodeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if tag == "script" and not values.get("src") and values.get("type", "").lower() not in DATA_BLOCK_TYPES:
            self.found.append(f"line {line}: <script> without src")
        if tag == "style":
            self.found.append(f"line {line}: <style> element")
        for name, value in values.items():
            if name == "style":
                self.found.append(f"line {line}: style attribute on <{tag}>")
            elif name.startswith("on"):
                self.found.append(f"line {line}: {name}= handler on <{tag}>")
            elif name in {"href", "src", "action", "formaction"} and value.strip().lower().startswith("javascript:"):
                self.found.append(f"line {line}: javascript: URL in {name} of <{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def inline_code(html: str) -> list[str]:
    """Every inline script, style element, style attribute, on*= handler and javascript: URL in ``html``."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found
