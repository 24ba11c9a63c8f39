package io.riskwatch.source.file;

import io.riskwatch.source.Utf8;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads physical lines of a JSON Lines file with their 1-based line numbers, without ever holding more than
 * {@code maxRecordBytes} of one line: a longer line is reported as oversized with only its first
 * {@value #OVERSIZED_RAW_BYTES} bytes kept. A line that is not valid UTF-8 keeps its bytes. A trailing
 * {@code \r} is dropped; a UTF-8 byte order mark at the start of the file is skipped.
 */
public final class JsonLinesReader implements Closeable {
    /** How much of an oversized record is kept as its dead letter's {@code raw}. */
    public static final int OVERSIZED_RAW_BYTES = 1024;

    /**
     * One physical line; {@code text} is null for blank lines.
     *
     * @param undecodable the line's bytes when they are not valid UTF-8 ({@code text} then has U+FFFD for each bad
     *     sequence), else null
     */
    public record Line(long number, String text, boolean oversized, long bytes, byte[] undecodable) {
        public Line(long number, String text, boolean oversized, long bytes) {
            this(number, text, oversized, bytes, null);
        }

        public boolean blank() {
            return text == null;
        }
    }

    private final InputStream in;
    private final int maxRecordBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[1024];
    private long lineNumber;
    private long bytesRead;
    private boolean eof;
    private boolean atStart = true;

    public JsonLinesReader(InputStream in, int maxRecordBytes) {
        this.in = in;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Bytes consumed so far (for progress). */
    public long bytesRead() {
        return bytesRead;
    }

    /** The next physical line, or null at the end of the file. */
    public Line next() throws IOException {
        if (eof) {
            return null;
        }
        int kept = 0;
        long total = 0;
        boolean whitespaceOnly = true;
        boolean sawAny = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    eof = true;
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
                bytesRead += chunkLen;
                if (atStart) {
                    atStart = false;
                    if (chunkLen >= 3
                            && (chunk[0] & 0xff) == 0xEF
                            && (chunk[1] & 0xff) == 0xBB
                            && (chunk[2] & 0xff) == 0xBF) {
                        chunkPos = 3;
                    }
                }
            }
            sawAny = true;
            byte b = chunk[chunkPos++];
            if (b == '\n') {
                break;
            }
            total++;
            if (b != ' ' && b != '\t' && b != '\r') {
                whitespaceOnly = false;
            }
            int limit = total > maxRecordBytes + 1 ? OVERSIZED_RAW_BYTES : maxRecordBytes + 1;
            if (kept < limit) {
                if (kept == line.length) {
                    line = Arrays.copyOf(line, Math.min(line.length * 2, maxRecordBytes + 2));
                }
                line[kept++] = b;
            }
        }
        lineNumber++;
        int length = kept;
        long bytes = total;
        if (length > 0 && line[length - 1] == '\r' && total <= maxRecordBytes + 1) {
            length--;
            bytes--;
        }
        if (whitespaceOnly) {
            return new Line(lineNumber, null, false, bytes);
        }
        if (bytes > maxRecordBytes) {
            int head = Math.min(length, OVERSIZED_RAW_BYTES);
            return new Line(lineNumber, new String(line, 0, head, StandardCharsets.UTF_8), true, bytes);
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        byte[] undecodable = Utf8.decodedExactly(text, line, 0, length) ? null : Arrays.copyOf(line, length);
        return new Line(lineNumber, text, false, bytes, undecodable);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
