package io.sitewatch.kafka;

/** Header names on dead-letter records. */
public final class DlqHeaders {
    /** The exception class that rejected the record. */
    public static final String ERROR_CLASS = "sitewatch.error.class";
    /** The reason, for people. */
    public static final String ERROR_MESSAGE = "sitewatch.error.message";
    /** Where the record came from: topic, partition, offset. */
    public static final String SOURCE_TOPIC = "sitewatch.source.topic";
    public static final String SOURCE_PARTITION = "sitewatch.source.partition";
    public static final String SOURCE_OFFSET = "sitewatch.source.offset";
    /** The service that dead-lettered it. */
    public static final String SERVICE = "sitewatch.service";

    private DlqHeaders() {
    }
}
