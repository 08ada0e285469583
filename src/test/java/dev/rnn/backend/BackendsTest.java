package dev.rnn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.kernels.FallbackProbe;
import dev.rnn.math.VectorApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The factory picks the vector kernels when the module is present (the tests run with it), and a
 * JVM started without the module still runs: it gets the plain-Java kernels and scalar
 * activations with the same bits as the vector ones.
 */
class BackendsTest {

    @Test
    void withTheModuleTheVectorKernelsAreChosen() {
        assertTrue(VectorApi.available(), "the tests run with --add-modules jdk.incubator.vector");
        try (Backend one = Backends.best(1); Backend two = Backends.best(2)) {
            assertEquals("vector", one.name());
            assertEquals(Backends.cores() >= 2 ? "vector x2" : "vector", two.name());
        }
        assertThrows(IllegalArgumentException.class, () -> Backends.best(0));
    }

    @Test
    void moreThreadsThanCoresGetTheCores() {
        try (Backend many = Backends.best(1000)) {
            int cores = Backends.cores();
            assertEquals(cores == 1 ? "vector" : "vector x" + cores, many.name());
            assertEquals(cores, many.parallel().threads());
        }
    }

    @Test
    void withoutTheModuleTheJarFallsBackToPlainJava() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("vector=false"), out);
        assertTrue(out.contains(Backends.cores() >= 2 ? "best=plain x2" : "best=plain"), out);
        assertTrue(out.contains("product=[4.0, 5.0, 10.0, 11.0]"), out);
        // the scalar activations in that JVM give the vector path's bits here
        assertTrue(out.contains("activations=" + FallbackProbe.activationDigest()), out);
    }
}
