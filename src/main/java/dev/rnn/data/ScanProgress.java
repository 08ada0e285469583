package dev.rnn.data;

/** Hears how far a corpus scan has got, in bytes of its files, so that the command line can show it. */
public interface ScanProgress {

    /** Hears nothing. */
    ScanProgress NONE = new ScanProgress() {
        @Override
        public void begin(String pass, long totalBytes) {
        }

        @Override
        public void advance(long bytes) {
        }

        @Override
        public void end() {
        }
    };

    /** A pass over the files' {@code totalBytes} bytes begins; {@code pass} names it ("counting", "encoding"). */
    void begin(String pass, long totalBytes);

    /** {@code bytes} more bytes have been read. */
    void advance(long bytes);

    /** The pass has ended, or failed. */
    void end();
}
