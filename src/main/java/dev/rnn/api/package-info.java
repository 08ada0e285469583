/**
 * Use a trained model from Java: {@link dev.rnn.api.CharModel#load load} a checkpoint, then
 * {@link dev.rnn.api.CharModel#generate generate} text as a stream, or
 * {@link dev.rnn.api.CharModel#score score} a text character by character. This is the package
 * {@code rnn sample}, {@code rnn score} and {@code rnn serve} are built on; nothing else in
 * {@code dev.rnn} is a public API.
 *
 * <pre>{@code
 * CharModel model = CharModel.load(Path.of("runs/x/best.safetensors"));
 * Generation g = model.generate("ROMEO:", SamplingConfig.DEFAULT.withTemperature(0.8).withRandomSeed(1));
 * for (int i = 0; i < 300; i++) {
 *     System.out.print(g.next().text());
 * }
 * }</pre>
 *
 * <p>A loaded model serves many threads at once: each {@link dev.rnn.api.Generation} and each
 * scoring call has its own state. A {@code Generation} itself belongs to one thread.
 */
package dev.rnn.api;
