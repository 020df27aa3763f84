from accounts import roles as role_helpers


def roles(request):
    """The user's roles, for the navigation of every page."""
    user = request.user
    return {
        "is_coordinator": role_helpers.is_coordinator(user),
        "is_department_head": role_helpers.is_department_head(user),
        "is_data_entry": role_helpers.is_data_entry(user),
        "is_council_member": role_helpers.is_council_member(user),
        "role_label": role_helpers.role_label(user),
    }
