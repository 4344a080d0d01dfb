package dev.versioned.gateway.kafka;

/**
 * Where the next page of a history starts: the next version to show, and the offset of the results
 * partition from which reading on finds it. Passing both back ({@code ?fromVersion=&fromOffset=}) costs the
 * next page only what it reads itself; {@code fromVersion} alone is also right, only slower (the scan starts
 * at the partition's beginning again).
 */
public record HistoryCursor(long fromVersion, long fromOffset) {}
