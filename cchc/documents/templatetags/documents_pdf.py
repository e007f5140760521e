"""``{% pdf_missing as missing %}``: what the server lacks to make PDFs (empty when nothing)."""

from django import template

from cchc.core import pdf

register = template.Library()


@register.simple_tag
def pdf_missing() -> str:
    return pdf.missing() or ""
