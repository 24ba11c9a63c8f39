package io.riskwatch.model;

/** The dead-letter reasons of the contract, section 1. */
public final class Reasons {
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String DUPLICATE_EVENT = "duplicate_event";
    public static final String LATE_EVENT = "late_event";
    public static final String OVERSIZED = "oversized";
    public static final String IMPLAUSIBLE_TS = "implausible_ts";

    private Reasons() {}

    public static String missingField(String field) {
        return "missing_field:" + field;
    }

    public static String invalidValue(String field) {
        return "invalid_value:" + field;
    }
}
