package memlab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The jar's Main-Class, compiled for Java 8 so that any java can run it far enough to say what
 * is wrong: memlab needs Java 25 (FFM is final since 22; memlab is built and tested on 25). On an
 * older java it prints one line naming a JDK 25+ found on this machine, and exits 2.
 */
public final class Launcher {

    static final int REQUIRED = 25;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int running = feature(System.getProperty("java.specification.version"));
        if (running < REQUIRED) {
            String jar = jarPath();
            String found = findJdk();
            System.err.println("memlab: needs Java " + REQUIRED + " or newer, but this is Java " + running + " ("
                    + System.getProperty("java.home") + "); "
                    + (found != null ? "run it with " + found + File.separator + "bin" + File.separator + "java -jar " + jar
                                     : "install a JDK " + REQUIRED + "+ and run it with that JDK's java -jar " + jar));
            System.exit(2);
        }
        try {
            Class.forName("memlab.cli.Memlab").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static int feature(String specification) {
        String s = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }

    private static String jarPath() {
        try {
            return new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (Exception e) {
            return "memlab.jar";
        }
    }

    /** A JDK REQUIRED+ in JAVA_HOME or the usual install folders, by its release file. */
    private static String findJdk() {
        List<File> candidates = new ArrayList<File>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null) {
            candidates.add(new File(javaHome));
        }
        String[] roots = {"/usr/lib/jvm", "/usr/java", "/opt/java", "/Library/Java/JavaVirtualMachines",
                "C:\\Program Files\\Java", "C:\\Program Files\\Eclipse Adoptium", "C:\\Program Files\\Microsoft"};
        for (String root : roots) {
            File[] children = new File(root).listFiles();
            if (children != null) {
                for (File child : children) {
                    candidates.add(child);
                    candidates.add(new File(child, "Contents/Home"));
                }
            }
        }
        for (File home : candidates) {
            File release = new File(home, "release");
            if (release.isFile() && new File(home, "bin").isDirectory()) {
                try {
                    for (String line : Files.readAllLines(release.toPath(), StandardCharsets.UTF_8)) {
                        if (line.startsWith("JAVA_VERSION=")
                                && feature(line.substring("JAVA_VERSION=".length()).replace("\"", "")) >= REQUIRED) {
                            return home.getPath();
                        }
                    }
                } catch (IOException ignored) {
                    // unreadable: not a candidate
                }
            }
        }
        return null;
    }
}
