package memlab.report;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import memlab.util.Sizes;

/** What a run ran on, read from this JVM when the report is written: figures depend on all of it. */
record RunEnvironment(Map<String, String> facts) {

    static RunEnvironment current(String command) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Command", command);
        String version = RunEnvironment.class.getPackage().getImplementationVersion();
        facts.put("memlab", version != null ? version : "development build");
        facts.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vm.vendor") + ")");
        facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + System.getProperty("os.arch"));
        facts.put("CPUs", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("Parent JVM max heap", Sizes.format(Runtime.getRuntime().maxMemory()));
        facts.put("Written", ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        return new RunEnvironment(facts);
    }
}
