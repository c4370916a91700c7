"""URLs of the notifications page (通知与待办), mounted at /notifications/."""

from django.urls import path

from liuhao.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list_view, name="notification-list"),
    path("<int:pk>/read/", views.notification_read, name="notification-read"),
    path("<int:pk>/open/", views.notification_open, name="notification-open"),
    path("read-all/", views.notification_read_all, name="notification-read-all"),
    path("badge/", views.notification_badge, name="notification-badge"),
]
