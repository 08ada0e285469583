package dev.rnn.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
class MatMulsTest {

    @Test
    void withTheModuleTheVectorKernelsAreChosen() {
        assertTrue(MatMuls.vectorAvailable(), "the tests run with --add-modules jdk.incubator.vector");
        MatMul one = MatMuls.best(1);
        assertInstanceOf(VectorMatMul.class, one);
        MatMul two = MatMuls.best(2);
        assertEquals(2, ((VectorMatMul) two).threads());
        ((VectorMatMul) two).close();
        assertThrows(IllegalArgumentException.class, () -> MatMuls.best(0));
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
        assertTrue(out.contains("best=plain x2"), out);
        assertTrue(out.contains("product=[4.0, 5.0, 10.0, 11.0]"), out);
        // the scalar activations in that JVM give the vector path's bits here
        assertTrue(out.contains("activations=" + FallbackProbe.activationDigest()), out);
    }
}
