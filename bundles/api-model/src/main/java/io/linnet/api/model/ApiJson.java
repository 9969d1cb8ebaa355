package io.linnet.api.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The limits every mapper that reads a client's JSON applies, so hostile input fails as a parse
 * error (a 400) instead of a deep recursion or a huge allocation.
 */
public final class ApiJson {
    /** No Docker API body nests deeper than about ten levels; Jackson's own default is 1000. */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Strings are bounded by the body cap anyway; numbers longer than this are not numbers a client means. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private ApiJson() {
    }

    public static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build();
    }

    /** A plain mapper with the read limits. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper(JsonFactory.builder().streamReadConstraints(constraints()).build());
    }
}
