package memlab.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import memlab.lab.Lab;
import memlab.leakcheck.LeakCheck;

/**
 * The packages of memlab's main classes, as the JDK's jdeps reads them from memlab-core and this
 * module, form layers with no cycle. Bottom up, in memlab-core: util; nativelib; measure; leakcheck
 * — the core a leak check needs, which knows nothing of labs — then, here: lab (the model every lab
 * shares), isolate (child JVMs), each lab's own package, and report and cli on top. memlab.junit
 * (the JUnit glue) is a module of its own that depends on memlab-core alone, so Maven keeps it out
 * of both: neither can see its classes.
 */
class PackageDependenciesTest {

    /** What each package may use, beyond the JDK and libraries; a lab package is memlab.labs.<id>. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("memlab.util", Set.of()),
            Map.entry("memlab.nativelib", Set.of("memlab.util")),
            Map.entry("memlab.measure", Set.of("memlab.nativelib", "memlab.util")),
            Map.entry("memlab.leakcheck", Set.of("memlab.measure", "memlab.nativelib", "memlab.util")),
            // the machine's memory policy (MemoryPolicy) is what a lab's result and budget are read against
            Map.entry("memlab.lab", Set.of("memlab.measure", "memlab.nativelib", "memlab.util")),
            Map.entry("memlab.isolate", Set.of("memlab.lab", "memlab.measure", "memlab.nativelib", "memlab.util")),
            Map.entry("memlab.labs.*", Set.of("memlab.lab", "memlab.measure", "memlab.nativelib", "memlab.util",
                    "memlab.leakcheck")),
            Map.entry("memlab.report", Set.of("memlab.lab", "memlab.util")),
            Map.entry("memlab.cli", Set.of("memlab.lab", "memlab.isolate", "memlab.measure", "memlab.nativelib",
                    "memlab.report", "memlab.util")),
            Map.entry("memlab", Set.of()));

    private static final Pattern EDGE = Pattern.compile("^\\s+(memlab(?:\\.[\\w.]+)?)\\s+->\\s+(memlab(?:\\.[\\w.]+)?)\\s");

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void readTheClasses() throws URISyntaxException {
        Path core = Path.of(LeakCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classes = Path.of(Lab.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "--ignore-missing-deps", core.toString(), classes.toString());
        assertEquals(0, exit, "jdeps failed: " + err);
        graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find()) {
                graph.computeIfAbsent(edge.group(1), k -> new TreeSet<>());
                if (!edge.group(1).equals(edge.group(2))) {
                    graph.get(edge.group(1)).add(edge.group(2));
                }
            }
        }
        assertTrue(graph.containsKey("memlab.lab") && graph.containsKey("memlab.labs.leak")
                        && graph.containsKey("memlab.leakcheck"),
                "jdeps saw memlab's packages: " + graph.keySet());
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        List<List<String>> cycles = stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList();
        assertEquals(List.of(), cycles, "package cycles");
    }

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() {
        List<String> wrong = new ArrayList<>();
        graph.forEach((from, targets) -> {
            Set<String> allowed = ALLOWED.get(from.startsWith("memlab.labs.") ? "memlab.labs.*" : from);
            if (allowed == null) {
                wrong.add(from + " is a package this test does not know: give it a layer in ALLOWED");
                return;
            }
            for (String to : targets) {
                if (!allowed.contains(to)) {
                    wrong.add(from + " -> " + to);
                }
            }
        });
        assertEquals(List.of(), wrong, "dependencies against the layering (a lab never uses another lab"
                + " or the harness)");
    }

    /** Tarjan's strongly connected components: each one with more than one package is a cycle. */
    private static List<List<String>> stronglyConnected(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String node : edges.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, edges, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String node, Map<String, Set<String>> edges, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<List<String>> components, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, edges, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component.stream().sorted().toList());
        }
    }
}
