# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# The default java may be older (17 on some machines); a newer JDK beside it under /usr/lib/jvm is used instead.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

find_jdk21() {
  local candidate
  for candidate in "${JAVA_HOME:-}/bin/java" "$(command -v java 2>/dev/null)" /usr/lib/jvm/*/bin/java /opt/java/*/bin/java; do
    [ -x "$candidate" ] || continue
    [ -x "$(dirname "$candidate")/javac" ] || continue
    local major
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      (cd "$(dirname "$candidate")/.." && pwd -P)
      return 0
    fi
  done
  return 1
}

if ! SIFT_JDK=$(find_jdk21); then
  echo "Sift needs a JDK 21 or newer; none found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
  exit 1
fi
export JAVA_HOME="$SIFT_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
