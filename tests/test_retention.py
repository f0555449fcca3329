"""Personal data is kept no longer than the privacy page says: login records
ACCESS_LOG_RETENTION_DAYS days, sessions until they expire."""

import io
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

pytestmark = pytest.mark.django_db


def record(model, days_ago):
    row = model.objects.create(
        username=f"participante-{days_ago}",
        ip_address="203.0.113.9",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/connexion/",
        **({"failures_since_start": 1} if model is AccessAttempt else {}),
    )
    model.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - timedelta(days=days_ago))
    return row.pk


def test_old_login_records_and_expired_sessions_are_deleted(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 90
    kept = {model: record(model, 89) for model in (AccessLog, AccessFailureLog, AccessAttempt)}
    for model in kept:
        record(model, 91)
    Session.objects.create(
        session_key="expiree", session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    Session.objects.create(
        session_key="valable", session_data="", expire_date=timezone.now() + timedelta(days=1)
    )
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    for model, pk in kept.items():
        assert list(model.objects.values_list("pk", flat=True)) == [pk], model
    assert list(Session.objects.values_list("session_key", flat=True)) == ["valable"]
    assert "3 trace(s) de connexion de plus de 90 jours supprimée(s)" in out.getvalue()


def test_the_privacy_page_states_the_durations(client, demo, settings):
    text = client.get("/donnees-personnelles/").content.decode()
    assert f"{settings.ACCESS_LOG_RETENTION_DAYS} jours" in text
    assert "deux semaines" in text
