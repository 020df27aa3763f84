from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User

# Django stores the default permissions' names in English ("Can add indicator") when it
# migrates; the administration shows them in Polish instead, from the model's own name.
DEFAULT_PERMISSION_LABELS = {
    "add": _("can add: %(model)s"),
    "change": _("can change: %(model)s"),
    "delete": _("can delete: %(model)s"),
    "view": _("can view: %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """ "Wskaźniki i wartości | może dodawać: wskaźnik" for a permission of the select boxes."""
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:  # a model removed since: as Django writes it
        return str(permission)
    action, _underscore, model_name = permission.codename.partition("_")
    label = DEFAULT_PERMISSION_LABELS.get(action)
    if label is not None and model_name == model._meta.model_name:
        name = label % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{apps.get_app_config(content_type.app_label).verbose_name} | {name}"


class PolishPermissionsMixin:
    """The permission select boxes of the user and group pages with Polish labels."""

    permission_fields = ()

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in self.permission_fields and field is not None:
            field.label_from_instance = permission_label
        return field


@admin.register(User)
class UserAdmin(PolishPermissionsMixin, BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Organisation"), {"fields": ("organisation",)}))
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("groups", "organisation", "is_active")
    autocomplete_fields = ("organisation",)
    permission_fields = ("user_permissions",)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PolishPermissionsMixin, BaseGroupAdmin):
    permission_fields = ("permissions",)
