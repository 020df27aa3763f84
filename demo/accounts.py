"""The demo accounts (the README lists their passwords): one per role, and an administrator.

Only ``manage.py load_demo`` creates them; a production installation never gets them.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from programs.models import Organisation

# username, password, role, organisation short name, first name, last name
DEMO_ACCOUNTS = [
    ("koordynator", "koordynator-demo", roles.COORDINATOR, "MOPR", "Anna", "Koordynator"),
    ("realizator", "realizator-demo", roles.DATA_ENTRY, "PUP", "Jan", "Realizator"),
    ("dyrektor", "dyrektor-demo", roles.DEPARTMENT_HEAD, None, "Maria", "Dyrektor"),
    ("radny", "radny-demo", roles.COUNCIL_MEMBER, None, "Piotr", "Radny"),
]
ADMIN_ACCOUNT = ("admin", "admin-demo")


def ensure_groups() -> None:
    for name in roles.ROLE_LABELS:
        Group.objects.get_or_create(name=name)


@transaction.atomic
def create_demo_accounts() -> list[str]:
    """Create the demo accounts (README lists their passwords); existing ones are left alone."""
    ensure_groups()
    user_model = get_user_model()
    created = []
    for username, password, role, org_short_name, first, last in DEMO_ACCOUNTS:
        if user_model.objects.filter(username=username).exists():
            continue
        organisation = (
            Organisation.objects.get(short_name=org_short_name) if org_short_name else None
        )
        user = user_model.objects.create_user(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            email=f"{username}@example.bialystok.pl",
            organisation=organisation,
        )
        user.groups.add(Group.objects.get(name=role))
        created.append(username)
    username, password = ADMIN_ACCOUNT
    if not user_model.objects.filter(username=username).exists():
        user_model.objects.create_superuser(
            username=username, password=password, email="admin@example.bialystok.pl"
        )
        created.append(username)
    return created
