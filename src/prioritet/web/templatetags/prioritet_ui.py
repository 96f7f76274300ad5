"""Template helpers for the Designsystemet-based UI."""

from __future__ import annotations

from django import template
from django.forms import BaseForm
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def has_field_errors(form: BaseForm) -> bool:
    """Whether any visible field has an error, so the form shows an error summary linking to it."""
    hidden = {field.name for field in form.hidden_fields()}
    return any(name not in (NON_FIELD_ERRORS, *hidden) for name in form.errors)


class ScrollRegionNode(template.Node):
    def __init__(self, label: template.base.FilterExpression, nodelist: template.NodeList) -> None:
        self.label = label
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        label = self.label.resolve(context)
        return format_html(
            '<div class="pri-table-wrap" role="region" tabindex="0" aria-label="{}" data-scroll-region>{}</div>',
            label,
            self.nodelist.render(context),  # the template's output, escaped as it rendered
        )


@register.tag
def scroll_region(parser: template.base.Parser, token: template.base.Token) -> ScrollRegionNode:
    """``{% scroll_region _("Label") %}<table>…</table>{% end_scroll_region %}``: a wide table's own
    scroll box, named and focusable, so a phone scrolls the table, not the page (WCAG 1.4.10), and a
    keyboard user can scroll it too (2.1.1). The one place the box's markup is written; app.js gives
    older ``.pri-table-wrap`` boxes the same name and focus where they overflow.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scroll_region takes one argument, the region's label")
    nodelist = parser.parse(("end_scroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(parser.compile_filter(bits[1]), nodelist)


@register.simple_tag
def lang_of(language: str) -> str:
    """`` lang="en"`` on a quoted text in another language than the page's — an English GRADE citation on
    a Norwegian page, a Norwegian source title on an English one — so a screen reader pronounces it
    right (WCAG 3.1.2); nothing where the languages agree. Use inside the quoting element's tag."""
    if not language or language == (get_language() or "").split("-")[0]:
        return ""
    return format_html(' lang="{}"', language)
