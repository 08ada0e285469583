package dev.rnn.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a duration such as {@code 90s}, {@code 10m}, {@code 2h}, {@code 1h30m} or {@code 600} (seconds) into seconds. */
final class DurationConverter implements ITypeConverter<Long> {
    private static final Pattern PART = Pattern.compile("(\\d+)([hms]?)");

    @Override
    public Long convert(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.isEmpty()) {
            throw new TypeConversionException("empty duration; use e.g. 90s, 10m, 2h or 1h30m");
        }
        Matcher m = PART.matcher(v);
        long total = 0;
        int pos = 0;
        while (pos < v.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new TypeConversionException("'" + value + "' is not a duration; use e.g. 90s, 10m, 2h or 1h30m");
            }
            long n = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                default -> n;
            };
            pos = m.end();
        }
        return total;
    }
}
