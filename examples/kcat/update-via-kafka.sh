#!/usr/bin/env bash
# An upstream producer that is not Java: write one update request straight to Kafka with kcat and
# wait for its outcome on the results topic.
#
#   examples/kcat/update-via-kafka.sh PRODUCT_ID 'REQUEST_JSON'
#
# The request goes to inventory.requests with key = productId (required: one writer per product) and
# a correlation-id header; the outcome is the record of inventory.results carrying the same header,
# read with isolation.level=read_committed so that only committed decisions are seen.
# A document request works the same way: key = the document's id, and INVENTORY_TOPIC_RESULTS=documents.results.
#
# -X partitioner=murmur2_random: kcat (librdkafka) hashes keys with CRC32 by default, Java producers and the
# gateway with murmur2, so the same productId would land on another partition. The processor forwards
# such a record to its key's partition (one more write, counted in forwarded-wrong-partition-total) and
# decides it there; producing with murmur2 puts it there in the first place.
# Environment: KAFKA_BOOTSTRAP_SERVERS (localhost:9092), INVENTORY_TOPIC_REQUESTS, INVENTORY_TOPIC_RESULTS,
# TIMEOUT_SECONDS (30). Exit status: 0 with the result JSON on stdout, 1 on timeout, 3 without kcat.
set -euo pipefail
BOOTSTRAP=${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}
REQUESTS=${INVENTORY_TOPIC_REQUESTS:-inventory.requests}
RESULTS=${INVENTORY_TOPIC_RESULTS:-inventory.results}
TIMEOUT=${TIMEOUT_SECONDS:-30}
PRODUCT=${1:?usage: $0 PRODUCT_ID REQUEST_JSON}
REQUEST=${2:?usage: $0 PRODUCT_ID REQUEST_JSON}
command -v kcat >/dev/null || { echo "kcat is not installed (Debian: apt-get install -y kcat)" >&2; exit 3; }

CORRELATION="kcat-$$-$(date +%s%N)"
printf '%s\n' "$REQUEST" | kcat -P -b "$BOOTSTRAP" -t "$REQUESTS" -X partitioner=murmur2_random -k "$PRODUCT" -H "correlation-id=$CORRELATION"

deadline=$((SECONDS + TIMEOUT))
while (( SECONDS < deadline )); do
  # -e: stop at the end of the topic; the header is printed first so the match is exact.
  match=$(kcat -C -q -b "$BOOTSTRAP" -t "$RESULTS" -o beginning -e -X isolation.level=read_committed \
            -f '%h\t%s\n' 2>/dev/null | grep -F "correlation-id=$CORRELATION" | head -n 1 || true)
  if [[ -n "$match" ]]; then
    printf '%s\n' "${match#*$'\t'}"
    exit 0
  fi
  sleep 0.5
done
echo "no result for correlation id $CORRELATION within ${TIMEOUT}s" >&2
exit 1
