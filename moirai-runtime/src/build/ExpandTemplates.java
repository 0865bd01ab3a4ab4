/*
 * Expands the per-type templates of moirai-runtime into Java sources.
 *
 * Run by the build (generate-sources and generate-test-sources) as a single-file program:
 *
 *     java src/build/ExpandTemplates.java <template root> <output root>
 *
 * Every "*.java.template" file under the template root becomes Java source under the output root,
 * at the same relative path. The language is line-oriented, so a template reads as the Java it
 * produces; directives are line comments that start with "//#":
 *
 *   //#each int long float double -> $Type$Iter.java
 *       Only in a template's first lines: the template yields one file per listed type, named by
 *       the pattern. Without it the template yields one file named as the template less
 *       ".template".
 *   //#for float double int long
 *   //#end
 *       Repeats the lines between them once per listed type (blocks do not nest).
 *   //#if float double
 *   //#elif int
 *   //#else
 *   //#end
 *       Keeps the lines of the first branch that lists the current type (nestable).
 *   //#define zero int=0 | long=0L | float=0f | double=0d
 *       Declares $zero$ for the types it lists.
 *
 * In a line outside directives, $type$ (int), $Type$ (Int), $TYPE$ (INT), $Boxed$ (Integer) and the
 * defined names are replaced by their value for the current type. A $name$ that has no value for
 * the current type fails the expansion with the template's file and line, as does any directive
 * that does not parse, so a typo never reaches the compiler as a puzzling error.
 *
 * Files are rewritten only when their content changes, which keeps incremental compilation
 * incremental.
 */

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public final class ExpandTemplates {

    private static final String SUFFIX = ".template";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$([A-Za-z][A-Za-z0-9]*)\\$");
    private static final List<String> PRIMITIVES = List.of("byte", "short", "char", "int", "long", "float", "double");

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java ExpandTemplates.java <template root> <output root>");
            System.exit(2);
        }
        Path templates = Path.of(args[0]);
        Path output = Path.of(args[1]);
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(templates)) {
            sources = walk.filter(p -> p.toString().endsWith(".java" + SUFFIX)).sorted().toList();
        }
        int written = 0;
        for (Path source : sources) {
            Path relative = templates.relativize(source);
            Map<String, String> files;
            try {
                files = new Template(relative.toString().replace('\\', '/'),
                        Files.readAllLines(source, StandardCharsets.UTF_8)).expand();
            } catch (TemplateException e) {
                System.err.println(e.getMessage());
                System.exit(1);
                return;
            }
            Path directory = output.resolve(relative).getParent();
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : files.entrySet()) {
                written += writeIfChanged(directory.resolve(file.getKey()), file.getValue()) ? 1 : 0;
            }
        }
        System.out.println("Expanded " + sources.size() + " templates into " + output + " (" + written + " files changed)");
    }

    private static boolean writeIfChanged(Path file, String content) {
        try {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                return false;
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class TemplateException extends RuntimeException {
        TemplateException(String name, int line, String message) {
            super(name + ":" + line + ": " + message);
        }
    }

    /** One template: its lines, its defines and what it yields. */
    static final class Template {
        private final String name;
        private final List<String> lines;
        private final Map<String, Map<String, String>> defines = new HashMap<>();

        Template(String name, List<String> lines) {
            this.name = name;
            this.lines = lines;
        }

        Map<String, String> expand() {
            Map<String, String> files = new LinkedHashMap<>();
            String each = null;
            int eachLine = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("//#each ")) {
                    each = line.substring("//#each ".length());
                    eachLine = i;
                    break;
                }
            }
            String fileName = name.substring(name.lastIndexOf('/') + 1);
            fileName = fileName.substring(0, fileName.length() - SUFFIX.length());
            if (each == null) {
                files.put(fileName, render(null, -1));
                return files;
            }
            String[] parts = each.split("->");
            if (parts.length != 2) {
                throw new TemplateException(name, eachLine + 1, "expected //#each <types> -> <file pattern>");
            }
            for (String type : types(parts[0], eachLine)) {
                String output = substitute(parts[1].strip(), type, eachLine);
                files.put(output, render(type, eachLine));
            }
            return files;
        }

        private String render(String fileType, int skipLine) {
            defines.clear();
            StringBuilder out = new StringBuilder();
            out.append("// Generated from ").append(name).append(". Edit the template, not this file.\n");
            renderRange(0, lines.size(), fileType, skipLine, out);
            return out.toString();
        }

        private void renderRange(int from, int to, String type, int skipLine, StringBuilder out) {
            // Each frame: whether the enclosing lines are kept, whether a branch was already taken.
            List<boolean[]> conditions = new ArrayList<>();
            int i = from;
            while (i < to) {
                String raw = lines.get(i);
                String line = raw.strip();
                boolean keeping = conditions.stream().allMatch(c -> c[0]);
                if (i == skipLine) {
                    i++;
                } else if (line.startsWith("//#for ")) {
                    int end = findEnd(i, to);
                    if (keeping) {
                        for (String loopType : types(line.substring("//#for ".length()), i)) {
                            renderRange(i + 1, end, loopType, -1, out);
                        }
                    }
                    i = end + 1;
                } else if (line.startsWith("//#if ")) {
                    boolean taken = matches(line.substring("//#if ".length()), type, i);
                    conditions.add(new boolean[] {taken, taken});
                    i++;
                } else if (line.startsWith("//#elif ")) {
                    boolean[] top = top(conditions, i, "//#elif");
                    top[0] = !top[1] && matches(line.substring("//#elif ".length()), type, i);
                    top[1] |= top[0];
                    i++;
                } else if (line.equals("//#else")) {
                    boolean[] top = top(conditions, i, "//#else");
                    top[0] = !top[1];
                    top[1] = true;
                    i++;
                } else if (line.equals("//#end")) {
                    top(conditions, i, "//#end");
                    conditions.remove(conditions.size() - 1);
                    i++;
                } else if (line.startsWith("//#define ")) {
                    define(line.substring("//#define ".length()), i);
                    i++;
                } else if (line.startsWith("//#")) {
                    throw new TemplateException(name, i + 1, "unknown directive: " + line);
                } else {
                    if (keeping) {
                        out.append(substitute(raw, type, i)).append('\n');
                    }
                    i++;
                }
            }
            if (!conditions.isEmpty()) {
                throw new TemplateException(name, to, "//#if without //#end");
            }
        }

        private boolean[] top(List<boolean[]> conditions, int line, String directive) {
            if (conditions.isEmpty()) {
                throw new TemplateException(name, line + 1, directive + " without //#if");
            }
            return conditions.get(conditions.size() - 1);
        }

        /** The line of the //#end that closes the //#for at {@code start}, skipping nested //#if blocks. */
        private int findEnd(int start, int to) {
            int depth = 0;
            for (int i = start + 1; i < to; i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("//#for ")) {
                    throw new TemplateException(name, i + 1, "//#for blocks do not nest");
                } else if (line.startsWith("//#if ")) {
                    depth++;
                } else if (line.equals("//#end")) {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                }
            }
            throw new TemplateException(name, start + 1, "//#for without //#end");
        }

        private boolean matches(String list, String type, int line) {
            if (type == null) {
                throw new TemplateException(name, line + 1, "//#if outside a //#for or //#each");
            }
            return types(list, line).contains(type);
        }

        private List<String> types(String list, int line) {
            List<String> types = List.of(list.strip().split("\\s+"));
            for (String type : types) {
                if (!PRIMITIVES.contains(type)) {
                    throw new TemplateException(name, line + 1, "not a primitive type: '" + type + "'");
                }
            }
            return types;
        }

        private void define(String definition, int line) {
            int space = definition.indexOf(' ');
            if (space < 0) {
                throw new TemplateException(name, line + 1, "expected //#define <name> <type>=<value> | ...");
            }
            Map<String, String> values = new HashMap<>();
            for (String entry : definition.substring(space + 1).split("\\|")) {
                int equals = entry.indexOf('=');
                if (equals < 0) {
                    throw new TemplateException(name, line + 1, "expected <type>=<value>, got '" + entry.strip() + "'");
                }
                String type = entry.substring(0, equals).strip();
                types(type, line);
                values.put(type, entry.substring(equals + 1).strip());
            }
            defines.put(definition.substring(0, space), values);
        }

        private String substitute(String text, String type, int line) {
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), type, line)));
            }
            m.appendTail(out);
            return out.toString();
        }

        private String value(String key, String type, int line) {
            if (type == null) {
                throw new TemplateException(name, line + 1, "$" + key + "$ outside a //#for or //#each");
            }
            String capitalized = Character.toUpperCase(type.charAt(0)) + type.substring(1);
            return switch (key) {
                case "type" -> type;
                case "Type" -> capitalized;
                case "TYPE" -> type.toUpperCase();
                case "Boxed" -> switch (type) {
                    case "int" -> "Integer";
                    case "char" -> "Character";
                    default -> capitalized;
                };
                default -> {
                    Map<String, String> values = defines.get(key);
                    if (values == null || !values.containsKey(type)) {
                        throw new TemplateException(name, line + 1, "$" + key + "$ has no value for " + type);
                    }
                    yield values.get(type);
                }
            };
        }
    }
}
