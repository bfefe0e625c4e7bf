# Shared by cluster-demo.sh and stream-demo.sh (sourced, not run): the sample's jar, a Redis to
# run it on, waiting for things, and stopping everything a demo started (by process id) however
# it ends. Expects to run from the repository root with 'set -euo pipefail', and REDIS_PORT set.

JAR=sample-app/target/poolworks-sample-app-0.1.0-SNAPSHOT.jar
WORK=$(mktemp -d)
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ -z ${KEEP_LOGS:-} ]]; then
        rm -rf "$WORK"
    else
        echo "logs kept in $WORK"
    fi
}
trap cleanup EXIT

if [[ ! -f $JAR ]]; then
    echo "No $JAR: build it first with 'mvn -q -B -ntp package -pl sample-app -am -DskipTests'" >&2
    exit 1
fi

# The redis-server on the PATH, else the binary inside the Maven artifact embedded-redis.
redis_server() {
    if command -v redis-server > /dev/null; then
        command -v redis-server
        return
    fi
    local name
    case "$(uname -s)-$(uname -m)" in
        Linux-x86_64) name=redis-server-6.2.6-v5-linux-amd64 ;;
        Linux-aarch64) name=redis-server-6.2.7-linux-arm64 ;;
        Darwin-x86_64) name=redis-server-6.2.6-v5-darwin-amd64 ;;
        Darwin-arm64) name=redis-server-6.2.6-v5-darwin-arm64 ;;
        *)
            echo "No redis-server on the PATH and none in embedded-redis for $(uname -sm): install redis-server" >&2
            exit 1 ;;
    esac
    if ! mvn -q -B -ntp dependency:copy -Dartifact=com.github.codemonstur:embedded-redis:1.4.3 \
        -DoutputDirectory="$WORK" > "$WORK/mvn.log" 2>&1; then
        cat "$WORK/mvn.log" >&2
        exit 1
    fi
    (cd "$WORK" && unzip -q -o embedded-redis-1.4.3.jar "$name" && chmod +x "$name")
    echo "$WORK/$name"
}

ping_redis() {
    (exec 3<> "/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 && read -r -t 1 reply <&3 \
        && [[ $reply == +PONG* ]]) 2> /dev/null
}

wait_for() {
    local what=$1 check=$2
    for _ in $(seq 1 120); do
        if eval "$check"; then
            return
        fi
        sleep 0.5
    done
    echo "Gave up waiting for $what after 60 s (KEEP_LOGS=1 keeps the logs)" >&2
    exit 1
}

# Start a Redis without persistence on REDIS_PORT and wait until it answers.
start_redis() {
    local redis
    redis=$(redis_server)
    echo "== Redis on port $REDIS_PORT ($redis)"
    "$redis" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$WORK/redis.log" 2>&1 &
    PIDS+=($!)
    wait_for "Redis" ping_redis
}

# Start an instance of the sample, profile 'cluster', on the given port; its pid is in
# INSTANCE_PID afterwards.
start_instance() {
    local port=$1
    java -jar "$JAR" --spring.profiles.active=cluster --server.port="$port" \
        --spring.data.redis.port="$REDIS_PORT" > "$WORK/instance-$port.log" 2>&1 &
    INSTANCE_PID=$!
    PIDS+=("$INSTANCE_PID")
}

wait_until_ready() {
    wait_for "the instance on port $1" "curl -sf localhost:$1/actuator/health/readiness > /dev/null"
}
