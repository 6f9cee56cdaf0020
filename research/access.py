"""Who may reach the enquiry (the access API of pbas_logbook/access.py, for
research).

Research pages are a role's area: people with the researcher flag; anyone
else signed in gets 403 (``@role_required(Role.RESEARCHER)``), coordinators
included (they grant the flag, they do not read the corpus). Inside, a
researcher reaches every project (researchers share projects and code
independently) and, in a project, only extracts of logbooks whose consent is
given *now* (research.selectors.corpus repeats that join in every query).
"""

from pbas_logbook.access import get_or_404, holds
from pbas_logbook.models import Role
from research.models import Extract, Project
from research.selectors import project_extracts


def projects_for(user):
    """Projects are shared by all researchers (each codes independently)."""
    if not holds(user, Role.RESEARCHER):
        return Project.objects.none()
    return Project.objects.select_related("created_by")


def get_project_for(user, public_id) -> Project:
    return get_or_404(projects_for(user), public_id=public_id)


def get_extract_in(project: Project, token) -> Extract:
    """An extract of the consenting corpus, as ``project`` sees it (with its
    pseudonym); a withdrawn logbook's extracts answer 404."""
    return get_or_404(project_extracts(project), token=token)
