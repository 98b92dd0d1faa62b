import java.nio.file.*;
import java.util.*;
import java.util.zip.Deflater;

/**
 * NMT baseline/summary.diff around 1000 kept Deflaters, both in-process (DiagnosticCommand MBean)
 * and, with "external", handshaking through files so jcmd can take baseline and diff from outside.
 */
public class NmtDiffDemo {
    public static void main(String[] a) throws Exception {
        boolean external = a.length > 0 && a[0].equals("external");
        Path dir = Path.of("/tmp/lab14-spike");
        List<Deflater> kept = new ArrayList<>();
        new Deflater().end();
        if (external) {
            System.out.println("pid " + ProcessHandle.current().pid());
            while (!Files.exists(dir.resolve("go"))) Thread.sleep(50);
        } else {
            System.out.println(Probe.nmt("baseline"));
        }
        for (int i = 0; i < 1000; i++) kept.add(new Deflater());
        if (external) {
            Files.writeString(dir.resolve("done"), "");
            while (!Files.exists(dir.resolve("quit"))) Thread.sleep(50);
        } else {
            String diff = Probe.nmt("summary.diff", "scale=KB");
            // keep only the header and categories that moved
            for (String block : diff.split("\n\n")) if (block.contains("Total") || block.matches("(?s).*[+-]\\d+KB.*")) System.out.println(block.strip());
        }
        System.out.println("kept " + kept.size());
    }
}
