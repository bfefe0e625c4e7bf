#!/usr/bin/env bash
# Two instances of the sample service ship the orders of one Redis stream (the 'cluster' profile:
# binding poolworks.streams.orders into the 'orders' pool, 2 workers and 8 queued, claim-idle 5s),
# and one of them is killed with kill -9 while it holds orders: none is lost.
#
#   mvn -q -B -ntp package -pl sample-app -am -DskipTests
#   sample-app/stream-demo.sh
#
# Uses the redis-server on the PATH, else the Linux or macOS binary inside the Maven artifact
# com.github.codemonstur:embedded-redis (what the tests use; fetched with mvn if needed).
# Without either: Debian/Ubuntu 'apt-get install redis-server', macOS 'brew install redis'.
# Environment: REDIS_PORT (6391), PORTS ("8081 8082": the first is killed), ORDERS (200),
# KILL_AFTER seconds of shipping (2), KEEP_LOGS=1 to keep the logs of Redis and the instances.
# Stops everything it started (by process id) when it ends, however it ends (demo-common.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
REDIS_PORT=${REDIS_PORT:-6391}
read -r -a PORTS <<< "${PORTS:-8081 8082}"
ORDERS=${ORDERS:-200}
KILL_AFTER=${KILL_AFTER:-2}
source sample-app/demo-common.sh

VICTIM=${PORTS[0]}
SURVIVOR=${PORTS[1]}

# The values of the named fields of a JSON object, as "name":value; a field that is absent
# (Actuator leaves out nulls, such as the lag on Redis 6.2) is left out.
fields() {
    local json=$1 name field out=()
    shift
    for name in "$@"; do
        if field=$(grep -o "\"$name\":[^,}]*" <<< "$json"); then
            out+=("$field")
        fi
    done
    local IFS=,
    echo "${out[*]}"
}

orders() {
    curl -s "localhost:$1/orders"
}

binding() {
    curl -s "localhost:$1/actuator/streams/orders"
}

start_redis

echo "== Two instances of the sample, profile 'cluster', ports ${PORTS[*]}"
declare -A PID_OF
for port in "${PORTS[@]}"; do
    start_instance "$port"
    PID_OF[$port]=$INSTANCE_PID
done
for port in "${PORTS[@]}"; do
    wait_until_ready "$port"
done
grep -h "Stream binding 'orders'" "$WORK/instance-$VICTIM.log" | sed 's/.*INFO/INFO/'

echo
echo "== POST localhost:$VICTIM/orders {\"count\":$ORDERS}"
curl -s -X POST "localhost:$VICTIM/orders" -H 'Content-Type: application/json' -d "{\"count\":$ORDERS}"
echo
sleep "$KILL_AFTER"
echo
echo "== After ${KILL_AFTER}s, what each instance holds and has done:"
for port in "${PORTS[@]}"; do
    echo "GET localhost:$port/actuator/streams/orders -> $(fields "$(binding "$port")" consumer inFlight delivered acknowledged)"
done
echo "== kill -9 ${PID_OF[$VICTIM]} (the instance on port $VICTIM)"
kill -9 "${PID_OF[$VICTIM]}"
wait "${PID_OF[$VICTIM]}" 2>/dev/null || true

echo
echo "== The instance on port $SURVIVOR ships the rest, and takes over what $VICTIM held once it has been pending for claim-idle"
echo "time      $(printf '%-45s' 'GET localhost:'"$SURVIVOR"'/orders')  GET localhost:$SURVIVOR/actuator/streams/orders"
done=""
for _ in $(seq 1 120); do
    progress=$(orders "$SURVIVOR")
    state=$(binding "$SURVIVOR")
    echo "$(date +%H:%M:%S)  $(printf '%-45s' "$(fields "$progress" placed shipped skipped)")  $(fields "$state" pending claimed retried)"
    if [[ $(fields "$progress" shipped) == "\"shipped\":$ORDERS" && $(fields "$state" pending) == '"pending":0' ]]; then
        done=yes
        break
    fi
    sleep 1
done
if [[ -z $done ]]; then
    echo "Not every order was shipped within 120 s (KEEP_LOGS=1 keeps the logs)" >&2
    exit 1
fi

echo
echo "== Every order placed is shipped"
echo "GET localhost:$SURVIVOR/orders -> $(orders "$SURVIVOR")"
echo "GET localhost:$SURVIVOR/actuator/streams/orders -> $(fields "$(binding "$SURVIVOR")" pending lag inFlight delivered acknowledged claimed retried deadLettered)"
echo "GET localhost:$SURVIVOR/actuator/health/streams -> $(curl -s "localhost:$SURVIVOR/actuator/health/streams" | grep -o '"status":"[A-Z]*"' | tail -n 1)"
