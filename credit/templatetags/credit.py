from django import template

from credit.selectors import subject_history as subject_history_select

register = template.Library()


@register.inclusion_tag("credit/subject_history.html")
def subject_history(case):
    """The case's subjects with their other reports and credit records (for the case page)."""
    return {"histories": subject_history_select(case=case)}
