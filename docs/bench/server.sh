# Sourced by the benchmark scripts: a fresh MariaDB/MySQL database and the packaged server on it.
# Settings: BENCH_DB (lifecycle_bench), BENCH_DB_USER (root), BENCH_DB_PASSWORD, BENCH_PORT (8089),
# BENCH_SERVER_JAVA_OPTS, BENCH_INNODB_BUFFER_POOL (e.g. 8G: the database server's InnoDB buffer pool for
# the run, resized online and put back afterwards; unset leaves it as it is, 128 MiB on a stock MariaDB);
# extra server environment as arguments to start_server (NAME=value ...).
DB=${BENCH_DB:-lifecycle_bench}
DB_USER=${BENCH_DB_USER:-root}
DB_PASSWORD=${BENCH_DB_PASSWORD:-}
PORT=${BENCH_PORT:-8089}
WORK=$(mktemp -d)
JDBC="jdbc:mysql://127.0.0.1:3306/$DB"

SERVER=
POOL_BEFORE=
cleanup() {
  [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
  [ -z "$POOL_BEFORE" ] || sql -e "SET GLOBAL innodb_buffer_pool_size = $POOL_BEFORE" || true
}
trap cleanup EXIT

sql() {
  mysql -h127.0.0.1 -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} "$@"
}

fresh_database() {
  [ -f target/lifecycle-engine.jar ] || ./mvnw -q -B package -DskipTests
  sql -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  if [ -n "${BENCH_INNODB_BUFFER_POOL:-}" ] && [ -z "$POOL_BEFORE" ]; then
    POOL_BEFORE=$(sql -N -e "SELECT @@innodb_buffer_pool_size")
    bytes=$(numfmt --from=iec "$BENCH_INNODB_BUFFER_POOL")
    sql -e "SET GLOBAL innodb_buffer_pool_size = $bytes"
    # the resize runs in the background; wait until the server reports the new size
    until [ "$(sql -N -e "SELECT @@innodb_buffer_pool_size >= $bytes")" = 1 ]; do sleep 1; done
    echo "InnoDB buffer pool: $BENCH_INNODB_BUFFER_POOL (was $POOL_BEFORE bytes)"
  fi
}

# starts the server in the background (SERVER holds its pid, stopped on exit) and waits until it is healthy
start_server() {
  env SPRING_PROFILES_ACTIVE=mysql MYSQL_URL="$JDBC" MYSQL_USER="$DB_USER" MYSQL_PASSWORD="$DB_PASSWORD" \
    LIFECYCLE_ADMIN_PASSWORD=bench-admin LIFECYCLE_INGEST_WRITE_KEY=bench-key LIFECYCLE_MESSAGING_LINK_SECRET=bench-link \
    PORT="$PORT" "$@" java ${BENCH_SERVER_JAVA_OPTS:-} -jar target/lifecycle-engine.jar > "$WORK/server.log" 2>&1 &
  SERVER=$!
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
