# The Storefleet platform: one image for the web (gunicorn), the Celery worker and Celery beat.
#   docker build -t storefleet .
#   docker run -e SECRET_KEY=... -e DATABASE_URL=... -e REDIS_URL=... -p 8000:8000 storefleet
FROM python:3.11-slim

# /app stays read-only for the app user: runtime files (gunicorn's control socket, beat's
# schedule) go to /tmp, hence XDG_RUNTIME_DIR.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PROJECT_ROOT=/app \
    DJANGO_SETTINGS_MODULE=config.settings.base \
    XDG_RUNTIME_DIR=/tmp

WORKDIR /app

# The dependencies alone first: this layer is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the project itself, installed in place so that /app is the only copy of the code
# (settings find the templates through PROJECT_ROOT=/app).
COPY . .
RUN pip install --no-deps -e . \
    && DEBUG=0 SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --no-input -v 0 \
    && useradd --system --uid 10001 --user-group --no-create-home --home-dir /app storefleet

USER storefleet
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"

# WEB_CONCURRENCY sets the number of gunicorn workers (gunicorn reads it itself).
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
