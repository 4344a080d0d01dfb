#!/usr/bin/env bash
# An upstream producer that is not Java: append events to a stream straight through Kafka with kcat and wait
# for the outcome on a reply topic.
#
#   examples/kcat/append-via-kafka.sh STREAM 'APPEND_JSON'
#
# The append goes to inventory.requests with key = the stream's name (required: one writer per stream), a
# correlation-id header and a reply-topic header naming a topic of the reply prefix (inventory.replies.*), which
# must exist: appends have no results topic, their outcome comes on the reply topic only (and the events on
# streams.events). The reply is read with isolation.level=read_committed, so only a committed decision is seen.
# kcat hashes keys with CRC32 unless told otherwise (see update-via-kafka.sh): -X partitioner=murmur2_random puts
# the append on its stream's partition, as Java producers do.
# Environment: KAFKA_BOOTSTRAP_SERVERS (localhost:9092), INVENTORY_TOPIC_REQUESTS, REPLY_TOPIC
# (inventory.replies.kcat), TIMEOUT_SECONDS (30). Exit status: 0 with the result JSON on stdout, 1 on timeout,
# 3 without kcat.
set -euo pipefail
BOOTSTRAP=${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}
REQUESTS=${INVENTORY_TOPIC_REQUESTS:-inventory.requests}
REPLIES=${REPLY_TOPIC:-inventory.replies.kcat}
TIMEOUT=${TIMEOUT_SECONDS:-30}
STREAM=${1:?usage: $0 STREAM APPEND_JSON}
APPEND=${2:?usage: $0 STREAM APPEND_JSON}
command -v kcat >/dev/null || { echo "kcat is not installed (Debian: apt-get install -y kcat)" >&2; exit 3; }

CORRELATION="kcat-$$-$(date +%s%N)"
printf '%s\n' "$APPEND" | kcat -P -b "$BOOTSTRAP" -t "$REQUESTS" -X partitioner=murmur2_random -k "$STREAM" \
  -H "correlation-id=$CORRELATION" -H "reply-topic=$REPLIES"

deadline=$((SECONDS + TIMEOUT))
while (( SECONDS < deadline )); do
  match=$(kcat -C -q -b "$BOOTSTRAP" -t "$REPLIES" -o beginning -e -X isolation.level=read_committed \
            -f '%h\t%s\n' 2>/dev/null | grep -F "correlation-id=$CORRELATION" | head -n 1 || true)
  if [[ -n "$match" ]]; then
    printf '%s\n' "${match#*$'\t'}"
    exit 0
  fi
  sleep 0.5
done
echo "no reply for correlation id $CORRELATION within ${TIMEOUT}s" >&2
exit 1
