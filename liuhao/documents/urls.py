"""URLs of the report templates page (报告模板), mounted at /documents/."""

from django.urls import path

from liuhao.documents import views

app_name = "documents"
urlpatterns = [
    path("templates/", views.template_list, name="template-list"),
    path("templates/<str:kind>/", views.template_detail, name="template-detail"),
    path("templates/<str:kind>/default.docx", views.template_default, name="template-default"),
    path("templates/<str:kind>/revert/", views.template_revert_view, name="template-revert"),
    path("templates/<str:kind>/preview.docx", views.template_preview, name="template-preview"),
    path("versions/<int:pk>/download/", views.template_download, name="template-download"),
    path("versions/<int:pk>/activate/", views.template_activate_view, name="template-activate"),
]
