"""``{% pdf_missing as missing %}``: what the server lacks to make PDFs (empty when nothing).
``{% pdf_offered kind obj as offered %}``: whether the page offers ``obj``'s document as PDF to this user."""

from django import template

from cchc.core import pdf
from cchc.documents import pdf_exports

register = template.Library()


@register.simple_tag
def pdf_missing() -> str:
    return pdf.missing() or ""


@register.simple_tag(takes_context=True)
def pdf_offered(context, kind: str, obj) -> bool:
    source = pdf_exports.source(kind)
    request = context.get("request")
    return bool(source and request is not None and pdf_exports.offered(source, obj, request.user))
