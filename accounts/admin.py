"""The admin's view of access: the audit log (read-only for everyone), API
tokens (owners see and revoke theirs, chief editors everyone's) and the
chief editor's unlock and second-factor reset."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from accounts import services
from accounts.models import AccessEvent, APIToken
from newsroom.read_only_admin import ReadOnlyAdminMixin


class UnlockForm(forms.Form):
    username = forms.CharField(required=False, label="Account name")
    ip_address = forms.GenericIPAddressField(
        required=False, label="Client address", unpack_ipv4=True
    )
    reset_second_factor = forms.BooleanField(
        required=False,
        label="Also reset this account's second factor (lost phone): its "
        "sessions and tokens end, and the next sign-in sets up a new one",
    )


class IssueTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for.")
    read_only = forms.BooleanField(
        required=False, help_text="For partners and scripts that only read."
    )
    days = forms.IntegerField(min_value=1, help_text="Days until it expires.")


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "kind", "username", "ip_address", "actor", "detail")
    list_filter = ("kind",)
    search_fields = ("username", "ip_address", "detail")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = [f.name for f in AccessEvent._meta.fields]
    change_list_template = "admin/accounts/accessevent/change_list.html"

    # Everyone on staff reads the sign-ins and changes of their own account;
    # chief editors (the view permission) read everyone's.
    def _sees_all(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.view_accessevent")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self.has_module_permission(request):
            return False
        return obj is None or self._sees_all(request) or obj.user_id == request.user.pk

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccessEvent]:
        events = super().get_queryset(request)
        return events if self._sees_all(request) else events.filter(user=request.user)

    def get_urls(self):
        return [
            path(
                "unlock/",
                self.admin_site.admin_view(self.unlock_view),
                name="accounts_unlock",
            ),
            *super().get_urls(),
        ]

    def unlock_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("accounts.unlock_account"):
            raise PermissionDenied
        form = UnlockForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            actor = request.user
            assert isinstance(actor, User)
            username = form.cleaned_data["username"]
            try:
                cleared = services.account_unlock(
                    actor=actor,
                    username=username,
                    ip_address=form.cleaned_data["ip_address"] or "",
                    request=request,
                )
                if form.cleaned_data["reset_second_factor"]:
                    target = User.objects.filter(username=username).first()
                    if target is None:
                        raise ValidationError("No account with that name to reset.")
                    services.second_factor_reset(
                        user=target, actor=actor, request=request
                    )
                    messages.success(request, f"{username}'s second factor was reset.")
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, f"Unlocked ({cleared} lock record(s) cleared)."
                )
                return redirect(reverse("admin:accounts_accessevent_changelist"))
        return render(
            request,
            "admin/accounts/unlock.html",
            {
                **self.admin_site.each_context(request),
                "title": "Unlock an account or address",
                "form": form,
                "opts": self.model._meta,
            },
        )


@admin.register(APIToken)
class APITokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "read_only",
        "can_decide",
        "status",
        "created_at",
        "expires_at",
    )
    list_filter = ("read_only", "can_decide")
    search_fields = ("name", "user__username", "prefix")
    list_select_related = ("user",)
    readonly_fields = (
        "name",
        "user",
        "prefix",
        "read_only",
        "can_decide",
        "created_at",
        "expires_at",
        "revoked_at",
        "revoked_by",
    )
    exclude = ("digest",)
    actions = ["revoke"]
    change_list_template = "admin/accounts/apitoken/change_list.html"

    def get_urls(self):
        return [
            path(
                "issue/",
                self.admin_site.admin_view(self.issue_view),
                name="accounts_apitoken_issue",
            ),
            *super().get_urls(),
        ]

    def issue_view(self, request: HttpRequest) -> HttpResponse:
        """Issues the signed-in person a token and shows its key once."""
        if not self.has_module_permission(request):
            raise PermissionDenied
        user = request.user
        assert isinstance(user, User)
        longest = services.token_lifetime_days()
        form = IssueTokenForm(request.POST or None, initial={"days": longest})
        issued = None
        if request.method == "POST" and form.is_valid():
            try:
                issued = services.token_issue(
                    user=user, issued_by=user, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
        return render(
            request,
            "admin/accounts/apitoken/issue.html",
            {
                **self.admin_site.each_context(request),
                "title": "Issue yourself an API token",
                "form": form,
                "issued": issued,
                "opts": self.model._meta,
            },
        )

    def _sees_all(self, request: HttpRequest) -> bool:
        return services.can_manage_tokens_of_others(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self.has_module_permission(request):
            return False
        return obj is None or self._sees_all(request) or obj.user_id == request.user.pk

    def get_queryset(self, request: HttpRequest) -> QuerySet[APIToken]:
        tokens = super().get_queryset(request)
        return tokens if self._sees_all(request) else tokens.filter(user=request.user)

    # Offered to everyone who sees tokens: the service lets owners revoke
    # theirs and chief editors anyone's.
    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[APIToken]) -> None:
        actor = request.user
        assert isinstance(actor, User)
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(token_id=token.pk, actor=actor, request=request)
            count += 1
        messages.success(request, f"Revoked {count} token(s).")
