# Sourced by ./mvnw and by bin/weft: makes JAVA_HOME point at a JDK whose feature version is >= 21.
# Order: JAVA_HOME if new enough, then `java` on PATH, then the usual install folders (newest first).
# A fresh machine of ours has JDK 17 on its PATH and Temurin 25 under /usr/lib/jvm.

weft_java_feature() { # $1 = path to a java binary; prints its feature version (17, 21, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

weft_find_jdk() {
  local minimum=21 candidate version home restore_noglob=
  case $- in *f*) restore_noglob=1; set +f ;; esac  # mvnw runs with `set -f`
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null)" \
      $(ls -d /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java /opt/*/bin/java \
              "$HOME"/.sdkman/candidates/java/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
              2>/dev/null | sort -t/ -k4 -V -r); do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    version=$(weft_java_feature "$candidate")
    if [ -n "$version" ] && [ "$version" -ge "$minimum" ]; then
      home=$(cd "$(dirname "$(readlink -f "$candidate")")/.." && pwd)
      [ -x "$home/bin/javac" ] || [ "${WEFT_NEED_JAVAC:-0}" = 0 ] || continue
      export JAVA_HOME="$home"
      [ -z "$restore_noglob" ] || set -f
      return 0
    fi
  done
  [ -z "$restore_noglob" ] || set -f
  echo "weft: no JDK ${minimum} or newer found (JAVA_HOME, PATH, /usr/lib/jvm). Install one or set JAVA_HOME." >&2
  return 1
}
