"""``{% research_consent_card enrolment %}``: the research choice on the submission page.

The examinations app knows nothing of research; its submission page
includes this tag, which reads the candidate's current choice (one query)
and renders a small form posting to the research app.
"""

from django import template

from research.models import ResearchConsent

register = template.Library()


@register.inclusion_tag("research/_consent_card.html", takes_context=True)
def research_consent_card(context, enrolment):
    request = context["request"]
    consent = None
    if enrolment is not None:
        consent = ResearchConsent.objects.filter(enrolment=enrolment).first()
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "enrolment": enrolment,
        "given": bool(consent and consent.given),
    }
