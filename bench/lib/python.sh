# Sourced by the bench scripts: installs, with the package manager, the Debian packages of the
# Python modules the reference side needs when the interpreter cannot import them.
#
#   require_python PYTHON MODULE:PACKAGE ...   (e.g. sklearn:python3-sklearn torch:python3-torch)
require_python() {
  local py=$1 pair missing=()
  shift
  for pair in "$@"; do
    "$py" -c "import ${pair%%:*}" 2>/dev/null || missing+=("${pair#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}
