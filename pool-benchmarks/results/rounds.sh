#!/bin/bash
# 3 rounds, alternating JDK 17 and JDK 25, each round the whole suite with one fork per combination.
cd "${1:-.}"  # where benchmarks.jar was copied; results land here
J25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
for r in 1 2 3; do
  for jdk in 17 25; do
    if [ $jdk = 17 ]; then J=java; else J=$J25; fi
    echo "round $r jdk $jdk start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> rounds.log
    $J -jar benchmarks.jar -f 1 -wi 3 -i 4 -w 1s -r 1s -rf json -rff r$r-jdk$jdk.json > r$r-jdk$jdk.txt 2>&1
    rc=$?
    echo "round $r jdk $jdk end $(date -u +%T) rc $rc load $(cut -d' ' -f1-3 /proc/loadavg)" >> rounds.log
  done
done
echo done >> rounds.log
