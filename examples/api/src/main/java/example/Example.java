package example;

import dev.rnn.api.CharModel;
import dev.rnn.api.CharScore;
import dev.rnn.api.Generation;
import dev.rnn.api.SamplingConfig;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

public class Example {
    public static void main(String[] args) throws Exception {
        CharModel model = CharModel.load(Path.of(args[0]));
        System.out.println("model: " + model.describe());

        // generate: an endless stream of characters; stop when you have enough
        SamplingConfig config = SamplingConfig.DEFAULT.withTemperature(0.8).withTopP(0.95).withRandomSeed(1);
        Generation g = model.generate("ROMEO:", config);
        StringBuilder text = new StringBuilder("ROMEO:");
        for (int i = 0; i < 200; i++) {
            text.append(g.next().text());
        }
        System.out.println(text);

        // score: each character's log-probability given the ones before, with the top guesses
        List<CharScore> scores = model.score(text.toString(), 3, false);
        CharScore worst = scores.stream().max(Comparator.comparingDouble(CharScore::surprisalBits)).orElseThrow();
        System.out.printf("most surprising: '%s' at %d, %.1f bits; the model expected '%s'%n",
                worst.text(), worst.position(), worst.surprisalBits(), worst.top().get(0).text());
    }
}
