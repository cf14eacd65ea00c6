// The Python the torch tests run: Debian's python3-torch (.ci/setup installs it); the pyenv python3 that may come first
// on PATH has no torch. BENCHBOOK_TEST_PYTHON points elsewhere (a venv with CUDA torch, say).
export const TORCH_PYTHON = process.env.BENCHBOOK_TEST_PYTHON ?? "/usr/bin/python3";
