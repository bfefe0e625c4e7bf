#!/usr/bin/env bash
# Three instances of the sample service on one Redis, sharing the mail pool's rate limit
# (the 'cluster' profile: 5 mails a second for the whole service, burst 5).
#
#   mvn -q -B -ntp package -pl sample-app -am -DskipTests
#   sample-app/cluster-demo.sh
#
# Uses the redis-server on the PATH, else the Linux or macOS binary inside the Maven artifact
# com.github.codemonstur:embedded-redis (what the tests use; fetched with mvn if needed).
# Without either: Debian/Ubuntu 'apt-get install redis-server', macOS 'brew install redis'.
# Environment: REDIS_PORT (6390), PORTS ("8081 8082 8083"), MAILS per instance and round (20),
# KEEP_LOGS=1 to keep the logs of Redis and the instances.
# Stops everything it started (by process id) when it ends, however it ends (demo-common.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
REDIS_PORT=${REDIS_PORT:-6390}
read -r -a PORTS <<< "${PORTS:-8081 8082 8083}"
MAILS=${MAILS:-20}
OPERATOR=operator:change-me
source sample-app/demo-common.sh

# The start times of the mails an instance sent, one 'HH:MM:SS' per line.
starts() {
    curl -s "localhost:$1/mail" | { grep -o '"sentAt":"[^"]*"' || true; } | cut -c22-29
}

# The rate limit an instance's pools endpoint shows for its mail pool.
mail_limit() {
    curl -s "localhost:$1/actuator/pools/mail" | grep -o '"rateLimit":{[^}]*}'
}

# Send MAILS mails to every instance at once, wait until they are all sent, and show the
# starts per second across the three instances.
round() {
    local before=() port total=0 accepted
    for port in "${PORTS[@]}"; do
        before+=("$(starts "$port" | wc -l)")
    done
    for port in "${PORTS[@]}"; do
        for i in $(seq 1 "$MAILS"); do
            curl -s -o /dev/null -w '%{http_code}\n' -X POST "localhost:$port/mail" \
                -H 'Content-Type: application/json' -d "{\"to\":\"user$i@example.com\"}"
        done > "$WORK/sent-$port" &
    done
    wait_jobs
    accepted=$(cat "$WORK"/sent-* | grep -c '^202$' || true)
    echo "accepted $accepted mails ($MAILS to each instance), sending..."
    wait_for "the mails to be sent" "[[ \$(sent_since ${before[*]}) -ge $accepted ]]"
    local index=0
    for port in "${PORTS[@]}"; do
        starts "$port" | tail -n +"$((before[index] + 1))" | sed "s/\$/ $port/"
        index=$((index + 1))
    done | sort | awk -v ports="${PORTS[*]}" '
        BEGIN { n = split(ports, p, " "); printf "second  "; for (i = 1; i <= n; i++) printf " %5s", p[i]; print "  total" }
        !($1 in total) { order[++m] = $1 }
        { count[$1, $2]++; total[$1]++; all++ }
        END {
            for (k = 1; k <= m; k++) {
                s = order[k]; printf "%s", s
                for (i = 1; i <= n; i++) printf " %5d", count[s, p[i]]
                printf "  %5d\n", total[s]
            }
            printf "%d mails started in %d seconds\n", all, m
        }'
}

# The mails sent by all instances since the counts given.
sent_since() {
    local index=0 sum=0 port
    for port in "${PORTS[@]}"; do
        sum=$((sum + $(starts "$port" | wc -l) - $1))
        shift
        index=$((index + 1))
    done
    echo "$sum"
}

wait_jobs() {
    local job
    for job in $(jobs -p); do
        if [[ " ${PIDS[*]} " != *" $job "* ]]; then
            wait "$job"
        fi
    done
}

start_redis

echo "== Three instances of the sample, profile 'cluster', ports ${PORTS[*]}"
for port in "${PORTS[@]}"; do
    start_instance "$port"
done
for port in "${PORTS[@]}"; do
    wait_until_ready "$port"
done
grep -h "Pool 'mail' started" "$WORK"/instance-"${PORTS[0]}".log | sed 's/.*INFO/INFO/'
echo "GET localhost:${PORTS[0]}/actuator/pools/mail -> $(mail_limit "${PORTS[0]}")"

echo
echo "== Round 1: the instances share 5 mails a second"
round

echo
echo "== POST localhost:${PORTS[0]}/actuator/pools/mail {\"permits\":15,\"burst\":15}"
curl -s -u "$OPERATOR" -X POST "localhost:${PORTS[0]}/actuator/pools/mail" -H 'Content-Type: application/json' \
    -d '{"permits":15,"burst":15}' | grep -o '"rateLimit":{[^}]*}'

echo
echo "== Round 2: every instance now starts under the new shared limit of 15 a second"
round
echo "GET localhost:${PORTS[2]}/actuator/pools/mail -> $(mail_limit "${PORTS[2]}")"
echo "GET localhost:${PORTS[2]}/actuator/health/pools -> $(curl -s "localhost:${PORTS[2]}/actuator/health/pools" \
    | grep -o '"rateLimitStore":{[^}]*}')"
