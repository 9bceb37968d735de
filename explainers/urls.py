"""Public site URLs."""

urlpatterns = []
