from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.verify, name="second-factor"),
    path("set-up/", views.set_up, name="second-factor-set-up"),
    path("verify/", views.verify, name="second-factor-verify"),
]
