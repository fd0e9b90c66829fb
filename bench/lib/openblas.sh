# Sourced by the bench scripts: the Python references (numpy, scikit-learn, PyTorch) link Debian's
# libblas.so.3, which is the slow reference BLAS unless an optimised one is installed. Their
# measured setting uses OpenBLAS, so install it when missing and refuse to compare otherwise.
#
#   require_openblas PYTHON MODULE   (MODULE: numpy or torch, whose BLAS is checked)
require_openblas() {
  local py=$1 module=$2
  if ! dpkg -s libopenblas0-pthread >/dev/null 2>&1 || ! "$py" -c "import threadpoolctl" 2>/dev/null; then
    echo "installing libopenblas0-pthread (the references' BLAS)" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread python3-threadpoolctl >&2
  fi
  local blas
  blas=$("$py" -c "import $module; from threadpoolctl import threadpool_info as t
print(' '.join(x['internal_api'] for x in t() if x.get('user_api') == 'blas'))")
  if [[ " $blas " != *" openblas "* ]]; then
    echo "$module does not run on OpenBLAS here (BLAS: ${blas:-none}); the comparison would be unfair" >&2
    exit 1
  fi
}
