package dev.rnn.math;

/** Whether this JVM can run the Vector API kernels: it was started with {@code --add-modules jdk.incubator.vector}. */
public final class VectorApi {
    private static final String MODULE = "jdk.incubator.vector";
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule(MODULE).isPresent();

    private VectorApi() {
    }

    /** True when the module is in the boot layer; the vector classes are loaded only then. */
    public static boolean available() {
        return AVAILABLE;
    }
}
