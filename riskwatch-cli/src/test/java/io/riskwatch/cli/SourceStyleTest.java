package io.riskwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the formatter does not enforce (STYLE.md, "one formatter"): no line over its width (it leaves comments and
 * string literals long), and no fully qualified type names in code. A qualified name is allowed only where the
 * simple name is taken in that file: imported as another type, declared in the file, or a type of the file's own
 * package. Comments, strings and import lines do not count.
 */
class SourceStyleTest {
    private static final Path ROOT = Path.of("..");
    /** palantir-java-format's width (the root pom's Spotless configuration). */
    private static final int WIDTH = 120;

    private static final List<String> MODULES = List.of("alert-sink", "alert-console", "flink-jobs", "riskwatch-cli");
    private static final Pattern QUALIFIED =
            Pattern.compile("(?<![\\w.])((?:java|javax|org|com|io|net|jdk|sun)\\.(?:[a-z_][a-z0-9_]*\\.)*)([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?!static)([\\w.]+)\\.(\\w+);");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");

    @Test
    void codeUsesSimpleNamesUnlessTheNameIsTaken() {
        List<Path> files = javaFiles();
        assertThat(files).hasSizeGreaterThan(200);
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            found.addAll(qualifiedNames(file));
        }
        assertThat(found).as("qualified names in code (import them)").isEmpty();
    }

    @Test
    void linesFitTheFormattersWidth() throws IOException {
        List<String> longLines = new ArrayList<>();
        for (Path file : javaFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).codePointCount(0, lines.get(i).length()) > WIDTH) {
                    longLines.add(file + ":" + (i + 1));
                }
            }
        }
        assertThat(longLines).as("lines over " + WIDTH + " characters").isEmpty();
    }

    @Test
    void theCheckFindsAQualifiedNameAndAllowsAClash(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Sample.java");
        Files.writeString(file, """
                package io.sample;

                import java.util.List;

                /** java.util.Map in a comment is fine. */
                class Sample {
                    String text = "java.util.Set in a string is fine";
                    java.util.ArrayList<String> plain = new java.util.ArrayList<>();
                    java.awt.List clash;
                }
                """);
        assertThat(qualifiedNames(file))
                .hasSize(2)
                .allSatisfy(hit -> assertThat(hit).endsWith("java.util.ArrayList"));
    }

    private static List<Path> javaFiles() {
        List<Path> files = new ArrayList<>();
        for (String module : MODULES) {
            for (String tree : List.of("src/main/java", "src/test/java")) {
                Path dir = ROOT.resolve(module).resolve(tree);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    /** "file:line: name" for each qualified type name in the file's code whose simple name is free. */
    static List<String> qualifiedNames(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String code = codeOnly(source);
        Set<String> taken = new HashSet<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            taken.add(imports.group(2));
        }
        Matcher declared = DECLARED.matcher(code);
        while (declared.find()) {
            taken.add(declared.group(1));
        }
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            siblings.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java"))
                    .forEach(n -> taken.add(n.substring(0, n.length() - 5)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher pkg = PACKAGE.matcher(source);
        String ownPackage = pkg.find() ? pkg.group(1) + "." : "";
        List<String> hits = new ArrayList<>();
        Matcher m = QUALIFIED.matcher(code);
        while (m.find()) {
            int lineStart = code.lastIndexOf('\n', m.start()) + 1;
            String line = code.substring(lineStart).stripLeading();
            if (line.startsWith("package ") || line.startsWith("import ")) {
                continue;
            }
            String simple = m.group(2);
            String name = m.group(1) + simple;
            boolean clash = taken.contains(simple) && !m.group(1).equals(ownPackage) && !isImported(source, name);
            if (!clash) {
                int line1 = (int) code.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1;
                hits.add(file + ":" + line1 + ": " + name);
            }
        }
        return hits;
    }

    private static boolean isImported(String source, String name) {
        return Pattern.compile("(?m)^import\\s+" + Pattern.quote(name) + ";")
                .matcher(source)
                .find();
    }

    /** The source with comments, string and char literals and text blocks blanked (line breaks kept). */
    static String codeOnly(String src) {
        char[] out = src.toCharArray();
        int i = 0;
        int n = src.length();
        while (i < n) {
            int end;
            if (src.startsWith("//", i)) {
                end = src.indexOf('\n', i);
                end = end < 0 ? n : end;
                blank(out, i, end);
            } else if (src.startsWith("/*", i)) {
                end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(out, i, end);
            } else if (src.startsWith("\"\"\"", i)) {
                end = src.indexOf("\"\"\"", i + 3);
                while (end > 0 && src.charAt(end - 1) == '\\') {
                    end = src.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? n : end + 3;
                blank(out, i + 1, end - 1);
            } else if (src.charAt(i) == '"' || src.charAt(i) == '\'') {
                char quote = src.charAt(i);
                end = i + 1;
                while (end < n && src.charAt(end) != quote) {
                    end += src.charAt(end) == '\\' ? 2 : 1;
                }
                blank(out, i + 1, Math.min(end, n));
                end = end + 1;
            } else {
                end = i + 1;
            }
            i = end;
        }
        return new String(out);
    }

    private static void blank(char[] out, int from, int to) {
        for (int k = from; k < to; k++) {
            if (out[k] != '\n') {
                out[k] = ' ';
            }
        }
    }
}
