# Sourced by the benchmark scripts: a fresh MariaDB/MySQL database and the packaged server on it.
# Settings: BENCH_DB (lifecycle_bench), BENCH_DB_USER (root), BENCH_DB_PASSWORD, BENCH_PORT (8089),
# BENCH_SERVER_JAVA_OPTS; extra server environment as arguments to start_server (NAME=value ...).
DB=${BENCH_DB:-lifecycle_bench}
DB_USER=${BENCH_DB_USER:-root}
DB_PASSWORD=${BENCH_DB_PASSWORD:-}
PORT=${BENCH_PORT:-8089}
WORK=$(mktemp -d)
JDBC="jdbc:mysql://127.0.0.1:3306/$DB"

fresh_database() {
  [ -f target/lifecycle-engine.jar ] || ./mvnw -q -B package -DskipTests
  mysql -h127.0.0.1 -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} -e \
    "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
}

# starts the server in the background (SERVER holds its pid, stopped on exit) and waits until it is healthy
start_server() {
  env SPRING_PROFILES_ACTIVE=mysql MYSQL_URL="$JDBC" MYSQL_USER="$DB_USER" MYSQL_PASSWORD="$DB_PASSWORD" \
    LIFECYCLE_ADMIN_PASSWORD=bench-admin LIFECYCLE_INGEST_WRITE_KEY=bench-key LIFECYCLE_MESSAGING_LINK_SECRET=bench-link \
    PORT="$PORT" "$@" java ${BENCH_SERVER_JAVA_OPTS:-} -jar target/lifecycle-engine.jar > "$WORK/server.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 120); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
    sleep 1
  done
  echo "Server up on $PORT (log: $WORK/server.log)"
}

# what the benchmark classes need to reach the server and its database
bench_arguments() {
  echo -Dbench.url="http://127.0.0.1:$PORT" -Dbench.jdbc="$JDBC" -Dbench.jdbc.user="$DB_USER" \
    -Dbench.jdbc.password="$DB_PASSWORD" -Dbench.write-key=bench-key
}

# runs one benchmark class of the test sources against the server: run_bench CLASS [maven arguments]
run_bench() {
  # shellcheck disable=SC2046
  ./mvnw -q -B test-compile surefire:test -Dtest="$1" -Dsurefire.failIfNoSpecifiedTests=false $(bench_arguments) "${@:2}"
}
