package io.riskwatch.sink.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Sink V2 that writes one line per record into {@code <dir>/<prefix>-<subtask>.jsonl} on the local file
 * system. Used by file replay, where the command merges and sorts the parts when the job has finished
 * (see {@code JsonLinesFiles}); each part is rewritten from the start when its writer opens.
 *
 * <pre>{@code
 * alerts.map(AlertJson::toJson).sinkTo(new JsonLinesFileSink(Path.of("target/out"), "alerts"));
 * }</pre>
 */
public final class JsonLinesFileSink implements Sink<String> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final String prefix;

    public JsonLinesFileSink(Path dir, String prefix) {
        if (prefix == null || prefix.isBlank() || prefix.contains("/")) {
            throw new IllegalArgumentException("prefix must be a plain file name part, got: " + prefix);
        }
        this.dir = dir.toAbsolutePath().toString();
        this.prefix = prefix;
    }

    /** The part file a given subtask writes. */
    public static Path partFile(Path dir, String prefix, int subtask) {
        return dir.resolve(prefix + "-" + subtask + ".jsonl");
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        Path directory = Paths.get(dir);
        Files.createDirectories(directory);
        Path file = partFile(directory, prefix, context.getTaskInfo().getIndexOfThisSubtask());
        return new Writer(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    private static final class Writer implements SinkWriter<String> {
        private final BufferedWriter out;

        Writer(BufferedWriter out) {
            this.out = out;
        }

        @Override
        public void write(String line, Context context) throws IOException {
            out.write(line);
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
