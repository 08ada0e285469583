package dev.rnn.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * A picocli mixin whose options are the fields of one configuration record, one to one: it
 * builds the record from what was parsed, and can be set from a saved record (for a resume).
 *
 * @param <R> the record
 */
abstract class OptionGroup<R> {
    @Spec
    CommandSpec group; // this mixin's own options

    /** The record of the current values; throws IllegalArgumentException when one is out of range. */
    abstract R toRecord();

    /** Sets every field from {@code r}. */
    abstract void set(R r);

    /** The options of this group, as the command line parsed them. */
    final List<OptionSpec> options() {
        return group.options();
    }
}
