# Sourced by the bench scripts (from the repository root): builds what a benchmark runs, when it is
# missing or older than its sources.
#
#   ensure_jar            facerecon-cli/target/facerecon.jar, the jar ./facerecon runs (built from the
#                         same files the launcher checks)
#   core_bench_classpath  compiles facerecon-core's tests and JMH sources (AeBench, GemmBenchmark,
#                         ...) and prints the class path that runs them
FACERECON_JAR=facerecon-cli/target/facerecon.jar

ensure_jar() {
  if [ ! -f $FACERECON_JAR ] || [ -n "$(find pom.xml facerecon-core/pom.xml facerecon-cli/pom.xml facerecon-core/src/main \
      facerecon-cli/src/main -newer $FACERECON_JAR -print -quit)" ]; then
    echo "building $FACERECON_JAR" >&2
    ./mvnw -B -q package -pl facerecon-cli -am -DskipTests -Dmaven.javadoc.skip=true >&2
  fi
}

core_bench_classpath() {
  local t=facerecon-core/target
  if [ ! -f $t/cp.txt ] || [ -n "$(find facerecon-core/src facerecon-core/pom.xml -newer $t/cp.txt -print -quit)" ]; then
    echo "compiling facerecon-core's tests and benchmarks" >&2
    ./mvnw -B -q test-compile dependency:build-classpath -pl facerecon-core -Dmdep.outputFile="$PWD/$t/cp.txt" >&2
    touch $t/cp.txt
  fi
  echo "$t/test-classes:$t/classes:$(cat $t/cp.txt)"
}
