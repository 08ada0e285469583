package dev.rnn.cli;

import java.util.Locale;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The defaults of options whose defaults come from a record (the fields' initial values): an enum
 * is shown in lower case, as the command line takes it; anything else keeps its initial value.
 */
final class InitialValues implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
        return arg.initialValue() instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : null;
    }
}
