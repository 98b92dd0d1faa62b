package memlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A lab is registered whole or not at all. Everything a new lab adds is found on disk here, never
 * listed by hand: its class, its package, its test, its binding pair's test, its C files, its line
 * in the services file, its row in the README's lab index and its page under docs/labs/. The guide
 * ADDING_A_LAB.md lists the same files.
 */
class LabRegistryTest {

    private static final Path ROOT = Path.of("").toAbsolutePath(); // the pom runs tests in the checkout's root

    @Test
    void everyLabClassIsRegisteredOnceInIndexOrder() throws IOException, URISyntaxException {
        List<String> classes = labClassesOnDisk();
        List<String> registered = LabRegistry.all().stream().map(l -> l.getClass().getName()).toList();
        assertEquals(classes, registered, "META-INF/services/memlab.lab.Lab must list every lab, in number order");
        List<Integer> numbers = LabRegistry.all().stream().map(l -> l.info().number()).toList();
        assertEquals(numbers.stream().distinct().toList(), numbers, "numbers are never reused");
        for (Lab lab : LabRegistry.all()) {
            LabInfo info = lab.info();
            assertTrue(lab.getClass().getSimpleName().startsWith(String.format("Lab%02d_", info.number())), info.id());
            assertEquals(info.packageName(), lab.getClass().getPackageName(), "lab " + info.id() + "'s package");
            assertSame(lab, LabRegistry.find(info.id()));
            assertSame(lab, LabRegistry.find(String.format("%02d", info.number())));
        }
    }

    @Test
    void everyLabHasItsTestAndEveryBindingPairItsAgreementTest() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Lab lab : LabRegistry.all()) {
            String labClass = lab.getClass().getName();
            if (!testClassExists(labClass + "Test")) {
                missing.add(labClass + "Test");
            }
            Path dir = ROOT.resolve("java/app/src/main/java").resolve(lab.info().packageName().replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (String binding : files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith("Native.java")).map(n -> n.replace(".java", "")).toList()) {
                    String stem = binding.substring(0, binding.length() - "Native".length());
                    for (String part : List.of(stem + "Ffm.java", stem + "Jnr.java")) {
                        if (!Files.isRegularFile(dir.resolve(part))) {
                            missing.add(dir.resolve(part) + " (" + binding + " needs both bindings)");
                        }
                    }
                    if (!testClassExists(lab.info().packageName() + "." + binding + "Test")) {
                        missing.add(lab.info().packageName() + "." + binding + "Test (FFM and JNR must agree)");
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "half-registered labs: see ADDING_A_LAB.md");
    }

    @Test
    void everyLabsCodeInCHasItsHeaderAndItsTestAndNoOrphans() throws IOException {
        List<String> cFiles;
        try (Stream<Path> files = Files.list(ROOT.resolve("native/src"))) {
            cFiles = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("lab\\d\\d_.*\\.c")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        for (String file : cFiles) {
            String stem = file.replace(".c", "");
            int number = Integer.parseInt(stem.substring(3, 5));
            Lab lab = LabRegistry.all().stream().filter(l -> l.info().number() == number).findFirst().orElse(null);
            if (lab == null) {
                problems.add(file + " belongs to no registered lab");
                continue;
            }
            String expected = String.format("lab%02d_%s", number, lab.info().id().replace('-', '_'));
            if (!stem.equals(expected)) {
                problems.add(file + " should be named " + expected + ".c");
            }
            for (Path needed : List.of(ROOT.resolve("native/include/" + stem + ".h"),
                    ROOT.resolve("native/test/test_" + stem + ".c"))) {
                if (!Files.isRegularFile(needed)) {
                    problems.add(file + " needs " + ROOT.relativize(needed));
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * README.md's lab index lists exactly the registered labs, in number order, each in a row
     * {@code | NN | id | question | [NN-id.md](docs/labs/NN-id.md) |} whose page exists; docs/labs/
     * holds no page of a lab that is not registered.
     */
    @Test
    void theReadmeIndexesEveryLabAndLinksItsPage() throws IOException {
        Pattern indexRow = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*([^|\\s]+)\\s*\\|.*");
        List<String> rows = Files.readAllLines(ROOT.resolve("README.md")).stream()
                .filter(l -> indexRow.matcher(l).matches()).toList();
        Map<String, String> rowByLab = new LinkedHashMap<>(); // "NN id" -> its row, in README's order
        for (String row : rows) {
            Matcher m = indexRow.matcher(row);
            m.matches();
            rowByLab.put(m.group(1) + " " + m.group(2), row);
        }
        Map<String, String> pageByLab = new LinkedHashMap<>(); // "NN id" -> "NN-id.md", registered labs only
        for (Lab lab : LabRegistry.all()) {
            String number = String.format("%02d", lab.info().number());
            pageByLab.put(number + " " + lab.info().id(), number + "-" + lab.info().id() + ".md");
        }
        List<String> problems = new ArrayList<>();
        pageByLab.forEach((lab, page) -> {
            String row = rowByLab.get(lab);
            String link = "](docs/labs/" + page + ")";
            if (row == null) {
                problems.add("README.md's lab index has no row for lab " + lab + "; add `| "
                        + lab.replace(" ", " | ") + " | <its question> | [" + page + "](docs/labs/" + page + ") |`");
            } else if (!row.contains(link)) {
                problems.add("README.md's row for lab " + lab + " does not link its page: it needs `[" + page + "]"
                        + link.substring(1) + "`, got: " + row);
            }
            if (!Files.isRegularFile(ROOT.resolve("docs/labs").resolve(page))) {
                problems.add("lab " + lab + " has no page: docs/labs/" + page + " is missing");
            }
        });
        List<String> strays = rowByLab.keySet().stream().filter(lab -> !pageByLab.containsKey(lab)).toList();
        for (String lab : strays) {
            problems.add("README.md's lab index has a row for lab " + lab + ", which is not registered");
        }
        if (!strays.isEmpty()) {
            problems.add("(the registered labs are " + String.join(", ", pageByLab.keySet()) + ")");
        }
        List<String> indexed = rowByLab.keySet().stream().filter(pageByLab::containsKey).toList();
        List<String> registered = pageByLab.keySet().stream().filter(rowByLab::containsKey).toList();
        if (!indexed.equals(registered)) {
            problems.add("README.md's lab index is not in lab number order: " + indexed);
        }
        if (Files.isDirectory(ROOT.resolve("docs/labs"))) {
            try (Stream<Path> pages = Files.list(ROOT.resolve("docs/labs"))) {
                pages.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+-.*\\.md"))
                        .filter(n -> !pageByLab.containsValue(n)).sorted()
                        .forEach(n -> problems.add("docs/labs/" + n + " is the page of no registered lab"));
            }
        }
        assertEquals(List.of(), problems,
                "README.md's lab index and docs/labs/ must follow the registry: see ADDING_A_LAB.md");
    }

    /** The LabNN_Name classes compiled under memlab/labs, found on disk, by name, in number order. */
    private static List<String> labClassesOnDisk() throws IOException, URISyntaxException {
        Path mainClasses = Path.of(Lab.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(mainClasses.resolve("memlab/labs"))) {
            return files.filter(f -> f.getFileName().toString().matches("Lab\\d\\d_[A-Za-z]+\\.class"))
                    .map(f -> mainClasses.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
                            .replace(".class", ""))
                    .sorted((a, b) -> a.substring(a.lastIndexOf('.')).toLowerCase(Locale.ROOT)
                            .compareTo(b.substring(b.lastIndexOf('.')).toLowerCase(Locale.ROOT)))
                    .toList();
        }
    }

    @Test
    void everyChartHasAUniqueNameAndATitleThatFitsItsPicture() {
        for (Lab lab : LabRegistry.all()) {
            List<String> names = new ArrayList<>();
            for (LabResult.Chart chart : lab.charts()) {
                assertTrue(chart.name().matches("[a-z]+(-[a-z]+)*"), lab.info().id() + ": chart file name " + chart.name());
                assertTrue(!names.contains(chart.name()), lab.info().id() + ": two charts named " + chart.name());
                names.add(chart.name());
                // 80 characters of 15-point bold fill a 900-pixel chart; longer ones are cut off
                assertTrue(chart.title().length() <= 80, lab.info().id() + ": chart title longer than 80: " + chart.title());
            }
        }
    }

    private static boolean testClassExists(String name) {
        try {
            Class.forName(name, false, LabRegistryTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
