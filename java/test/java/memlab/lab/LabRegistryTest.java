package memlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class LabRegistryTest {

    @Test
    void everyLabClassIsRegisteredOnceInIndexOrder() throws IOException, URISyntaxException {
        // the LabNN_Name classes compiled into memlab.labs, found on disk, not listed by hand
        Path mainClasses = Path.of(Lab.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path labs = mainClasses.resolve("memlab/labs");
        List<String> classes;
        try (Stream<Path> files = Files.list(labs)) {
            classes = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("Lab\\d\\d_[A-Za-z]+\\.class")).map(n -> n.replace(".class", "")).sorted()
                    .toList();
        }
        List<String> registered = LabRegistry.all().stream().map(l -> l.getClass().getSimpleName()).toList();
        assertEquals(classes, registered, "META-INF/services/memlab.lab.Lab must list every lab, in number order");
        List<Integer> numbers = LabRegistry.all().stream().map(Lab::number).toList();
        assertEquals(numbers.stream().distinct().toList(), numbers, "numbers are never reused");
        for (Lab lab : LabRegistry.all()) {
            assertTrue(lab.getClass().getSimpleName().startsWith(String.format("Lab%02d_", lab.number())), lab.id());
            assertSame(lab, LabRegistry.find(lab.id()));
            assertSame(lab, LabRegistry.find(String.format("%02d", lab.number())));
        }
    }
}
