package io.riskwatch.source.file;

/**
 * Lets an in-process caller see the job at the end of its input: when installed, the replay source calls it
 * once, from its reader thread, after the last record and before it reports the end of input (which would
 * release every timer and drop the keyed state). {@code bench} uses it to measure the heap the state takes
 * while it is all still there. Nothing is installed in a normal run; it only reaches readers in the same JVM
 * (the embedded MiniCluster).
 */
public final class EndOfInputHold {
    private static volatile Runnable hold;

    private EndOfInputHold() {}

    /** Runs {@code atEnd} (which may block) when the next replay source reaches its end; null uninstalls. */
    public static void install(Runnable atEnd) {
        hold = atEnd;
    }

    static void reached() {
        Runnable h = hold;
        if (h != null) {
            hold = null;
            h.run();
        }
    }
}
