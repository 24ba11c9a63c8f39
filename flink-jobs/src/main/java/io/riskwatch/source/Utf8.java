package io.riskwatch.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Tells a record's bytes that are valid UTF-8 from those that are not (contract section 1: undecodable UTF-8 is
 * {@code malformed_json}, never silently replaced: {@code Y\xff1} and {@code Y\xfe1} would otherwise both read as
 * {@code Y\uFFFD1}, one client).
 */
public final class Utf8 {
    private Utf8() {}

    /**
     * Whether {@code text}, decoded from these bytes with the JDK's replacing decoder, is their true reading. Only
     * text holding U+FFFD is decoded again strictly, so the common case costs one scan.
     */
    public static boolean decodedExactly(String text, byte[] bytes, int offset, int length) {
        if (text.indexOf('\uFFFD') < 0) {
            return true;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return true; // a U+FFFD written in the input as EF BF BD
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
